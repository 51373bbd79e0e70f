#include "sim/core/kernel.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <vector>

using namespace edasim;
using namespace edasim::core;

namespace {

struct Seen {
  Time now;
  ComponentId target;
  std::uint32_t kind;
  std::uint64_t data;
};

// Records every event it handles and runs an optional reaction.
class Recorder : public Component {
 public:
  Recorder(Kernel& kernel, std::vector<Seen>& log) : log_(log) { id = kernel.attach(*this); }
  void handle(Kernel& kernel, const Event& event) override {
    log_.push_back(Seen{kernel.now(), event.target, event.kind, event.data});
    if (react) react(kernel, event);
  }
  ComponentId id = 0;
  std::function<void(Kernel&, const Event&)> react;

 private:
  std::vector<Seen>& log_;
};

}  // namespace

TEST_CASE("attach numbers components from zero in order of attachment") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder a(kernel, log);
  Recorder b(kernel, log);
  CHECK(a.id == 0U);
  CHECK(b.id == 1U);
}

TEST_CASE("events run in time order whatever order they were scheduled in") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  kernel.schedule(Time{30}, r.id, 0, 3);
  kernel.schedule(Time{10}, r.id, 0, 1);
  kernel.schedule(Time{20}, r.id, 0, 2);
  kernel.run_until(Time{100});
  REQUIRE(log.size() == 3);
  CHECK(log[0].data == 1U);
  CHECK(log[1].data == 2U);
  CHECK(log[2].data == 3U);
  CHECK(log[0].now == Time{10});
  CHECK(log[2].now == Time{30});
}

TEST_CASE("events at the same time run in the order they were scheduled") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder a(kernel, log);
  Recorder b(kernel, log);
  for (std::uint64_t i = 0; i < 50; ++i) kernel.schedule(Time{7}, i % 2 == 0 ? b.id : a.id, 0, i);
  kernel.run_until(Time{7});
  REQUIRE(log.size() == 50);
  for (std::uint64_t i = 0; i < 50; ++i) {
    CHECK(log[i].data == i);
    CHECK(log[i].target == (i % 2 == 0 ? b.id : a.id));
  }
}

TEST_CASE("an event scheduled for now by a handler runs after those already due now") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  r.react = [&](Kernel& k, const Event& e) {
    if (e.data == 1) k.schedule_in(Duration::zero(), r.id, 0, 9);
  };
  kernel.schedule(Time{5}, r.id, 0, 1);
  kernel.schedule(Time{5}, r.id, 0, 2);
  kernel.run_until(Time{5});
  REQUIRE(log.size() == 3);
  CHECK(log[0].data == 1U);
  CHECK(log[1].data == 2U);
  CHECK(log[2].data == 9U);
}

TEST_CASE("run_until runs events at the end time, keeps later ones and sets the clock to end") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  kernel.schedule(Time{100}, r.id, 0, 1);
  kernel.schedule(Time{101}, r.id, 0, 2);
  kernel.run_until(Time{100});
  CHECK(log.size() == 1);
  CHECK(kernel.now() == Time{100});
  CHECK(kernel.pending() == 1U);
  CHECK(kernel.next_time() == Time{101});
  kernel.run_until(Time{500});
  CHECK(log.size() == 2);
  CHECK(kernel.now() == Time{500});
  CHECK(kernel.executed() == 2U);
  CHECK(kernel.next_time() == Time::never());
}

TEST_CASE("an event scheduled after run_until stopped short of the next one runs first") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  kernel.schedule(Time{10}, r.id, 0, 1);
  kernel.schedule(Time{5'000'000}, r.id, 0, 3);
  kernel.run_until(Time{1000});
  kernel.schedule(Time{2000}, r.id, 0, 2);
  kernel.run_until(Time::never());
  REQUIRE(log.size() == 3);
  CHECK(log[1].data == 2U);
  CHECK(log[1].now == Time{2000});
  CHECK(log[2].data == 3U);
}

TEST_CASE("schedule_in is relative to the current time") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  kernel.run_until(Time{} + seconds(2));
  kernel.schedule_in(milliseconds(250), r.id, 4, 0);
  kernel.run_until(Time{} + seconds(3));
  REQUIRE(log.size() == 1);
  CHECK(log[0].now == Time{} + milliseconds(2250));
  CHECK(log[0].kind == 4U);
}

TEST_CASE("stop makes run_until return after the current event, and it can continue") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  r.react = [](Kernel& k, const Event& e) {
    if (e.data == 2) k.stop();
  };
  for (std::uint64_t i = 1; i <= 4; ++i)
    kernel.schedule(Time{static_cast<std::int64_t>(i * 10)}, r.id, 0, i);
  kernel.run_until(Time{1000});
  CHECK(kernel.stopped());
  CHECK(log.size() == 2);
  CHECK(kernel.now() == Time{20});
  CHECK(kernel.pending() == 2U);
  kernel.run_until(Time{1000});
  CHECK_FALSE(kernel.stopped());
  CHECK(log.size() == 4);
  CHECK(kernel.now() == Time{1000});
}

TEST_CASE("run_until(never) drains every event and leaves the clock at the last one") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  r.react = [&](Kernel& k, const Event& e) {
    if (e.data < 5) k.schedule_in(seconds(1), r.id, 0, e.data + 1);
  };
  kernel.schedule(Time{}, r.id, 0, 0);
  kernel.run_until(Time::never());
  CHECK(log.size() == 6);
  CHECK(kernel.now() == Time{} + seconds(5));
  CHECK(kernel.pending() == 0U);
}

