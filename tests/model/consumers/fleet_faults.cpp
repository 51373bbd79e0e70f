// Faults on consumer fleets, and the fleet's in-process retry: outages,
// crashes, poison windows; attempt times under each backoff.
#include <catch2/catch.hpp>
#include <string>
#include <utility>
#include <vector>

#include "sim/model/consumers/fleet.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;
using edasim::testing::one_message;

namespace {

FaultConfig fault(FaultConfig::Kind kind, Duration start, Duration duration) {
  return testing::make_fault("f", kind, "c", start, duration);
}

std::uint64_t failed_by(System& system, Duration t) {
  system.run_until(Time::zero() + t);
  return system.component<Fleet>(0).result(system.now()).failed;
}

std::uint64_t processed_by(System& system, Duration t) {
  system.run_until(Time::zero() + t);
  return system.component<Fleet>(0).result(system.now()).processed;
}

}  // namespace

TEST_CASE(
    "in an outage the message held returns after its visibility timeout and is "
    "processed when the fleet resumes") {
  SystemConfig s = one_message(5.0);
  s.faults.push_back(fault(FaultConfig::Kind::consumer_outage, seconds(3), minutes(1)));
  System system(s);
  // Received at 1 s; the outage at 3 s drops the work; visible again at 31 s;
  // the poller is back at 63 s and finishes at 68 s.
  CHECK(processed_by(system, seconds(68) - nanoseconds(1)) == 0);
  CHECK(system.component<Queue>(0).in_flight() == 1);
  CHECK(processed_by(system, seconds(68)) == 1);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  CHECK(r.fleets[0].abandoned == 1);
  CHECK(r.queues[0].received == 2);
  CHECK(r.fleets[0].end_to_end.max() == seconds(67).ns);
  REQUIRE(r.faults.size() == 1);
  CHECK(r.faults[0].kind == "consumer_outage");
  CHECK(r.faults[0].target == "consumer:c");
}

TEST_CASE("an outage of some instances leaves the others polling") {
  SystemConfig s = one_message(5.0, 2);
  FaultConfig outage = fault(FaultConfig::Kind::consumer_outage, seconds(3), minutes(2));
  outage.instances = 1;
  s.faults.push_back(outage);
  System system(s);
  // Instance 0 (first in line) took the message and stopped at 3 s; instance
  // 1 receives it when it is visible again at 31 s and finishes at 36 s.
  CHECK(processed_by(system, seconds(36) - nanoseconds(1)) == 0);
  CHECK(processed_by(system, seconds(36)) == 1);
}

TEST_CASE(
    "a crashed instance's message returns after the visibility timeout, the instance "
    "restarts after its delay") {
  SystemConfig s = one_message(5.0, 2);
  FaultConfig crash = fault(FaultConfig::Kind::consumer_crash, Duration::zero(), minutes(5));
  crash.at = {seconds(3)};
  crash.instances = 1;
  crash.restart = seconds(10);
  s.faults.push_back(crash);
  System system(s);
  CHECK(processed_by(system, seconds(36) - nanoseconds(1)) == 0);
  CHECK(processed_by(system, seconds(36)) == 1);
  system.run();
  const RunResult r = system.result();
  CHECK(r.fleets[0].crashes == 1);
  CHECK(r.fleets[0].abandoned == 1);
  CHECK(r.events.balanced());
}

TEST_CASE("crashes at a rate form a Poisson process per instance and conserve messages", "[slow]") {
  SystemConfig s = one_message(0.05, 4);
  s.duration = hours(1);
  s.producers[0].stop_after = Duration::max();
  s.producers[0].arrival.rate = Rate{20};
  FaultConfig crash = fault(FaultConfig::Kind::consumer_crash, Duration::zero(), hours(1));
  crash.rate_per_instance_hour = 60;
  crash.restart = seconds(5);
  s.faults.push_back(crash);
  System system(s);
  system.run();
  const RunResult r = system.result();
  // 4 instances x 60 per hour: 240 expected; 5 standard deviations either way.
  CHECK(static_cast<double>(r.fleets[0].crashes) == Approx(240).margin(5 * std::sqrt(240.0)));
  CHECK(r.fleets[0].abandoned > 0);
  CHECK(r.events.balanced());
  CHECK(r.fleets[0].processed == r.events.processed + r.events.duplicates_processed);
}

TEST_CASE("poison hits exactly the events produced in its window, and they reach the DLQ") {
  SystemConfig s = one_message(0.01);
  s.producers[0].stop_after = minutes(4);
  s.duration = minutes(10);
  s.queues[0].visibility_timeout = seconds(5);
  s.queues[0].dead_letter_queue = "dlq";
  s.queues[0].max_receive_count = 3;
  QueueConfig dlq;
  dlq.name = "dlq";
  s.queues.push_back(dlq);
  FaultConfig poison = fault(FaultConfig::Kind::poison, minutes(2), minutes(1));
  poison.fraction = 1.0;
  s.faults.push_back(poison);
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  // Constant arrivals at 1/s: the events of [120 s, 180 s).
  CHECK(r.events.dlq == 60);
  CHECK(r.queues[0].moved_to_dlq == 60);
  // Each was received max_receive_count times; the next receive moved it.
  CHECK(r.fleets[0].failed == 60 * 3);
}

