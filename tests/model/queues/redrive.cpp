// The DLQ redrive (StartMessageMoveTask): messages go back to their source
// queue, at the task's rate, as new messages, and are processed there.
#include <catch2/catch.hpp>

#include "sim/model/queues/queue.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"
#include "tests/model/email_outage.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

// Orders fail for 5 minutes (an outage), go to the DLQ after 2 receives, and
// a redrive at 20 minutes sends them back.
SystemConfig outage_then_redrive() {
  SystemConfig s = testing::email_outage();
  s.name = "redrive-test";
  s.seed = 5;
  s.duration = minutes(40);
  s.queues[1].redrive = RedriveConfig{minutes(20), Duration::zero(), Rate{50}, ""};
  return s;
}

}  // namespace

TEST_CASE("a redrive moves dead letters back to their source, where they are processed") {
  System system(outage_then_redrive());
  system.run_until(Time::zero() + minutes(20) - nanoseconds(1));
  const std::uint64_t dead = system.component<Queue>(1).visible();
  REQUIRE(dead > 2000);  // about 5 minutes of orders at 10/s
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  CHECK(r.events.dlq == 0);
  CHECK(r.queues[1].redriven_out == dead);
  CHECK(r.queues[0].redriven_in == dead);
  CHECK(r.events.redriven == dead);
  CHECK(r.events.recovered_by_redrive == dead);
  // Nothing lost: all processed but the last moment's orders.
  CHECK(r.events.in_flight < 10);
  CHECK(r.events.processed + r.events.in_flight == r.events.produced);
}

TEST_CASE("a redrive moves at most its rate, in batches of ten, each billed as three calls") {
  System system(outage_then_redrive());
  system.run_until(Time::zero() + minutes(20) - nanoseconds(1));
  const std::uint64_t dead = system.component<Queue>(1).visible();
  // At 50 messages/s, 10 seconds move at most 500 (51 batches from t = 20m).
  system.run_until(Time::zero() + minutes(20) + seconds(10));
  const std::uint64_t moved = dead - system.component<Queue>(1).visible();
  CHECK(moved >= 500);
  CHECK(moved <= 510);
  system.run();
  const RunResult r = system.result();
  const std::uint64_t batches = (dead + 9) / 10;
  CHECK(calls_made(r, "redrive:email-dlq", "ReceiveMessage") == batches);
  CHECK(calls_made(r, "redrive:email-dlq", "SendMessageBatch") == batches);
  CHECK(calls_made(r, "redrive:email-dlq", "DeleteMessageBatch") == batches);
}

TEST_CASE("a redriven message is a new message: its retention starts again") {
  SystemConfig s = outage_then_redrive();
  // Retention shorter than the wait for the redrive: without the restart the
  // moved messages would expire on arrival.
  s.queues[0].retention = minutes(16);
  s.queues[1].retention = minutes(30);
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  CHECK(r.events.redriven > 0);
  CHECK(r.events.recovered_by_redrive == r.events.redriven);
}

TEST_CASE("a repeating redrive also recovers what failed after the first one", "[slow]") {
  SystemConfig s = outage_then_redrive();
  s.faults.push_back(testing::smtp_outage("smtp down again", minutes(25), minutes(3)));
  s.queues[1].redrive->every = minutes(10);
  s.duration = minutes(60);
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  CHECK(r.events.dlq == 0);
  CHECK(r.queues[0].moved_to_dlq == r.events.redriven);
}
