// A bus rule whose target is another bus (EventBridge's bus-to-bus delivery):
// the receiver's rules match the event and deliver it to their targets, the
// delivery is billed as a custom event the receiver ingests, latency is the
// sender's delivery latency then the receiver's, the sender's retry policy
// and dead-letter queue cover the hop, and an event that arrived from a bus
// goes to no further bus (one hop: A -> B -> C and A -> B -> A stop at B).
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/bus/bus.hpp"
#include "sim/model/invariants.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

// A producer `name` putting `rate` events a second (constant spacing) on
// bus `bus` until 10 s (rate x 10 events), each {"source": "shop", "detail-type": "Placed"},
// 1 KiB.
ProducerConfig shop_producer(std::string name, std::string bus, double rate) {
  ProducerConfig p;
  p.name = std::move(name);
  p.target_table = "buses";
  p.target = std::move(bus);
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{rate};
  p.stop_after = milliseconds(10050);  // the 100th event at 10 s is made
  EventTemplate t = testing::shop_event();
  FieldGenerator type;
  type.path = {"detail-type"};
  type.values = {"Placed"};
  type.weights = {1.0};
  t.fields.push_back(type);
  t.size_bytes = Distribution::constant(1024);
  p.templates.push_back(t);
  return p;
}

// A bus with a constant delivery latency of `latency_ms`.
BusConfig bus(std::string name, double latency_ms) {
  BusConfig b;
  b.name = std::move(name);
  b.delivery_latency = DurationDistribution(Distribution::constant(latency_ms / 1000));
  return b;
}

// A rule matching every shop event (or `pattern`), to `targets`, their
// tables given in `tables` ("buses" for a bus, "queues" for a queue).
RuleConfig rule(std::string name, std::vector<std::string> targets, std::vector<std::string> tables,
                std::string pattern = R"({"source": ["shop"]})") {
  RuleConfig r;
  r.name = std::move(name);
  r.pattern = std::move(pattern);
  r.targets = std::move(targets);
  r.tables = std::move(tables);
  return r;
}

// A queue `name` and a fleet reading it, 10 ms a message.
void queue_with_fleet(SystemConfig& s, const std::string& name) {
  QueueConfig q;
  q.name = name;
  s.queues.push_back(q);
  FleetConfig f;
  f.name = name + "-workers";
  f.queue = name;
  f.processing = DurationDistribution(Distribution::constant(0.010));
  s.fleets.push_back(f);
}

SystemConfig design(std::string name) {
  SystemConfig s;
  s.name = std::move(name);
  s.seed = 11;
  s.duration = minutes(2);
  return s;
}

RunResult run(const SystemConfig& config) {
  System system(config);
  system.run();
  return system.result();
}

const BusResult& bus_named(const RunResult& r, const std::string& name) {
  for (const BusResult& b : r.buses) {
    if (b.name == name) return b;
  }
  throw std::logic_error("no bus " + name);
}

const BusTargetResult& target_named(const BusResult& b, const std::string& target) {
  for (const BusTargetResult& t : b.targets) {
    if (t.queue == target) return t;
  }
  throw std::logic_error("no target " + target);
}

const QueueResult& queue_named(const RunResult& r, const std::string& name) {
  for (const QueueResult& q : r.queues) {
    if (q.name == name) return q;
  }
  throw std::logic_error("no queue " + name);
}

const FleetResult& fleet_named(const RunResult& r, const std::string& name) {
  for (const FleetResult& f : r.fleets) {
    if (f.name == name) return f;
  }
  throw std::logic_error("no fleet " + name);
}

CallLine call_line(const RunResult& r, const std::string& component, std::string_view kind) {
  for (const CallLine& c : r.calls) {
    if (c.component == component && c.kind == kind) return c;
  }
  return CallLine{component, std::string(kind), 0, 0, false};
}

void holds_invariants(const RunResult& r) {
  CHECK(r.events.balanced());
  for (const InvariantCheck& c : r.invariants) {
    INFO(c.name << ": " << (c.failures.empty() ? "" : c.failures.front()));
    CHECK(c.holds());
  }
}

// Producer p (10/s for 10 s: 100 events) -> bus a (100 ms), whose rule
// targets bus b (250 ms), whose rule targets queue q.
SystemConfig a_to_b_to_queue() {
  SystemConfig s = design("bus-to-bus");
  s.producers.push_back(shop_producer("p", "a", 10));
  BusConfig a = bus("a", 100);
  a.rules.push_back(rule("to-b", {"b"}, {"buses"}));
  BusConfig b = bus("b", 250);
  b.rules.push_back(rule("placed", {"q"}, {"queues"}, R"({"detail-type": ["Placed"]})"));
  b.rules.push_back(rule("cancelled", {"q"}, {"queues"}, R"({"detail-type": ["Cancelled"]})"));
  s.buses = {a, b};
  queue_with_fleet(s, "q");
  return s;
}

}  // namespace

