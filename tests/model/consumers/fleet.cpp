// Consumer fleets: polling, failures, poison messages and deletes.
#include "sim/model/consumers/fleet.hpp"

#include <catch2/catch.hpp>

#include "sim/model/queues/queue.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

SystemConfig one_queue(double rate, Duration duration) {
  SystemConfig s;
  s.name = "fleet-test";
  s.seed = 11;
  s.duration = duration;
  ProducerConfig p;
  p.name = "p";
  p.target_table = "queues";
  p.target = "q";
  p.arrival.rate = Rate{rate};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig q;
  q.name = "q";
  q.visibility_timeout = seconds(30);
  s.queues.push_back(q);
  FleetConfig f;
  f.name = "c";
  f.queue = "q";
  f.instances = 2;
  f.pollers_per_instance = 2;
  f.processing = DurationDistribution(Distribution::constant(0.01));
  s.fleets.push_back(f);
  return s;
}

FaultConfig fault(std::string name, FaultConfig::Kind kind, std::string target, Duration start,
                  Duration duration) {
  return testing::make_fault(std::move(name), kind, std::move(target), start, duration);
}

// The fleet calls one API, "dep", once per attempt.
SystemConfig with_dependency(SystemConfig s, double latency = 0.0) {
  ApiConfig api;
  api.name = "dep";
  api.latency = DurationDistribution(Distribution::constant(latency));
  s.apis.push_back(api);
  s.fleets[0].calls = {{"dep", 1}};
  return s;
}

}  // namespace

TEST_CASE("an idle short-polling fleet makes one empty receive per poller per pause") {
  SystemConfig s = one_queue(0.0, seconds(100));
  s.producers.clear();
  s.fleets[0].wait_time = Duration::zero();
  s.fleets[0].empty_poll_pause = seconds(1);
  System system(s);
  system.run();
  const RunResult r = system.result();
  // 4 pollers, polls at t = 0, 1, ..., 100.
  CHECK(calls_made(r, "consumer:c", "ReceiveMessage") == 4 * 101);
  CHECK(calls_made(r, "consumer:c", "EmptyReceive") == 4 * 101);
}

TEST_CASE("an idle long-polling fleet makes one receive per poller per wait time") {
  SystemConfig s = one_queue(0.0, seconds(100));
  s.producers.clear();
  s.fleets[0].wait_time = seconds(20);
  System system(s);
  system.run();
  const RunResult r = system.result();
  // Each poller's receives end empty at 20, 40, 60, 80, 100 s.
  CHECK(calls_made(r, "consumer:c", "EmptyReceive") == 4 * 5);
  CHECK(r.queues[0].empty_receives == 4 * 5);
}

TEST_CASE("poison messages fail every attempt and end in the dead-letter queue") {
  SystemConfig s = one_queue(20.0, minutes(10));
  s.queues[0].visibility_timeout = seconds(5);
  s.queues[0].dead_letter_queue = "dlq";
  s.queues[0].max_receive_count = 3;
  QueueConfig dlq;
  dlq.name = "dlq";
  s.queues.push_back(dlq);
  FaultConfig poison = fault("bad", FaultConfig::Kind::poison, "c", Duration::zero(), minutes(10));
  poison.fraction = 0.1;
  s.faults.push_back(poison);
  s.producers[0].stop_after = minutes(5);
  System system(s);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.events.balanced());
  const double produced = static_cast<double>(r.events.produced);
  CHECK(r.events.dlq == r.queues[0].moved_to_dlq);
  CHECK(static_cast<double>(r.events.dlq) ==
        Approx(0.1 * produced).margin(5 * std::sqrt(0.09 * produced)));
  CHECK(r.events.processed + r.events.dlq == r.events.produced);
  // Each poison message was tried exactly max_receive_count times.
  CHECK(r.fleets[0].failed == 3 * r.events.dlq);
}

TEST_CASE("a transient failure is retried after the visibility timeout and then succeeds") {
  SystemConfig s = one_queue(10.0, minutes(10));
  s.queues[0].visibility_timeout = seconds(5);
  s.fleets[0].failure_probability = 0.2;
  s.producers[0].stop_after = minutes(5);
  System system(s);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.events.balanced());
  CHECK(r.events.processed == r.events.produced);
  CHECK(r.fleets[0].failed > 0);
  CHECK(r.queues[0].received == r.events.processed + r.fleets[0].failed);
  // A retried message waited at least its visibility timeout.
  CHECK(r.fleets[0].end_to_end.max() >= seconds(5).ns);
}

TEST_CASE("a failure policy of backoff retries after base, 2 base, 4 base") {
  SystemConfig s = one_queue(1.0, minutes(5));
  s.producers[0].stop_after = milliseconds(1500);
  s.producers[0].arrival.process = ArrivalConfig::Process::constant;
  s.fleets[0].instances = 1;
  s.fleets[0].pollers_per_instance = 1;
  s.fleets[0].failure_probability = 1.0;
  s.fleets[0].processing = DurationDistribution(Distribution::constant(0.0));
  s.fleets[0].on_failure.kind = FailurePolicy::Kind::backoff;
  s.fleets[0].on_failure.base = seconds(10);
  s.fleets[0].on_failure.cap = seconds(40);
  System system(s);
  system.run_until(Time::zero() + seconds(1) + seconds(10 + 20 + 40) - nanoseconds(1));
  // Received at 1 s, 11 s, 31 s: three attempts before 71 s.
  CHECK(system.component<Fleet>(0).result(system.now()).failed == 3);
  system.run_until(Time::zero() + seconds(71));
  CHECK(system.component<Fleet>(0).result(system.now()).failed == 4);
  const RunResult r = system.result();
  CHECK(calls_made(r, "consumer:c", "ChangeMessageVisibility") == 4);
}

