// Retry policies: the delays of the backoff-and-jitter study, exactly.
#include "sim/model/support/retry_policy.hpp"

#include <catch2/catch.hpp>

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

RetryPolicy policy(RetryPolicy::Backoff backoff, RetryPolicy::Jitter jitter) {
  RetryPolicy p;
  p.backoff = backoff;
  p.jitter = jitter;
  p.base = milliseconds(100);
  p.cap = seconds(1);
  p.max_attempts = 8;
  return p;
}

Duration seconds_of(double s) {
  return from_seconds(s);
}

}  // namespace

TEST_CASE("capped exponential backoff doubles from base up to the cap and draws nothing") {
  const RetryPolicy p = policy(RetryPolicy::Backoff::exponential, RetryPolicy::Jitter::none);
  RandomStream rng(1, "test");
  const RandomStream before = rng;
  std::vector<Duration> delays;
  for (std::uint32_t retry = 0; retry < 6; ++retry) {
    delays.push_back(p.delay(retry, Duration::zero(), rng));
  }
  CHECK(delays == std::vector<Duration>{milliseconds(100), milliseconds(200), milliseconds(400),
                                        milliseconds(800), seconds(1), seconds(1)});
  RandomStream untouched = before;
  CHECK(rng.next() == untouched.next());
}

TEST_CASE("a fixed backoff waits base every time, and no backoff waits nothing") {
  RandomStream rng(1, "test");
  const RetryPolicy fixed = policy(RetryPolicy::Backoff::fixed, RetryPolicy::Jitter::none);
  CHECK(fixed.delay(0, Duration::zero(), rng) == milliseconds(100));
  CHECK(fixed.delay(5, milliseconds(100), rng) == milliseconds(100));
  const RetryPolicy none = policy(RetryPolicy::Backoff::none, RetryPolicy::Jitter::none);
  CHECK(none.delay(3, Duration::zero(), rng) == Duration::zero());
}

TEST_CASE("full jitter waits uniform(0, min(cap, base 2^retry)), one draw per delay") {
  const RetryPolicy p = policy(RetryPolicy::Backoff::exponential, RetryPolicy::Jitter::full);
  RandomStream rng(42, "consumer:c/retry");
  RandomStream reference(42, "consumer:c/retry");
  const double ceilings[] = {0.1, 0.2, 0.4, 0.8, 1.0, 1.0};
  for (std::uint32_t retry = 0; retry < 6; ++retry) {
    const Duration d = p.delay(retry, Duration::zero(), rng);
    CHECK(d == seconds_of(ceilings[retry] * reference.uniform()));
    CHECK(d <= seconds_of(ceilings[retry]));
  }
}

TEST_CASE("equal jitter waits half the ceiling plus uniform(0, half)") {
  const RetryPolicy p = policy(RetryPolicy::Backoff::exponential, RetryPolicy::Jitter::equal);
  RandomStream rng(7, "x");
  RandomStream reference(7, "x");
  for (std::uint32_t retry = 0; retry < 6; ++retry) {
    const Duration t = std::min(milliseconds(100) * (std::int64_t{1} << retry), seconds(1));
    const Duration d = p.delay(retry, Duration::zero(), rng);
    CHECK(d == t / 2 + seconds_of((t / 2).seconds() * reference.uniform()));
    CHECK(d >= t / 2);
    CHECK(d <= t);
  }
}

TEST_CASE("decorrelated jitter waits min(cap, uniform(base, 3 x previous)) from base") {
  const RetryPolicy p =
      policy(RetryPolicy::Backoff::exponential, RetryPolicy::Jitter::decorrelated);
  RandomStream rng(9, "y");
  RandomStream reference(9, "y");
  Duration previous = Duration::zero();
  Duration expected_previous = milliseconds(100);
  for (std::uint32_t retry = 0; retry < 8; ++retry) {
    const Duration d = p.delay(retry, previous, rng);
    const Duration high = expected_previous * 3;
    const Duration expected = std::min(
        seconds(1),
        milliseconds(100) + seconds_of((high - milliseconds(100)).seconds() * reference.uniform()));
    CHECK(d == expected);
    CHECK(d >= milliseconds(100));
    CHECK(d <= seconds(1));
    previous = d;
    expected_previous = d;
  }
}

TEST_CASE("the SDK's standard retry makes 3 attempts with full jitter from 1 s up to 20 s") {
  const RetryPolicy p = RetryPolicy::sdk_standard();
  CHECK(p.max_attempts == 3);
  CHECK(p.jitter == RetryPolicy::Jitter::full);
  CHECK(p.base == seconds(1));
  CHECK(p.cap == seconds(20));
}