TEST_CASE("in-process retry with a fixed backoff attempts at 1 s, 3 s and 5 s") {
  SystemConfig s = one_message(0.0);
  s.fleets[0].failure_probability = 1.0;
  s.fleets[0].retry.backoff = RetryPolicy::Backoff::fixed;
  s.fleets[0].retry.base = seconds(2);
  s.fleets[0].retry.max_attempts = 3;
  System system(s);
  CHECK(failed_by(system, seconds(1)) == 1);
  CHECK(failed_by(system, seconds(3) - nanoseconds(1)) == 1);
  CHECK(failed_by(system, seconds(3)) == 2);
  CHECK(failed_by(system, seconds(5)) == 3);
  // Given up after 3 attempts: back after the visibility timeout (31 s).
  CHECK(failed_by(system, seconds(31) - nanoseconds(1)) == 3);
  CHECK(failed_by(system, seconds(31)) == 4);
  // Two retries on the first receive, and the first retry of the second.
  CHECK(system.component<Fleet>(0).result(system.now()).retries == 2 + 1);
}

TEST_CASE("in-process retry with exponential backoff attempts at 1, 2, 4 and 8 s") {
  SystemConfig s = one_message(0.0);
  s.fleets[0].failure_probability = 1.0;
  s.fleets[0].retry.backoff = RetryPolicy::Backoff::exponential;
  s.fleets[0].retry.base = seconds(1);
  s.fleets[0].retry.cap = minutes(1);
  s.fleets[0].retry.max_attempts = 4;
  System system(s);
  CHECK(failed_by(system, seconds(2) - nanoseconds(1)) == 1);
  CHECK(failed_by(system, seconds(2)) == 2);
  CHECK(failed_by(system, seconds(4) - nanoseconds(1)) == 2);
  CHECK(failed_by(system, seconds(4)) == 3);
  CHECK(failed_by(system, seconds(8) - nanoseconds(1)) == 3);
  CHECK(failed_by(system, seconds(8)) == 4);
  CHECK(failed_by(system, seconds(31) - nanoseconds(1)) == 4);
}

TEST_CASE("in-process retry with full jitter waits the policy's draws from the fleet's stream") {
  SystemConfig s = one_message(0.0);
  s.seed = 17;
  s.fleets[0].failure_probability = 1.0;
  RetryPolicy& retry = s.fleets[0].retry;
  retry.backoff = RetryPolicy::Backoff::exponential;
  retry.jitter = RetryPolicy::Jitter::full;
  retry.base = seconds(4);
  retry.cap = minutes(1);
  retry.max_attempts = 3;
  RandomStream reference(17, "consumer:c/retry");
  const Duration first = retry.delay(0, Duration::zero(), reference);
  const Duration second = retry.delay(1, first, reference);
  System system(s);
  const Duration t1 = seconds(1) + first;
  const Duration t2 = t1 + second;
  CHECK(failed_by(system, t1 - nanoseconds(1)) == 1);
  CHECK(failed_by(system, t1) == 2);
  CHECK(failed_by(system, t2 - nanoseconds(1)) == 2);
  CHECK(failed_by(system, t2) == 3);
}

TEST_CASE("in-process retry recovers a message once the dependency is back") {
  SystemConfig s = one_message(0.0);
  ApiConfig dep;
  dep.name = "dep";
  s.apis.push_back(dep);
  s.fleets[0].calls = {{"dep", 1}};
  FaultConfig outage = fault(FaultConfig::Kind::downstream_outage, Duration::zero(), seconds(4));
  outage.target = "dep";
  s.faults.push_back(outage);
  s.fleets[0].retry.backoff = RetryPolicy::Backoff::fixed;
  s.fleets[0].retry.base = seconds(2);
  s.fleets[0].retry.max_attempts = 5;
  System system(s);
  system.run();
  const RunResult r = system.result();
  // Attempts at 1 s and 3 s fail; the one at 5 s succeeds.
  CHECK(r.fleets[0].failed == 2);
  CHECK(r.fleets[0].failed_downstream == 2);
  CHECK(r.fleets[0].retries == 2);
  CHECK(r.fleets[0].processed == 1);
  CHECK(r.fleets[0].end_to_end.max() == seconds(4).ns);
  CHECK(r.queues[0].received == 1);
  CHECK(r.apis[0].calls == 3);
}

