// The bus's quotas: PutEvents throttling with the producer SDK's retries and
// retry quota, and deliveries delayed (never dropped) by the invocations
// quota.
#include "sim/model/bus.hpp"

#include <catch2/catch.hpp>

#include "designs.hpp"
#include "sim/model/system.hpp"

using namespace edasim;

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
  p.sink = ProducerConfig::Sink::bus;
  p.target = "b";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{rate};
  p.stop_after = produce_for;
  EventTemplate t;
  FieldGenerator source;
  source.path = {"source"};
  source.values = {"shop"};
  source.weights = {1.0};
  t.fields.push_back(source);
  p.templates.push_back(t);
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
  const std::uint64_t by_five = system.queue(0).counters().sent;
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