TEST_CASE("scheduling in the past is a logic error") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  kernel.run_until(Time{100});
  CHECK_THROWS_AS(kernel.schedule(Time{99}, r.id, 0), std::logic_error);
  CHECK_THROWS_AS(kernel.schedule_in(Duration{-1}, r.id, 0), std::logic_error);
  CHECK(kernel.pending() == 0U);
  CHECK_NOTHROW(kernel.schedule(Time{100}, r.id, 0));
}

TEST_CASE("scheduling for a component never attached is a logic error") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  CHECK_THROWS_AS(kernel.schedule(Time{1}, r.id + 1, 0), std::logic_error);
}

TEST_CASE("running to a time before now is a logic error") {
  Kernel kernel;
  kernel.run_until(Time{50});
  CHECK_THROWS_AS(kernel.run_until(Time{49}), std::logic_error);
  CHECK(kernel.now() == Time{50});
}

TEST_CASE("a long random run executes every event exactly once in order") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  std::uint64_t next = 0;
  // Each event schedules up to two more at pseudo-random delays, some zero.
  r.react = [&](Kernel& k, const Event& e) {
    if (next >= 20000) return;
    const std::int64_t d = static_cast<std::int64_t>((e.data * 2654435761U) % 1000) - 300;
    k.schedule_in(Duration{d < 0 ? 0 : d}, r.id, 0, ++next);
    if (e.data % 3 == 0) k.schedule_in(Duration{d < 0 ? 1 : 2 * d}, r.id, 0, ++next);
  };
  kernel.schedule(Time{}, r.id, 0, 0);
  kernel.run_until(Time::never());
  CHECK(kernel.executed() == log.size());
  CHECK(log.size() == next + 1);
  for (std::size_t i = 1; i < log.size(); ++i) REQUIRE(log[i - 1].now <= log[i].now);
}

TEST_CASE("a placed event runs among its time's events where its reservation put it") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  kernel.schedule(Time{10}, r.id, 0, 1);
  const std::uint64_t place = kernel.reserve_place();
  kernel.schedule(Time{10}, r.id, 0, 2);
  kernel.schedule(Time{5}, r.id, 0, 3);
  kernel.schedule(Time{20}, r.id, 0, 4);
  kernel.schedule_placed(Time{10}, place, r.id, 0, 9);
  CHECK(kernel.pending() == 5U);
  kernel.run_until(Time::never());
  std::vector<std::uint64_t> order;
  for (const Seen& s : log) order.push_back(s.data);
  CHECK(order == std::vector<std::uint64_t>{3, 1, 9, 2, 4});
  CHECK(kernel.executed() == 5U);
}

TEST_CASE("placed events keep their order across run_until calls and new events of their time") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  const std::uint64_t first = kernel.reserve_place();
  kernel.schedule(Time{30}, r.id, 0, 1);
  const std::uint64_t second = kernel.reserve_place();
  kernel.schedule_placed(Time{30}, second, r.id, 0, 8);
  kernel.schedule_placed(Time{30}, first, r.id, 0, 7);
  // The first placed event schedules one more at its own time: it runs last.
  r.react = [&](Kernel& k, const Event& e) {
    if (e.data == 7) k.schedule(k.now(), r.id, 0, 5);
  };
  kernel.run_until(Time{29});
  CHECK(log.empty());
  CHECK(kernel.next_time() == Time{30});
  kernel.run_until(Time{30});
  std::vector<std::uint64_t> order;
  for (const Seen& s : log) order.push_back(s.data);
  CHECK(order == std::vector<std::uint64_t>{7, 1, 8, 5});
  CHECK(kernel.pending() == 0U);
}

TEST_CASE("placing an event at a place never reserved, or in the past, is a logic error") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  const std::uint64_t place = kernel.reserve_place();
  CHECK_THROWS_AS(kernel.schedule_placed(Time{1}, place + 1, r.id, 0), std::logic_error);
  kernel.schedule(Time{10}, r.id, 0, 1);
  kernel.run_until(Time{10});
  CHECK_THROWS_AS(kernel.schedule_placed(Time{9}, place, r.id, 0), std::logic_error);
}

TEST_CASE("random placed and plain events run in (time, scheduling order)") {
  Kernel kernel;
  std::vector<Seen> log;
  Recorder r(kernel, log);
  std::uint64_t state = 12345;
  const auto next = [&state](std::uint64_t n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % n;
  };
  // Expected order: (time, the seq the event had or had reserved).
  std::vector<std::pair<std::int64_t, std::uint64_t>> expected;
  std::vector<std::pair<std::int64_t, std::uint64_t>> reserved;  // (time, place) still to place
  std::uint64_t seq = 0;
  for (int i = 0; i < 2000; ++i) {
    const auto at = static_cast<std::int64_t>(next(50));
    if (next(3) == 0) {
      reserved.emplace_back(at, kernel.reserve_place());
      ++seq;
    } else {
      kernel.schedule(Time{at}, r.id, 0, seq);
      expected.emplace_back(at, seq++);
    }
    if (!reserved.empty() && next(2) == 0) {
      const auto [t, place] = reserved[next(reserved.size())];
      kernel.schedule_placed(Time{t}, place, r.id, 0, place);
      expected.emplace_back(t, place);
      std::erase(reserved, std::pair{t, place});
    }
  }
  kernel.run_until(Time::never());
  std::sort(expected.begin(), expected.end());
  REQUIRE(log.size() == expected.size());
  for (std::size_t i = 0; i < log.size(); ++i) {
    INFO("event " << i);
    CHECK(log[i].now.ns == expected[i].first);
    CHECK(log[i].data == expected[i].second);
  }
}
