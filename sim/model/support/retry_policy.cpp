#include "sim/model/support/retry_policy.hpp"

#include <algorithm>

namespace edasim::model {

namespace {

Duration uniform_between(Duration low, Duration high, core::RandomStream& rng) {
  return low + from_seconds((high - low).seconds() * rng.uniform());
}

Duration capped_exponential(Duration base, Duration cap, std::uint32_t retry) {
  Duration d = base;
  for (std::uint32_t i = 0; i < retry && d < cap; ++i) d = d * 2;
  return std::min(d, cap);
}

}  // namespace

Duration RetryPolicy::delay(std::uint32_t retry, Duration previous, core::RandomStream& rng) const {
  if (backoff == Backoff::none) return Duration::zero();
  if (jitter == Jitter::decorrelated) {
    const Duration last = previous > Duration::zero() ? previous : base;
    return std::min(cap, uniform_between(base, std::max(base, last * 3), rng));
  }
  const Duration t =
      backoff == Backoff::fixed ? std::min(base, cap) : capped_exponential(base, cap, retry);
  switch (jitter) {
    case Jitter::none:
      return t;
    case Jitter::full:
      return uniform_between(Duration::zero(), t, rng);
    case Jitter::equal:
      return t / 2 + uniform_between(Duration::zero(), t / 2, rng);
    case Jitter::decorrelated:
      break;
  }
  return t;
}

RetryPolicy RetryPolicy::sdk_standard() {
  RetryPolicy p;
  p.backoff = Backoff::exponential;
  p.jitter = Jitter::full;
  p.base = seconds(1);
  p.cap = seconds(20);
  p.max_attempts = 3;
  return p;
}

const char* to_string(RetryPolicy::Backoff backoff) {
  switch (backoff) {
    case RetryPolicy::Backoff::none:
      return "none";
    case RetryPolicy::Backoff::fixed:
      return "fixed";
    case RetryPolicy::Backoff::exponential:
      return "exponential";
  }
  return "none";
}

const char* to_string(RetryPolicy::Jitter jitter) {
  switch (jitter) {
    case RetryPolicy::Jitter::none:
      return "none";
    case RetryPolicy::Jitter::full:
      return "full";
    case RetryPolicy::Jitter::equal:
      return "equal";
    case RetryPolicy::Jitter::decorrelated:
      return "decorrelated";
  }
  return "none";
}

}  // namespace edasim::model
