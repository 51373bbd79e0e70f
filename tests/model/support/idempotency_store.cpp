// The idempotency store: remembers events for its window, and no longer.
#include "sim/model/support/idempotency_store.hpp"

#include <catch2/catch.hpp>
#include <map>

#include "sim/core/random.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

TEST_CASE("the store knows an event inside its window and forgets it at the window's end") {
  IdempotencyStore store(seconds(30));
  store.record(7, Time::zero() + seconds(1));
  CHECK(store.contains(7, Time::zero() + seconds(31) - nanoseconds(1)));
  CHECK_FALSE(store.contains(8, Time::zero() + seconds(2)));
  CHECK_FALSE(store.contains(7, Time::zero() + seconds(31)));
  CHECK(store.size() == 0);
}

TEST_CASE("recording an event again restarts its window") {
  IdempotencyStore store(seconds(10));
  store.record(1, Time::zero());
  store.record(1, Time::zero() + seconds(8));
  CHECK(store.contains(1, Time::zero() + seconds(17)));
  CHECK_FALSE(store.contains(1, Time::zero() + seconds(18)));
}

TEST_CASE("the store agrees with a plain map over many events as it grows and expires") {
  IdempotencyStore store(seconds(5));
  std::map<std::uint64_t, Time> reference;
  RandomStream rng(1, "test");
  Time now = Time::zero();
  for (int i = 0; i < 20'000; ++i) {
    now += milliseconds(1);
    const std::uint64_t event = rng.below(3'000);
    const auto it = reference.find(event);
    const bool expected = it != reference.end() && now - it->second < seconds(5);
    REQUIRE(store.contains(event, now) == expected);
    if (rng.bernoulli(0.7)) {
      store.record(event, now);
      reference[event] = now;
    }
  }
}
