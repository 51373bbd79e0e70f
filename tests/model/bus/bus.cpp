// The bus's quotas: PutEvents throttling with the producer SDK's retries and
// retry quota, and deliveries delayed (never dropped) by the invocations
// quota.
#include "sim/model/bus/bus.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

#include "sim/model/queues/queue.hpp"
#include "sim/model/queues/queue_destination.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"
#include "tests/model/queue_rig.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

// A producer making `rate` events a second (constant spacing) for
// `produce_for`, through bus "b" to queue "q".
SystemConfig through_bus(double rate, Duration produce_for) {
  SystemConfig s;
  s.name = "bus-test";
  s.seed = 4;
  s.duration = minutes(2);
  ProducerConfig p;
  p.name = "p";
  p.target_table = "buses";
  p.target = "b";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{rate};
  p.stop_after = produce_for;
  p.templates.push_back(testing::shop_event());
  s.producers.push_back(p);
  BusConfig b;
  b.name = "b";
  b.delivery_latency = DurationDistribution(Distribution::constant(0.0));
  b.rules.push_back(RuleConfig{"all", R"({"source": ["shop"]})", {"q"}});
  s.buses.push_back(b);
  QueueConfig q;
  q.name = "q";
  s.queues.push_back(q);
  return s;
}

FaultConfig throttling(double rate, Duration start, Duration duration) {
  FaultConfig f =
      testing::make_fault("quota cut", FaultConfig::Kind::bus_throttling, "b", start, duration);
  f.put_events_rate = Rate{rate};
  return f;
}

std::uint64_t put_events_by(System& system, Duration t) {
  system.run_until(Time::zero() + t);
  return calls_made(system.result(), "producer:p", "PutEvents");
}

}  // namespace

TEST_CASE("a throttled PutEvents is retried with full jitter and dropped after 3 attempts") {
  SystemConfig s = through_bus(1.0, milliseconds(1500));
  s.faults.push_back(throttling(1e-9, Duration::zero(), minutes(2)));
  RandomStream reference(4, "producer:p/sdk-retry");
  const RetryPolicy sdk = RetryPolicy::sdk_standard();
  const Duration first = sdk.delay(0, Duration::zero(), reference);
  const Duration second = sdk.delay(1, first, reference);
  System system(s);
  const Duration t1 = seconds(1) + first;
  const Duration t2 = t1 + second;
  CHECK(put_events_by(system, t1 - nanoseconds(1)) == 1);
  CHECK(put_events_by(system, t1) == 2);
  CHECK(put_events_by(system, t2 - nanoseconds(1)) == 2);
  CHECK(put_events_by(system, t2) == 3);
  CHECK(system.result().events.awaiting_routing == 0);
  system.run();
  const RunResult r = system.result();
  CHECK(calls_made(r, "producer:p", "PutEvents") == 3);
  CHECK(r.events.throttled == 1);
  CHECK(r.buses[0].throttled_put_events == 3);
  CHECK(r.events.balanced());
}

TEST_CASE("a producer stops retrying when its retry quota of 500 tokens runs out") {
  SystemConfig s = through_bus(1000.0, seconds(1) + milliseconds(500));
  s.faults.push_back(throttling(1e-9, Duration::zero(), minutes(2)));
  System system(s);
  system.run();
  const RunResult r = system.result();
  // 500 tokens at 5 a retry: exactly 100 retries, then every failure drops.
  CHECK(calls_made(r, "producer:p", "PutEvents") == r.events.produced + 100);
  CHECK(r.events.throttled == r.events.produced);
  CHECK(r.events.balanced());
}

TEST_CASE("a request throttled in a short window gets through on a retry") {
  SystemConfig s = through_bus(1.0, milliseconds(1500));
  s.faults.push_back(throttling(1e-9, Duration::zero(), milliseconds(1001)));
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.throttled == 0);
  CHECK(r.buses[0].throttled_put_events == 1);
  CHECK(r.queues[0].sent == 1);
  CHECK(calls_made(r, "producer:p", "PutEvents") == 2);
  CHECK(r.events.balanced());
}

TEST_CASE("the PutEvents quota lets one second of requests through, then its rate") {
  SystemConfig s = through_bus(100.0, seconds(10) + milliseconds(5));
  s.buses[0].put_events_rate = Rate{50};
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.produced == 1000);
  CHECK(r.buses[0].throttled_put_events > 0);
  CHECK(r.events.balanced());
  // The quota passes 50 a second plus a one-second burst; retries add to it.
  CHECK(r.buses[0].put_events_entries <= 50 * 12 + 50);
}

TEST_CASE("deliveries over the invocations quota are delayed, not dropped") {
  SystemConfig s = through_bus(100.0, seconds(1) + milliseconds(5));
  s.buses[0].invocations_rate = Rate{10};
  System system(s);
  system.run_until(Time::zero() + seconds(5));
  // A one-second burst of 10, then 10 a second.
  const std::uint64_t by_five = system.component<Queue>(0).counters().sent;
  CHECK(by_five < 100);
  CHECK(by_five >= 40);
  system.run();
  const RunResult r = system.result();
  CHECK(r.queues[0].sent == 100);
  CHECK(r.buses[0].delayed_invocations > 0);
  CHECK(r.buses[0].invocations == 100);
  CHECK(r.events.throttled == 0);
  CHECK(r.events.balanced());
}

