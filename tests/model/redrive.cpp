// The DLQ redrive (StartMessageMoveTask): messages go back to their source
// queue, at the task's rate, as new messages, and are processed there.
#include <catch2/catch.hpp>

#include "designs.hpp"
#include "sim/model/system.hpp"

using namespace edasim;

namespace {

FaultConfig smtp_outage(std::string name, Duration start, Duration duration) {
  return testing::make_fault(std::move(name), FaultConfig::Kind::downstream_outage, "smtp", start,
                             duration);
}

// Orders fail for 5 minutes (an outage), go to the DLQ after 2 receives, and
// a redrive at 20 minutes sends them back.
SystemConfig outage_then_redrive() {
  SystemConfig s;
  s.name = "redrive-test";
  s.seed = 5;
  s.duration = minutes(40);
  ProducerConfig p;
  p.name = "orders";
  p.sink = ProducerConfig::Sink::queue;
  p.target = "email";
  p.arrival.rate = Rate{10};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig q;
  q.name = "email";
  q.visibility_timeout = seconds(10);
  q.dead_letter_queue = "email-dlq";
  q.max_receive_count = 2;
  s.queues.push_back(q);
  QueueConfig dlq;
  dlq.name = "email-dlq";
  dlq.redrive = RedriveConfig{minutes(20), Duration::zero(), Rate{50}};
  s.queues.push_back(dlq);
  FleetConfig f;
  f.name = "mailer";
  f.queue = "email";
  f.instances = 4;
  f.processing = DurationDistribution(Distribution::constant(0.02));
  f.calls = {{"smtp", 1}};
  s.fleets.push_back(f);
  ApiConfig smtp;
  smtp.name = "smtp";
  s.apis.push_back(smtp);
  s.faults.push_back(smtp_outage("smtp down", minutes(5), minutes(5)));
  return s;
}

}  // namespace

TEST_CASE("a redrive moves dead letters back to their source, where they are processed") {
  System system(outage_then_redrive());
  system.run_until(Time::zero() + minutes(20) - nanoseconds(1));
  const std::uint64_t dead = system.queue(1).visible();
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
  const std::uint64_t dead = system.queue(1).visible();
  // At 50 messages/s, 10 seconds move at most 500 (51 batches from t = 20m).
  system.run_until(Time::zero() + minutes(20) + seconds(10));
  const std::uint64_t moved = dead - system.queue(1).visible();
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

TEST_CASE("a repeating redrive also recovers what failed after the first one") {
  SystemConfig s = outage_then_redrive();
  s.faults.push_back(smtp_outage("smtp down again", minutes(25), minutes(3)));
  s.queues[1].redrive->every = minutes(10);
  s.duration = minutes(60);
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  CHECK(r.events.dlq == 0);
  CHECK(r.queues[0].moved_to_dlq == r.events.redriven);
}