TEST_CASE("a rule targeting another bus delivers each event to the receiver, whose rules route it",
          "[bus-to-bus]") {
  const RunResult r = run(a_to_b_to_queue());
  holds_invariants(r);
  REQUIRE(r.events.produced == 100);
  // The event is routed once, by the bus it was put on; the sender's copy
  // is handed over and the receiver's copy takes its place.
  CHECK(r.events.routed_events == 100);
  CHECK(r.events.unrouted == 0);
  CHECK(r.events.copies == 100);
  CHECK(r.events.processed == 100);
  CHECK(r.events.dropped_by_bus == 0);

  const BusResult& a = bus_named(r, "a");
  CHECK(a.put_events_entries == 100);
  CHECK(a.matched_events == 100);
  CHECK(a.invocations == 100);
  CHECK(a.bus_events_received == 0);
  CHECK(target_named(a, "bus.b").delivered == 100);

  // The receiver ingests without PutEvents; only its "placed" rule matches.
  const BusResult& b = bus_named(r, "b");
  CHECK(b.put_events_entries == 0);
  CHECK(b.put_events_requests == 0);
  CHECK(b.bus_events_received == 100);
  CHECK(b.matched_events == 100);
  CHECK(b.invocations == 100);
  CHECK(b.bus_hops_refused == 0);
  CHECK(target_named(b, "q").delivered == 100);
  CHECK(b.targets[1].delivered == 0);  // "cancelled" matched nothing
  CHECK(queue_named(r, "q").sent == 100);

  // Billing: each 1 KiB event is one custom event when the producer puts it
  // on a and one more when b ingests it from a (in a's name); b's
  // SendMessage on q is an SQS request.
  CHECK(call_line(r, "producer:p", "PutEvents").billing_units == 100);
  const CallLine hop = call_line(r, "bus:a", "EventBridge.DeliverToEventBus");
  CHECK(hop.calls == 100);
  CHECK(hop.billing_units == 100);
  CHECK(call_line(r, "bus:b", "EventBridge.DeliverToSQS").calls == 100);
  CHECK(call_line(r, "bus:a", "EventBridge.DeliverToSQS").calls == 0);

  // End to end: a's delivery latency, then b's, then 10 ms of processing.
  const FleetResult& f = fleet_named(r, "q-workers");
  CHECK(f.end_to_end.count() == 100);
  CHECK(f.end_to_end.min() >= milliseconds(100 + 250 + 10).ns);
  CHECK(f.end_to_end.max() < milliseconds(100 + 250 + 10 + 50).ns);
}

TEST_CASE("a bus-to-bus delivery is billed per 64 KB chunk of the event", "[bus-to-bus]") {
  SystemConfig s = a_to_b_to_queue();
  s.producers[0].templates[0].size_bytes = Distribution::constant(100 * 1024);
  const RunResult r = run(s);
  holds_invariants(r);
  const CallLine hop = call_line(r, "bus:a", "EventBridge.DeliverToEventBus");
  CHECK(hop.calls == 100);
  CHECK(hop.billing_units == 200);
  CHECK(call_line(r, "producer:p", "PutEvents").billing_units == 200);
}

TEST_CASE("an event that came from a bus is not delivered on to a third bus", "[bus-to-bus]") {
  // a -> b -> c: b's rule also targets queue qb. Producer p puts 100 events
  // on a, producer direct 50 on b.
  SystemConfig s = design("one-hop");
  s.producers.push_back(shop_producer("p", "a", 10));
  s.producers.push_back(shop_producer("direct", "b", 5));
  BusConfig a = bus("a", 100);
  a.rules.push_back(rule("to-b", {"b"}, {"buses"}));
  BusConfig b = bus("b", 100);
  b.rules.push_back(rule("to-c", {"c", "qb"}, {"buses", "queues"}));
  BusConfig c = bus("c", 100);
  c.rules.push_back(rule("to-qc", {"qc"}, {"queues"}));
  s.buses = {a, b, c};
  queue_with_fleet(s, "qb");
  queue_with_fleet(s, "qc");
  const RunResult r = run(s);
  holds_invariants(r);
  REQUIRE(r.events.produced == 150);

  const BusResult& rb = bus_named(r, "b");
  CHECK(rb.bus_events_received == 100);
  CHECK(rb.put_events_entries == 50);
  // a's 100 events stop at b: their copies for c are made and dropped.
  CHECK(rb.bus_hops_refused == 100);
  const BusTargetResult& to_c = target_named(rb, "bus.c");
  CHECK(to_c.hops_refused == 100);
  CHECK(to_c.delivered == 50);
  CHECK(to_c.invocations == 50);
  CHECK(rb.invocations == 50 + 150);
  CHECK(r.events.dropped_by_bus == 100);
  // Only the events put on b directly reach c (one hop).
  const BusResult& rc = bus_named(r, "c");
  CHECK(rc.bus_events_received == 50);
  CHECK(rc.bus_hops_refused == 0);
  CHECK(queue_named(r, "qc").sent == 50);
  CHECK(queue_named(r, "qb").sent == 150);
  CHECK(call_line(r, "bus:b", "EventBridge.DeliverToEventBus").calls == 50);
  CHECK(r.events.processed == 200);
}

