// Timers taken back leave nothing behind: a queue's visibility timeouts and
// long polls share one kernel event (sim/model/support/shared_timers.hpp).
// That they fire exactly where an event of their own would have fired is
// what the differential tests of the consumer loop check, message by
// message, against the reference's one-event-per-timer loop.
#include "sim/model/support/shared_timers.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <vector>

#include "tests/model/queue_rig.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::testing;

TEST_CASE("messages deleted within their visibility timeout leave no kernel event each") {
  QueueConfig c = config();
  c.visibility_timeout = seconds(30);
  Rig rig(c);
  // One message a second, received and deleted at once, for 1,000 s.
  for (int i = 0; i < 1000; ++i) {
    rig.run_to(seconds(i));
    rig.queue.send(static_cast<std::uint64_t>(i), rig.kernel.now(), 100);
    rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
    REQUIRE(rig.last().batch.size() == 1);
    REQUIRE(rig.queue.remove(rig.last().batch[0]));
  }
  rig.run_to(hours(13));
  // At most one event per visibility timeout's length, not one per receive.
  CHECK(rig.kernel.executed() <= 1000 / 30 + 2);
  CHECK(rig.queue.visible() == 0);
  CHECK(rig.queue.in_flight() == 0);
}

TEST_CASE("a message kept past its timeout among deleted ones comes back at its deadline") {
  QueueConfig c = config();
  c.visibility_timeout = seconds(30);
  Rig rig(c);
  for (int i = 0; i < 10; ++i) {
    rig.run_to(seconds(i));
    rig.queue.send(static_cast<std::uint64_t>(i), rig.kernel.now(), 100);
    rig.queue.receive(rig.recorder, 0, 1, Duration::zero());
    // Message 4 is never deleted.
    if (i != 4) REQUIRE(rig.queue.remove(rig.last().batch[0]));
  }
  rig.run_to(seconds(34) - nanoseconds(1));
  CHECK(rig.queue.visible() == 0);
  rig.run_to(seconds(34));
  CHECK(rig.queue.visible() == 1);
  rig.queue.receive(rig.recorder, 0, 10, Duration::zero());
  REQUIRE(rig.last().batch.size() == 1);
  CHECK(rig.last().batch[0].event == 4U);
  CHECK(rig.last().batch[0].receive_count == 2U);
}

TEST_CASE("long polls answered by a message leave no kernel event each") {
  Rig rig(config());
  for (int i = 0; i < 1000; ++i) {
    rig.run_to(milliseconds(10) * i);
    rig.queue.receive(rig.recorder, 0, 1, seconds(20));
    rig.queue.send(static_cast<std::uint64_t>(i), rig.kernel.now(), 100);
    REQUIRE(rig.last().batch.size() == 1);
    REQUIRE(rig.last().at == rig.kernel.now());
    REQUIRE(rig.queue.remove(rig.last().batch[0]));
  }
  const std::size_t answers = rig.recorder.answers.size();
  rig.run_to(seconds(60));
  CHECK(rig.recorder.answers.size() == answers);  // no empty answer came
  CHECK(rig.kernel.executed() <= 2U);
}

TEST_CASE("a long poll nobody answers ends empty at its wait, in the order the polls began") {
  Rig rig(config());
  Recorder second;
  second.kernel = &rig.kernel;
  rig.queue.receive(rig.recorder, 0, 1, seconds(5));
  rig.run_to(seconds(1));
  rig.queue.receive(second, 0, 1, seconds(4));  // ends at 5 s too, but began later
  rig.run_to(seconds(5) - nanoseconds(1));
  CHECK(rig.recorder.answers.empty());
  CHECK(second.answers.empty());
  rig.run_to(seconds(5));
  REQUIRE(rig.recorder.answers.size() == 1);
  REQUIRE(second.answers.size() == 1);
  CHECK(rig.recorder.answers[0].batch.empty());
  CHECK(second.answers[0].batch.empty());
  CHECK(rig.queue.result().empty_receives == 2U);
}

TEST_CASE("shared timers keep at most twice the standing ones plus a constant") {
  SharedTimers<std::uint32_t> timers;
  std::set<std::uint32_t> standing;
  const auto stands = [&](std::uint32_t h) { return standing.count(h) > 0; };
  std::uint64_t place = 0;
  for (std::uint32_t i = 0; i < 100000; ++i) {
    timers.compact_if(standing.size(), stands);
    // Every tenth timer has a shorter delay than the rest (to the heap).
    const Time deadline = Time::zero() + seconds(30) + seconds(i) - seconds(i % 10 == 0 ? 20 : 0);
    timers.push(deadline, place++, i);
    standing.insert(i);
    if (i >= 5) standing.erase(i - 5);  // taken back five timers later
    CHECK(timers.entries() <= 2 * standing.size() + 64 + 1);
  }
  // What stands comes out in (deadline, place) order.
  std::vector<std::uint32_t> out;
  while (const auto* e = timers.front(stands)) {
    out.push_back(e->handle);
    timers.pop_front();
  }
  CHECK(out == std::vector<std::uint32_t>{99995, 99996, 99997, 99998, 99999});
}
