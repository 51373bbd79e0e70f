// Re-push: a consumer sends a failed message back to its queue with a delay,
// deletes the original, and after max_repushes sends it to the DLQ itself.
#include <catch2/catch.hpp>

#include "sim/model/consumers/fleet.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

SystemConfig repushing(std::int32_t max_repushes) {
  SystemConfig s = testing::one_message(0.0);
  s.seed = 2;
  s.queues[0].dead_letter_queue = "dlq";
  s.queues[0].max_receive_count = 5;
  QueueConfig dlq;
  dlq.name = "dlq";
  s.queues.push_back(dlq);
  FleetConfig& f = s.fleets[0];
  f.failure_probability = 1.0;
  f.on_failure.kind = FailurePolicy::Kind::repush;
  f.on_failure.base = seconds(10);
  f.on_failure.cap = minutes(15);
  f.on_failure.max_repushes = max_repushes;
  return s;
}

}  // namespace

TEST_CASE("a re-pushed message comes back after base x 2^repushes, then goes to the DLQ") {
  System system(repushing(2));
  // Fails at 1 s -> re-pushed with 10 s delay; fails at 11 s -> re-pushed
  // with 20 s; fails at 31 s -> its third failure after 2 re-pushes: DLQ.
  system.run_until(Time::zero() + seconds(11) - nanoseconds(1));
  CHECK(system.component<Fleet>(0).result(system.now()).failed == 1);
  CHECK(system.component<Queue>(0).delayed() == 1);
  system.run_until(Time::zero() + seconds(11));
  CHECK(system.component<Fleet>(0).result(system.now()).failed == 2);
  system.run_until(Time::zero() + seconds(31) - nanoseconds(1));
  CHECK(system.component<Fleet>(0).result(system.now()).failed == 2);
  CHECK(system.component<Queue>(1).visible() == 0);
  system.run_until(Time::zero() + seconds(31));
  CHECK(system.component<Queue>(1).visible() == 1);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  CHECK(r.events.dlq == 1);
  CHECK(r.events.copies == 1);
  CHECK(r.fleets[0].repushed == 2);
  CHECK(r.fleets[0].dead_lettered == 1);
  CHECK(r.queues[0].sent == 3);  // the original and two re-pushes
  CHECK(r.queues[0].repushed_in == 2);
  CHECK(r.queues[0].deleted == 3);
  CHECK(r.queues[0].moved_to_dlq == 0);  // the consumer sent it, not the redrive policy
  CHECK(r.queues[1].sent == 1);
  CHECK(r.queues[0].dead_lettered_by_consumer == 1);
  // Every failure made one SendMessage and one DeleteMessage.
  CHECK(calls_made(r, "consumer:c", "SendMessage") == 3);
  CHECK(calls_made(r, "consumer:c", "DeleteMessage") == 3);
  // A re-push resets the receive count: one receive per delivery, none over
  // max_receive_count.
  CHECK(r.queues[0].received == 3);
}

TEST_CASE("a re-pushed message is processed when the failure passes, as the same copy") {
  SystemConfig s = repushing(5);
  ApiConfig dep;
  dep.name = "dep";
  s.apis.push_back(dep);
  s.fleets[0].failure_probability = 0.0;
  s.fleets[0].calls = {{"dep", 1}};
  s.faults.push_back(testing::make_fault("down", FaultConfig::Kind::downstream_outage, "dep",
                                         Duration::zero(), seconds(20)));
  System system(s);
  system.run();
  const RunResult r = system.result();
  // Fails at 1 s and 11 s, succeeds at 31 s.
  CHECK(r.events.balanced());
  CHECK(r.events.processed == 1);
  CHECK(r.events.copies == 1);
  CHECK(r.fleets[0].repushed == 2);
  CHECK(r.fleets[0].end_to_end.max() == seconds(30).ns);
}

TEST_CASE("with max_repushes 0 the first failure goes straight to the DLQ") {
  System system(repushing(0));
  system.run();
  const RunResult r = system.result();
  CHECK(r.fleets[0].repushed == 0);
  CHECK(r.fleets[0].dead_lettered == 1);
  CHECK(r.events.dlq == 1);
  CHECK(r.events.balanced());
}