namespace {

FaultConfig target_down(FaultConfig::TargetError error, Duration start, Duration duration) {
  FaultConfig f =
      testing::make_fault("q down", FaultConfig::Kind::target_outage, "q", start, duration);
  f.target_error = error;
  f.error_probability = 1.0;
  return f;
}

// One event, accepted at 1 s, for a target that fails for `down` with a
// retryable error.
SystemConfig failing_target(Duration down, TargetPolicy policy) {
  SystemConfig s = through_bus(1.0, milliseconds(1500));
  s.faults.push_back(target_down(FaultConfig::TargetError::unavailable, Duration::zero(), down));
  s.buses[0].rules[0].policies = {std::move(policy)};
  QueueConfig dlq;
  dlq.name = "q-dlq";
  s.queues.push_back(dlq);
  return s;
}

TargetPolicy with_dlq(std::int32_t retries, Duration age) {
  TargetPolicy p;
  p.max_retry_attempts = retries;
  p.max_event_age = age;
  p.dead_letter_queue = "q-dlq";
  return p;
}

std::uint64_t invocations_by(System& system, Time t) {
  system.run_until(t);
  return system.result().buses[0].invocations;
}

}  // namespace

TEST_CASE("a failed target delivery is retried after full-jitter exponential backoffs") {
  const SystemConfig s = failing_target(hours(2), with_dlq(185, hours(24)));
  // The target's own stream: per attempt, one draw for the failure, then
  // one for the backoff's jitter.
  RandomStream reference(4, "bus:b/rule:all/target:q");
  RetryPolicy backoff;
  backoff.backoff = RetryPolicy::Backoff::exponential;
  backoff.jitter = RetryPolicy::Jitter::full;
  backoff.base = seconds(1);
  backoff.cap = seconds(960);
  std::vector<Time> attempts{Time::zero() + seconds(1)};
  Duration previous = Duration::zero();
  for (std::uint32_t retry = 0; retry < 5; ++retry) {
    reference.uniform();
    previous = backoff.delay(retry, previous, reference);
    CHECK(previous <= seconds(1) * (std::int64_t{1} << retry));
    attempts.push_back(attempts.back() + previous);
  }
  System system(s);
  for (std::size_t k = 0; k < attempts.size(); ++k) {
    CHECK(invocations_by(system, attempts[k] - nanoseconds(1)) == k);
    CHECK(invocations_by(system, attempts[k]) == k + 1);
  }
  const RunResult r = system.result();
  CHECK(r.buses[0].retry_attempts == attempts.size() - 1);
  CHECK(r.buses[0].failed_invocations == 0);
  CHECK(r.events.in_flight == 1);  // awaiting its next retry
  CHECK(r.events.balanced());
}

TEST_CASE("a target gives up at its maximum retry attempts and sends the copy to its DLQ") {
  System system(failing_target(hours(2), with_dlq(3, hours(24))));
  system.run();
  const RunResult r = system.result();
  const BusResult& b = r.buses[0];
  CHECK(b.invocations == 4);
  CHECK(b.retry_attempts == 3);
  CHECK(b.failed_invocations == 1);
  CHECK(b.maximum_retry_attempts == 1);
  CHECK(b.maximum_event_age == 0);
  CHECK(b.sent_to_dlq == 1);
  CHECK(b.targets[0].failed_attempts == 4);
  CHECK(r.queues[0].sent == 0);
  CHECK(r.queues[1].sent == 1);
  CHECK(r.queues[1].dead_letter_queue);
  CHECK(calls_made(r, "bus:b", "EventBridge.DeliverToSQS") == 1);
  CHECK(r.events.dlq == 1);
  CHECK(r.events.balanced());
}

TEST_CASE("a target gives up when the next retry would pass the maximum event age") {
  SystemConfig s = failing_target(hours(2), with_dlq(185, seconds(60)));
  s.buses[0].retry_base = seconds(10);
  s.buses[0].retry_cap = seconds(20);
  System system(s);
  // No attempt at or after 61 s: the event was accepted at 1 s.
  system.run_until(Time::zero() + seconds(61) - nanoseconds(1));
  const std::uint64_t attempts = system.result().buses[0].invocations;
  CHECK(system.result().buses[0].failed_invocations == 1);
  system.run();
  const RunResult r = system.result();
  const BusResult& b = r.buses[0];
  CHECK(b.invocations == attempts);
  CHECK(b.invocations >= 3);
  CHECK(b.maximum_event_age == 1);
  CHECK(b.maximum_retry_attempts == 0);
  CHECK(b.sent_to_dlq == 1);
  CHECK(r.events.dlq == 1);
  CHECK(r.events.balanced());
}