TEST_CASE("deleting in batches makes one DeleteMessageBatch per received batch") {
  SystemConfig s = one_queue(100.0, minutes(1));
  s.fleets[0].batch_size = 10;
  s.fleets[0].delete_in_batches = true;
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(calls_made(r, "consumer:c", "DeleteMessage") == 0);
  const auto batches = calls_made(r, "consumer:c", "DeleteMessageBatch");
  CHECK(batches > 0);
  CHECK(batches <= calls_made(r, "consumer:c", "ReceiveMessage"));
  CHECK(r.queues[0].deleted == r.events.processed);
}

TEST_CASE("downstream API calls are counted per processing attempt") {
  SystemConfig s = one_queue(10.0, minutes(1));
  ApiConfig api;
  api.name = "inventory.GetStock";
  s.apis.push_back(api);
  s.fleets[0].calls = {{"inventory.GetStock", 2}};
  s.producers[0].stop_after = seconds(30);
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(calls_made(r, "consumer:c", "inventory.GetStock") ==
        2 * (r.fleets[0].processed + r.fleets[0].failed));
}

TEST_CASE("a visibility timeout shorter than processing makes consumers process messages twice") {
  SystemConfig s = one_queue(5.0, minutes(5));
  s.queues[0].visibility_timeout = seconds(1);
  s.fleets[0].batch_size = 1;
  s.fleets[0].delete_in_batches = false;
  s.fleets[0].processing = DurationDistribution(Distribution::uniform(0.5, 1.5));
  s.fleets[0].instances = 8;
  s.producers[0].stop_after = minutes(2);
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  REQUIRE(r.events.in_flight == 0);
  CHECK(r.events.duplicates_processed > 0);
  // Every success is a message's first or one of its duplicates, and every
  // message ended deleted.
  CHECK(r.fleets[0].processed == r.events.processed + r.events.duplicates_processed);
}

TEST_CASE("during a downstream outage every attempt fails, and the backlog drains after it",
          "[slow]") {
  SystemConfig s = with_dependency(one_queue(20.0, minutes(30)));
  s.queues[0].visibility_timeout = seconds(10);
  s.faults.push_back(
      fault("down", FaultConfig::Kind::downstream_outage, "dep", minutes(5), minutes(10)));
  System system(s);
  system.run_until(Time::zero() + minutes(14));
  // Deep in the outage nothing has been deleted for minutes: the backlog
  // holds about 9 minutes of arrivals.
  const std::uint64_t backlog =
      system.component<Queue>(0).visible() + system.component<Queue>(0).in_flight();
  CHECK(backlog > 20 * 60 * 8);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  CHECK(r.fleets[0].failed_downstream == r.fleets[0].failed);
  CHECK(r.fleets[0].failed > 0);
  REQUIRE(r.apis.size() == 1);
  CHECK(r.apis[0].failed == r.fleets[0].failed);
  CHECK(r.apis[0].calls == r.apis[0].succeeded + r.apis[0].failed);
  // After recovery everything is processed.
  CHECK(r.events.in_flight < 50);
  CHECK(r.events.processed + r.events.in_flight == r.events.produced);
}

TEST_CASE("a brownout window does not change the random draws outside it", "[slow]") {
  SystemConfig plain = with_dependency(one_queue(20.0, minutes(20)));
  plain.fleets[0].failure_probability = 0.1;
  SystemConfig with_brownout = plain;
  FaultConfig brownout =
      fault("flaky", FaultConfig::Kind::downstream_brownout, "dep", minutes(5), minutes(1));
  brownout.error_probability = 0.5;
  with_brownout.faults.push_back(brownout);
  System a(plain), b(with_brownout);
  a.run_until(Time::zero() + minutes(5) - nanoseconds(1));
  b.run_until(Time::zero() + minutes(5) - nanoseconds(1));
  CHECK(a.component<Fleet>(0).result(a.now()).failed ==
        b.component<Fleet>(0).result(b.now()).failed);
  CHECK(a.component<Fleet>(0).result(a.now()).processed ==
        b.component<Fleet>(0).result(b.now()).processed);
  a.run();
  b.run();
  CHECK(a.result().fleets[0].failed < b.result().fleets[0].failed);
}

TEST_CASE("a brownout's latency multiplier stretches the calls made inside it") {
  SystemConfig s = with_dependency(one_queue(1.0, minutes(3)), 0.01);
  s.fleets[0].instances = 1;
  s.fleets[0].pollers_per_instance = 1;
  FaultConfig brownout =
      fault("slow", FaultConfig::Kind::downstream_brownout, "dep", minutes(1), minutes(1));
  brownout.latency_multiplier = 10.0;
  s.faults.push_back(brownout);
  System system(s);
  system.run();
  const RunResult r = system.result();
  // 10 ms of processing plus a 10 ms call, or a 100 ms call in the brownout.
  CHECK(r.fleets[0].processing.min() == milliseconds(20).ns);
  CHECK(r.fleets[0].processing.max() ==
        Approx(static_cast<double>(milliseconds(110).ns)).epsilon(0.01));
  CHECK(r.fleets[0].failed == 0);
}
