#include "sim/core/event_set.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <queue>
#include <utility>
#include <vector>

#include "sim/core/random.hpp"

using namespace edasim;
using namespace edasim::core;

namespace {

struct Later {
  bool operator()(const Event& a, const Event& b) const {
    return a.at != b.at ? a.at > b.at : a.seq > b.seq;
  }
};
using Reference = std::priority_queue<Event, std::vector<Event>, Later>;

void check_same(const Event& got, const Event& want) {
  REQUIRE(got.at == want.at);
  REQUIRE(got.seq == want.seq);
  REQUIRE(got.target == want.target);
  REQUIRE(got.kind == want.kind);
  REQUIRE(got.data == want.data);
}

// An increment that is often 0 (ties), often small, sometimes very large,
// so every byte of the time gets exercised.
std::int64_t increment(RandomStream& rng) {
  switch (rng.below(5)) {
    case 0:
      return 0;
    case 1:
      return static_cast<std::int64_t>(rng.below(4));
    case 2:
      return static_cast<std::int64_t>(rng.below(1000));
    case 3:
      return static_cast<std::int64_t>(rng.below(std::uint64_t{1} << 32));
    default:
      return static_cast<std::int64_t>(rng.below(std::uint64_t{1} << 50));
  }
}

}  // namespace