TEST_CASE("an idempotency store suppresses a duplicate inside its window and not after it") {
  // Every delete misses a copy: the message comes back at 31 s as a
  // duplicate of the delivery processed at 1 s.
  SystemConfig s = one_message(0.0);
  s.duration = seconds(40);
  s.queues[0].duplicate_probability = 1.0;
  s.fleets[0].idempotency.enabled = true;

  s.fleets[0].idempotency.window = seconds(30) + nanoseconds(1);
  System inside(s);
  inside.run();
  const RunResult a = inside.result();
  CHECK(a.events.duplicates_delivered == 1);
  CHECK(a.events.duplicates_suppressed == 1);
  CHECK(a.events.duplicates_processed == 0);
  CHECK(a.fleets[0].duplicates_suppressed == 1);
  CHECK(a.fleets[0].processed == 1);
  CHECK(a.events.balanced());

  s.fleets[0].idempotency.window = seconds(30);
  System after(s);
  after.run();
  const RunResult b = after.result();
  CHECK(b.events.duplicates_delivered == 1);
  CHECK(b.events.duplicates_suppressed == 0);
  CHECK(b.events.duplicates_processed == 1);
  CHECK(b.fleets[0].processed == 2);
  CHECK(b.events.balanced());
}

namespace {

// One message a second for `produce_for` into "q", whose messages move to
// "dlq" on their fourth receive (visibility timeout 5 s).
SystemConfig failing_to_dlq(Duration produce_for) {
  SystemConfig s = one_message(0.01);
  s.producers[0].stop_after = produce_for;
  s.duration = minutes(10);
  s.queues[0].visibility_timeout = seconds(5);
  s.queues[0].dead_letter_queue = "dlq";
  s.queues[0].max_receive_count = 3;
  QueueConfig dlq;
  dlq.name = "dlq";
  s.queues.push_back(dlq);
  return s;
}

FieldGenerator field(std::vector<std::string> path, std::vector<std::string> values,
                     std::vector<double> weights) {
  FieldGenerator f;
  f.path = std::move(path);
  f.values = std::move(values);
  f.weights = std::move(weights);
  return f;
}

// Events with detail.kind "good" or "bad" (3 to 1) through bus "b": rule
// "all" sends each to queue "q" (fleet "c", DLQ after 3 receives), rule
// "bad" also sends the bad ones to "bad-copies", which nobody reads.
SystemConfig kinds_through_bus() {
  SystemConfig s = failing_to_dlq(minutes(2));
  s.producers[0].target_table = "buses";
  s.producers[0].target = "b";
  s.producers[0].arrival.rate = Rate{10.0};
  EventTemplate t;
  t.fields = {field({"source"}, {"shop"}, {1.0}),
              field({"detail", "kind"}, {"good", "bad"}, {3.0, 1.0})};
  s.producers[0].templates = {t};
  BusConfig b;
  b.name = "b";
  b.rules.push_back(RuleConfig{"all", R"({"source": ["shop"]})", {"q"}});
  b.rules.push_back(RuleConfig{"bad", R"({"detail": {"kind": ["bad"]}})", {"bad-copies"}});
  s.buses.push_back(b);
  QueueConfig copies;
  copies.name = "bad-copies";
  s.queues.push_back(copies);
  return s;
}

}  // namespace

TEST_CASE("poison by pattern fails exactly the events that match it, on every attempt") {
  SystemConfig s = kinds_through_bus();
  FaultConfig poison = fault(FaultConfig::Kind::poison, Duration::zero(), minutes(10));
  poison.pattern = R"({"detail": {"kind": ["bad"]}})";
  poison.fraction = 1.0;
  s.faults.push_back(poison);
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  const std::uint64_t bad = r.queues[2].sent;
  CHECK(bad > r.events.produced / 8);
  CHECK(bad < r.events.produced / 2);
  CHECK(r.queues[0].moved_to_dlq == bad);
  CHECK(r.fleets[0].failed == 3 * bad);
  CHECK(r.fleets[0].processed == r.events.produced - bad);
}

TEST_CASE("a poison pattern that every event matches poisons the same events as none") {
  SystemConfig plain = failing_to_dlq(minutes(2));
  EventTemplate t;
  t.fields = {field({"source"}, {"shop"}, {1.0})};
  plain.producers[0].templates = {t};
  FaultConfig poison = fault(FaultConfig::Kind::poison, Duration::zero(), minutes(10));
  poison.fraction = 0.3;
  SystemConfig patterned = plain;
  plain.faults.push_back(poison);
  poison.pattern = R"({"source": ["shop"]})";
  patterned.faults.push_back(poison);
  System a(plain), b(patterned);
  a.run();
  b.run();
  const RunResult ra = a.result(), rb = b.result();
  CHECK(ra.events.dlq > 0);
  CHECK(rb.events.dlq == ra.events.dlq);
  CHECK(rb.fleets[0].failed == ra.fleets[0].failed);
  CHECK(rb.events.balanced());
}