TEST_CASE("a -> b -> a does not loop: each event crosses one hop", "[bus-to-bus]") {
  SystemConfig s = design("two-way");
  s.producers.push_back(shop_producer("p", "a", 10));
  s.producers.push_back(shop_producer("q", "b", 5));
  BusConfig a = bus("a", 100);
  a.rules.push_back(rule("to-b", {"b", "qa"}, {"buses", "queues"}));
  BusConfig b = bus("b", 100);
  b.rules.push_back(rule("to-a", {"a", "qb"}, {"buses", "queues"}));
  s.buses = {a, b};
  queue_with_fleet(s, "qa");
  queue_with_fleet(s, "qb");
  const RunResult r = run(s);
  holds_invariants(r);
  REQUIRE(r.events.produced == 150);
  const BusResult& ra = bus_named(r, "a");
  const BusResult& rb = bus_named(r, "b");
  CHECK(rb.bus_events_received == 100);
  CHECK(ra.bus_events_received == 50);
  CHECK(rb.bus_hops_refused == 100);
  CHECK(ra.bus_hops_refused == 50);
  CHECK(target_named(rb, "bus.a").hops_refused == 100);
  CHECK(target_named(ra, "bus.b").hops_refused == 50);
  // Every event reaches both queues once: on its own bus, then one hop.
  CHECK(queue_named(r, "qa").sent == 150);
  CHECK(queue_named(r, "qb").sent == 150);
  CHECK(r.events.dropped_by_bus == 150);
  CHECK(r.events.processed == 300);
}

TEST_CASE("an unavailable receiving bus is retried under the sender's target policy",
          "[bus-to-bus]") {
  SystemConfig s = a_to_b_to_queue();
  // Every attempt in the first 5 s fails; the target gives up at once into
  // its dead-letter queue.
  s.buses[0].rules[0].policies = {TargetPolicy{0, hours(24), std::string("a-dlq")}};
  QueueConfig dlq;
  dlq.name = "a-dlq";
  s.queues.push_back(dlq);
  FaultConfig outage = testing::make_fault("b down", FaultConfig::Kind::target_outage, "bus.b",
                                           Duration::zero(), seconds(5));
  outage.error_probability = 1.0;
  s.faults.push_back(outage);
  const RunResult r = run(s);
  holds_invariants(r);
  REQUIRE(r.events.produced == 100);
  const BusResult& a = bus_named(r, "a");
  const BusTargetResult& to_b = target_named(a, "bus.b");
  // The events made at 0.1 s .. 4.8 s are attempted inside the outage
  // (100 ms of delivery latency later): 48 of them.
  CHECK(to_b.failed_attempts == 48);
  CHECK(to_b.retry_attempts == 0);
  CHECK(to_b.sent_to_dlq == 48);
  CHECK(to_b.delivered == 52);
  CHECK(a.invocations == 100);
  CHECK(bus_named(r, "b").bus_events_received == 52);
  CHECK(queue_named(r, "a-dlq").sent == 48);
  CHECK(queue_named(r, "q").sent == 52);
  CHECK(r.events.dlq == 48);
  // Failed attempts bill nothing: b ingested 52 events.
  CHECK(call_line(r, "bus:a", "EventBridge.DeliverToEventBus").billing_units == 52);
}

TEST_CASE("an unavailable receiving bus is retried until it is back", "[bus-to-bus]") {
  SystemConfig s = a_to_b_to_queue();
  FaultConfig outage = testing::make_fault("b down", FaultConfig::Kind::target_outage, "bus.b",
                                           Duration::zero(), seconds(5));
  outage.error_probability = 1.0;
  s.faults.push_back(outage);
  const RunResult r = run(s);
  holds_invariants(r);
  const BusTargetResult& to_b = target_named(bus_named(r, "a"), "bus.b");
  CHECK(to_b.failed_attempts > 48);
  CHECK(to_b.retry_attempts == to_b.failed_attempts);
  CHECK(to_b.delivered == 100);
  CHECK(bus_named(r, "b").bus_events_received == 100);
  CHECK(queue_named(r, "q").sent == 100);
}

TEST_CASE("a rule cannot target its own bus", "[bus-to-bus]") {
  SystemConfig s = a_to_b_to_queue();
  s.buses[0].rules.push_back(rule("loop", {"a"}, {"buses"}));
  CHECK_THROWS_AS(System(s), std::invalid_argument);
}

TEST_CASE("a run with linked buses is repeatable: the same seed gives the same latencies",
          "[bus-to-bus]") {
  const RunResult first = run(a_to_b_to_queue());
  const RunResult second = run(a_to_b_to_queue());
  const FleetResult& f1 = fleet_named(first, "q-workers");
  const FleetResult& f2 = fleet_named(second, "q-workers");
  CHECK(f1.end_to_end.min() == f2.end_to_end.min());
  CHECK(f1.end_to_end.max() == f2.end_to_end.max());
  CHECK(f1.end_to_end.mean() == f2.end_to_end.mean());
}