TEST_CASE("events come out in (time, seq) order, as from a reference heap") {
  EventSet set;
  Reference ref;
  RandomStream rng(17, "event_set");
  std::uint64_t seq = 0;
  Time clock = Time{-5'000'000'000};  // negative times order like the rest
  for (int round = 0; round < 200000; ++round) {
    // Pushes outnumber pops early and pops win later, so the size sweeps.
    const bool grow = round < 100000 ? rng.below(3) != 0 : rng.below(3) == 0;
    // Looking at the front must never get in the way of later pushes.
    if (!ref.empty() && rng.below(2) == 0) REQUIRE(set.top_time() == ref.top().at);
    if (grow || ref.empty()) {
      const Event e{clock + Duration{increment(rng)}, seq, static_cast<std::uint32_t>(rng.below(7)),
                    static_cast<std::uint32_t>(rng.below(3)), seq * 31};
      ++seq;
      set.push(e);
      ref.push(e);
    } else {
      REQUIRE(set.top_time() == ref.top().at);
      const Event got = set.pop();
      check_same(got, ref.top());
      ref.pop();
      clock = got.at;
    }
    REQUIRE(set.size() == ref.size());
  }
  while (!ref.empty()) {
    check_same(set.pop(), ref.top());
    ref.pop();
  }
  CHECK(set.empty());
}

TEST_CASE("a burst at one instant comes out in push order") {
  EventSet set;
  for (std::uint64_t i = 0; i < 10000; ++i) set.push(Event{Time{1000}, i, 0, 0, i});
  // Pushed at the same instant while it is being drained.
  for (std::uint64_t i = 0; i < 10000; ++i) {
    const Event e = set.pop();
    REQUIRE(e.at == Time{1000});
    REQUIRE(e.data == i);
    if (i < 100) set.push(Event{Time{1000}, 10000 + i, 0, 0, 10000 + i});
  }
  for (std::uint64_t i = 0; i < 100; ++i) CHECK(set.pop().data == 10000 + i);
  CHECK(set.empty());
}

TEST_CASE("an event pushed at the current time runs before later ones") {
  EventSet set;
  set.push(Event{Time{10}, 0, 0, 0, 0});
  set.push(Event{Time{20}, 1, 0, 0, 1});
  CHECK(set.pop().data == 0U);
  set.push(Event{Time{10}, 2, 0, 0, 2});
  set.push(Event{Time{15}, 3, 0, 0, 3});
  CHECK(set.top_time() == Time{10});
  CHECK(set.pop().data == 2U);
  CHECK(set.pop().data == 3U);
  CHECK(set.pop().data == 1U);
}

TEST_CASE("looking at the next time still allows pushes before it") {
  EventSet set;
  set.push(Event{Time{10}, 0, 0, 0, 0});
  set.push(Event{Time{1'000'000}, 1, 0, 0, 1});
  CHECK(set.pop().data == 0U);
  CHECK(set.top_time() == Time{1'000'000});
  // After the last pop (10) and before the next time: legal, and first.
  set.push(Event{Time{500}, 2, 0, 0, 2});
  CHECK(set.top_time() == Time{500});
  set.push(Event{Time{400}, 3, 0, 0, 3});
  CHECK(set.top_time() == Time{400});
  CHECK(set.pop().data == 3U);
  CHECK(set.pop().data == 2U);
  CHECK(set.pop().data == 1U);
}

TEST_CASE("the extreme times, zero and never, keep their order") {
  EventSet set;
  set.push(Event{Time::never(), 0, 0, 0, 0});
  set.push(Event{Time::zero(), 1, 0, 0, 1});
  set.push(Event{Time{std::numeric_limits<std::int64_t>::max() - 1}, 2, 0, 0, 2});
  CHECK(set.pop().data == 1U);
  CHECK(set.pop().data == 2U);
  CHECK(set.pop().at == Time::never());
}

TEST_CASE("size and empty follow pushes and pops") {
  EventSet set;
  CHECK(set.empty());
  CHECK(set.size() == 0U);
  set.push(Event{Time{5}, 0, 0, 0, 0});
  set.push(Event{Time{3}, 1, 0, 0, 0});
  CHECK_FALSE(set.empty());
  CHECK(set.size() == 2U);
  CHECK(set.top_time() == Time{3});
  CHECK(set.size() == 2U);
  set.pop();
  set.pop();
  CHECK(set.empty());
}

TEST_CASE("memory stays near 32 bytes per event under a steady hold model") {
  EventSet set;
  RandomStream rng(3, "hold");
  auto gap = [&] { return Duration{static_cast<std::int64_t>(rng.below(2'000'000'000))}; };
  const std::size_t n = 50000;
  std::uint64_t seq = 0;
  for (std::size_t i = 0; i < n; ++i) set.push(Event{Time{} + gap(), seq++, 0, 0, 0});
  for (int i = 0; i < 300000; ++i) {
    Event e = set.pop();
    e.at += gap();
    e.seq = seq++;
    set.push(e);
  }
  CHECK(set.size() == n);
  // 31 events per 1008-byte chunk, plus partly filled chunks of the few
  // hundred buckets in use.
  CHECK(static_cast<double>(set.bytes_reserved()) / static_cast<double>(n) < 48.0);
}

TEST_CASE("a moved set keeps its events and order") {
  EventSet a;
  for (std::uint64_t i = 0; i < 100; ++i)
    a.push(Event{Time{static_cast<std::int64_t>(100 - i)}, i, 0, 0, i});
  EventSet b(std::move(a));
  CHECK(b.size() == 100U);
  EventSet c;
  c = std::move(b);
  for (std::uint64_t i = 0; i < 100; ++i) REQUIRE(c.pop().data == 99 - i);
  CHECK(c.empty());
}

TEST_CASE("reserve sets aside room without changing contents") {
  EventSet set;
  set.reserve(1000);
  CHECK(set.bytes_reserved() >= 1000 * sizeof(Event));
  CHECK(set.empty());
  set.push(Event{Time{1}, 0, 0, 0, 7});
  CHECK(set.pop().data == 7U);
}

namespace {

// Pushes until the set holds `target` events, or pops down to it, checking
// every pop against the reference.
void walk_to(EventSet& set, Reference& ref, RandomStream& rng, std::uint64_t& seq, Time& clock,
             std::size_t target) {
  while (ref.size() != target) {
    if (!ref.empty() && rng.below(4) == 0) REQUIRE(set.top_time() == ref.top().at);
    if (ref.size() < target) {
      const Event e{clock + Duration{increment(rng)}, seq, 0, 0, seq};
      ++seq;
      set.push(e);
      ref.push(e);
    } else {
      const Event got = set.pop();
      check_same(got, ref.top());
      ref.pop();
      clock = got.at;
    }
    REQUIRE(set.size() == ref.size());
  }
}

}  // namespace

TEST_CASE("order holds while the size crosses the small-set threshold again and again") {
  EventSet set;
  Reference ref;
  RandomStream rng(23, "event_set:threshold");
  std::uint64_t seq = 0;
  Time clock = Time{-1'000'000};
  // Sizes on both sides of the small set's bounds (at most 256 events, back
  // at 64 or fewer), and swings across both at once.
  for (int round = 0; round < 400; ++round) {
    const std::size_t target = round % 2 == 0 ? 200 + rng.below(400) : rng.below(120);
    walk_to(set, ref, rng, seq, clock, target);
  }
  // Holding near each bound, where a set without hysteresis would thrash.
  for (const std::size_t around : {std::size_t{64}, std::size_t{256}}) {
    for (int round = 0; round < 200; ++round)
      walk_to(set, ref, rng, seq, clock, around - 3 + rng.below(7));
  }
  walk_to(set, ref, rng, seq, clock, 0);
  CHECK(set.empty());
}

TEST_CASE("equal times come out in push order on both sides of the threshold") {
  EventSet set;
  std::uint64_t seq = 0;
  // 300 events at one instant and 300 at a later one, interleaved: the set
  // grows past the small set's bound while ties are pending.
  for (std::uint64_t i = 0; i < 300; ++i) {
    set.push(Event{Time{2000}, seq, 0, 0, 1000 + i});
    ++seq;
    set.push(Event{Time{1000}, seq, 0, 0, i});
    ++seq;
  }
  // Down to 40 (below the small set's lower bound), then more ties pushed
  // at the current instant while small, and the set grown once more.
  for (std::uint64_t i = 0; i < 300; ++i) REQUIRE(set.pop().data == i);
  for (std::uint64_t i = 0; i < 260; ++i) REQUIRE(set.pop().data == 1000 + i);
  REQUIRE(set.size() == 40U);
  for (std::uint64_t i = 0; i < 400; ++i) {
    set.push(Event{Time{2000}, seq, 0, 0, 2000 + i});
    ++seq;
  }
  for (std::uint64_t i = 260; i < 300; ++i) REQUIRE(set.pop().data == 1000 + i);
  for (std::uint64_t i = 0; i < 400; ++i) REQUIRE(set.pop().data == 2000 + i);
  CHECK(set.empty());
}

TEST_CASE("a push before the next time but after the last pop is first, small or not") {
  for (const std::size_t n : {std::size_t{5}, std::size_t{1000}}) {
    EventSet set;
    std::uint64_t seq = 0;
    set.push(Event{Time{10}, seq++, 0, 0, 0});
    for (std::size_t i = 0; i < n; ++i)
      set.push(Event{Time{1'000'000 + static_cast<std::int64_t>(i)}, seq++, 0, 0, 1});
    CHECK(set.pop().data == 0U);
    // Past the small set's bound when n is large: the set moves while the
    // front is far from the last popped time.
    for (int i = 0; i < 300; ++i) set.push(Event{Time{5'000'000}, seq++, 0, 0, 1});
    set.push(Event{Time{11}, seq++, 0, 0, 7});
    CHECK(set.top_time() == Time{11});
    CHECK(set.pop().data == 7U);
  }
}

TEST_CASE("a moved small set keeps its events and order") {
  EventSet a;
  for (std::uint64_t i = 0; i < 10; ++i)
    a.push(Event{Time{static_cast<std::int64_t>(10 - i)}, i, 0, 0, i});
  EventSet b;
  for (std::uint64_t i = 0; i < 1000; ++i) b.push(Event{Time{5}, i, 0, 0, 100 + i});
  b = std::move(a);
  CHECK(b.size() == 10U);
  for (std::uint64_t i = 0; i < 10; ++i) REQUIRE(b.pop().data == 9 - i);
  CHECK(b.empty());
}