TEST_CASE("a non-retryable target error sends the copy to the DLQ after one attempt") {
  SystemConfig s = failing_target(hours(2), with_dlq(185, hours(24)));
  s.faults[0].target_error = FaultConfig::TargetError::no_permissions;
  System system(s);
  system.run();
  const RunResult r = system.result();
  const BusResult& b = r.buses[0];
  CHECK(b.invocations == 1);
  CHECK(b.retry_attempts == 0);
  CHECK(b.not_retryable == 1);
  CHECK(b.sent_to_dlq == 1);
  CHECK(r.queues[1].sent == 1);
  CHECK(r.events.balanced());
}

TEST_CASE("a copy given up with no target DLQ is dropped and counted") {
  TargetPolicy no_dlq;
  no_dlq.max_retry_attempts = 0;
  SystemConfig s = failing_target(hours(2), no_dlq);
  System system(s);
  system.run();
  const RunResult r = system.result();
  const BusResult& b = r.buses[0];
  CHECK(b.invocations == 1);
  CHECK(b.failed_invocations == 1);
  CHECK(b.maximum_retry_attempts == 1);
  CHECK(b.dropped == 1);
  CHECK(b.sent_to_dlq == 0);
  CHECK(r.events.dropped_by_bus == 1);
  CHECK(r.events.dlq == 0);
  CHECK(r.events.in_flight == 0);
  CHECK(r.events.copies == 1);
  CHECK(r.events.balanced());
}

TEST_CASE("deliveries resume once a target outage ends") {
  SystemConfig s = through_bus(1.0, seconds(5) + milliseconds(500));
  s.faults.push_back(
      target_down(FaultConfig::TargetError::throttling, Duration::zero(), seconds(30)));
  s.buses[0].retry_cap = seconds(8);
  System system(s);
  system.run_until(Time::zero() + seconds(30) - nanoseconds(1));
  CHECK(system.component<Queue>(0).counters().sent == 0);
  system.run();
  const RunResult r = system.result();
  CHECK(r.queues[0].sent == 5);
  CHECK(r.buses[0].retry_attempts > 0);
  CHECK(r.buses[0].failed_invocations == 0);
  CHECK(r.buses[0].invocations == 5 + r.buses[0].retry_attempts);
  CHECK(r.events.balanced());
}

TEST_CASE("a target outage with an error probability fails only some attempts") {
  SystemConfig s = through_bus(100.0, seconds(10) + milliseconds(5));
  FaultConfig f = target_down(FaultConfig::TargetError::timeout, Duration::zero(), minutes(2));
  f.error_probability = 0.25;
  s.faults.push_back(f);
  System system(s);
  system.run();
  const RunResult r = system.result();
  const BusTargetResult& t = r.buses[0].targets[0];
  CHECK(t.failed_attempts > 250);
  CHECK(t.failed_attempts < 420);
  CHECK(t.invocations == t.delivered + t.failed_attempts);
  CHECK(r.events.balanced());
}

TEST_CASE("the bus's SendMessage calls to a FIFO target are counted apart, for the FIFO price") {
  SystemConfig s = through_bus(1.0, milliseconds(3500));
  QueueConfig ordered;
  ordered.name = "ordered";
  ordered.fifo = FifoConfig{};
  s.queues.push_back(ordered);
  s.buses[0].rules[0].targets.push_back("ordered");
  System system(s);
  system.run();
  const RunResult r = system.result();
  std::uint64_t standard = 0, fifo = 0;
  for (const CallLine& c : r.calls) {
    if (c.component != "bus:b" || c.kind != "EventBridge.DeliverToSQS") continue;
    (c.fifo ? fifo : standard) += c.calls;
  }
  CHECK(standard == 3);
  CHECK(fifo == 3);
}

TEST_CASE("a delivery event whose delivery has ended is refused, not acted on") {
  testing::Rig rig(testing::config("q"));
  BusConfig b;
  b.name = "b";
  b.delivery_latency = DurationDistribution(Distribution::constant(0.0));
  b.rules.push_back(RuleConfig{"all", R"({"source": ["shop"]})", {"q"}});
  Bus bus(b, 0, Context{4, rig.kernel, rig.books}, {&rig.queue},
          [&rig](std::string_view, const std::string&) {
            return std::make_unique<QueueDelivery>(rig.queue);
          });
  const ComponentId id = rig.kernel.attach(bus);
  bus.attach(id);
  const std::uint32_t target = 0;
  bus.put_event(1, Time::zero(), 100, {&target, 1});
  REQUIRE(bus.pending_deliveries() == 1);
  rig.run_to(seconds(1));
  REQUIRE(bus.pending_deliveries() == 0);
  REQUIRE(rig.queue.result().sent == 1);
  // The first delivery's handle: slot 0 at generation 0, ended since. Its
  // slot now holds the next delivery, whose generation it does not carry.
  bus.put_event(2, rig.kernel.now(), 100, {&target, 1});
  const Event stale{rig.kernel.now(), 0, id, /*delivery attempt*/ 0, /*handle*/ 0};
  CHECK_THROWS_AS(bus.handle(rig.kernel, stale), std::logic_error);
  rig.run_to(seconds(2));
  CHECK(rig.queue.result().sent == 2);
}
