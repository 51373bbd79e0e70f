// Consumers that emit events while processing: what they send, what it
// costs, what the emitted events carry of their cause, and the ledger.
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/model/invariants.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

const FleetResult& fleet(const RunResult& r, std::string_view name) {
  for (const FleetResult& f : r.fleets) {
    if (f.name == name) return f;
  }
  FAIL("no fleet " << name);
  return r.fleets.front();
}

// Producer "orders" (Poisson at `rate`, stopped at 60 s) -> queue "a" ->
// fleet "pay" (10 ms each) -> emits to queue "b" -> fleet "notify" (20 ms
// each). The run lasts long enough for every event to be processed.
SystemConfig two_stages(double rate, double probability = 1.0) {
  SystemConfig s = testing::orders_into_a("two-stages", 21, rate, seconds(30));
  FleetConfig pay;
  pay.name = "pay";
  pay.queue = "a";
  pay.instances = 4;
  pay.batch_size = 1;
  pay.processing = DurationDistribution(Distribution::constant(0.01));
  pay.emit.push_back(testing::emit_to_b(probability));
  s.fleets.push_back(pay);
  s.fleets.push_back(testing::notify_on_b());
  return s;
}

}  // namespace

TEST_CASE(
    "every event an emitting fleet processes reaches the fleet downstream, and the "
    "ledger balances") {
  const RunResult r = testing::run_to_end(two_stages(50));
  const FleetResult& pay = fleet(r, "pay");
  const FleetResult& notify = fleet(r, "notify");
  REQUIRE(r.events.produced > 2'000);
  CHECK(pay.processed == r.events.produced);
  CHECK(pay.emitted == pay.processed);
  CHECK(r.events.emitted == pay.emitted);
  CHECK(notify.processed == pay.emitted);
  CHECK(notify.emitted == 0);
  // Every event, produced or emitted, was routed and processed: nothing
  // lost, nothing left.
  CHECK(r.events.processed == r.events.produced + r.events.emitted);
  CHECK(r.events.in_flight == 0);
  CHECK(r.events.balanced());
  CHECK(r.emits);
  CHECK(testing::failed_invariants(r).empty());
  // One SendMessage per emitted event, billed to the emitting fleet.
  CHECK(calls_made(r, "consumer:pay", "SendMessage") == pay.emitted);
}

TEST_CASE("with probability 0.5 about half the processings emit") {
  const RunResult r = testing::run_to_end(two_stages(50, 0.5));
  const FleetResult& pay = fleet(r, "pay");
  const auto n = static_cast<double>(pay.processed);
  REQUIRE(n > 2'000);
  // Binomial(n, 0.5): mean n/2, standard deviation sqrt(n)/2; 3.29 standard
  // deviations either side is the two-sided 99.9% interval.
  const double half_width = 3.29 * std::sqrt(n) / 2;
  INFO("processed " << n << ", emitted " << pay.emitted << ", interval n/2 +- " << half_width);
  CHECK(std::abs(static_cast<double>(pay.emitted) - n / 2) <= half_width);
  CHECK(fleet(r, "notify").processed == pay.emitted);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}

TEST_CASE("an emitted event's end-to-end latency runs from its root's production") {
  // One order at 1 s; pay takes 2 s, notify 3 s, the emission waits 4 s.
  SystemConfig s = two_stages(0);
  s.producers[0].arrival.process = ArrivalConfig::Process::constant;
  s.producers[0].arrival.rate = Rate{1.0};
  s.producers[0].stop_after = milliseconds(1500);
  s.fleets[0].processing = DurationDistribution(Distribution::constant(2.0));
  s.fleets[0].emit[0].delay = DurationDistribution(Distribution::constant(4.0));
  s.fleets[1].processing = DurationDistribution(Distribution::constant(3.0));
  const RunResult r = testing::run_to_end(s);
  const FleetResult& pay = fleet(r, "pay");
  const FleetResult& notify = fleet(r, "notify");
  REQUIRE(notify.processed == 1);
  // pay: produced -> processed is its own stage.
  CHECK(pay.end_to_end.max() == pay.stage.max());
  CHECK(pay.end_to_end.max() >= seconds(2).ns);
  // notify: from the emission (4 s after pay finished) for its stage, from
  // the order's production end to end.
  CHECK(notify.stage.max() >= seconds(3).ns);
  CHECK(notify.end_to_end.max() == pay.end_to_end.max() + seconds(4).ns + notify.stage.max());
  // The flow from orders ends at notify: pay emitted, so none ends there.
  REQUIRE(r.flows.size() == 1);
  CHECK(r.flows[0].producer == "orders");
  CHECK(r.flows[0].component == "notify");
  CHECK(r.flows[0].latency.count() == 1);
  CHECK(r.flows[0].latency.max() == notify.end_to_end.max());
}

TEST_CASE("a fleet that emits on failure emits once per failed attempt") {
  SystemConfig s = two_stages(50);
  s.fleets[0].failure_probability = 0.2;
  s.fleets[0].on_failure.kind = FailurePolicy::Kind::release;
  s.fleets[0].emit[0].when = EmitConfig::When::failure;
  const RunResult r = testing::run_to_end(s);
  const FleetResult& pay = fleet(r, "pay");
  REQUIRE(pay.failed > 100);
  CHECK(pay.emitted == pay.failed);
  CHECK(fleet(r, "notify").processed == pay.failed);
  CHECK(r.events.balanced());
}

TEST_CASE("an emit list moves none of the fleet's own draws") {
  SystemConfig quiet = two_stages(50);
  quiet.fleets[0].processing = DurationDistribution(Distribution::exponential(0.01));
  quiet.fleets[0].failure_probability = 0.1;
  quiet.fleets[0].on_failure.kind = FailurePolicy::Kind::release;
  SystemConfig emitting = quiet;
  quiet.fleets[0].emit.clear();
  emitting.fleets[0].emit[0].probability = 0.3;
  const RunResult a = testing::run_to_end(quiet), b = testing::run_to_end(emitting);
  const FleetResult &x = fleet(a, "pay"), &y = fleet(b, "pay");
  CHECK(x.processed == y.processed);
  CHECK(x.failed == y.failed);
  CHECK(x.processing.mean() == y.processing.mean());
  CHECK(x.end_to_end.mean() == y.end_to_end.mean());
  CHECK(y.emitted > 0);
  // A design without an emit list reports as before: no flows, no stage.
  CHECK_FALSE(a.emits);
  CHECK(a.flows.empty());
  CHECK(x.stage.empty());
}

TEST_CASE("an emitting fleet's PutEvents are billed to it and routed by the bus's rules") {
  SystemConfig s = two_stages(20);
  BusConfig bus;
  bus.name = "events";
  RuleConfig rule;
  rule.name = "to-b";
  rule.pattern = R"({"source": ["shop"]})";
  rule.targets.push_back("b");
  bus.rules.push_back(rule);
  s.buses.push_back(bus);
  s.fleets[0].emit[0].target_table = "buses";
  s.fleets[0].emit[0].target = "events";
  s.fleets[0].emit[0].event = testing::shop_event();
  // A second entry whose events match no rule.
  EmitConfig unrouted = s.fleets[0].emit[0];
  unrouted.event = EventTemplate{};
  s.fleets[0].emit.push_back(unrouted);
  const RunResult r = testing::run_to_end(s);
  const FleetResult& pay = fleet(r, "pay");
  REQUIRE(pay.processed > 500);
  CHECK(pay.emitted == 2 * pay.processed);
  CHECK(calls_made(r, "consumer:pay", "PutEvents") == pay.emitted);
  CHECK(r.events.unrouted == pay.processed);
  CHECK(fleet(r, "notify").processed == pay.processed);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}

namespace {

// One message (produced at 1 s, 5 s of processing) read by fleet "c", whose
// emit entry sends to queue "b" halfway through its attempt (`at` = 0.5,
// at 3.5 s) or at its end; one crash of the instance at `crash_at`, back
// 10 s later; the message returns after its 30 s visibility timeout.
RunResult crash_between_writes(std::optional<double> at, Duration crash_at, bool idempotent) {
  SystemConfig s = testing::one_message(5.0);
  EmitConfig write;
  write.target_table = "queues";
  write.target = "b";
  write.at = at;
  s.fleets[0].emit.push_back(write);
  s.fleets[0].idempotency.enabled = idempotent;
  QueueConfig b;
  b.name = "b";
  s.queues.push_back(b);
  FaultConfig crash = testing::make_fault("crash", FaultConfig::Kind::consumer_crash, "c",
                                          Duration::zero(), minutes(5));
  crash.at = {crash_at};
  crash.restart = seconds(10);
  s.faults.push_back(crash);
  return testing::run_to_end(s);
}

}  // namespace

TEST_CASE(
    "an entry sent inside the attempt is sent once the instance reaches its point, so a crash "
    "after it leaves the write done and the message to come back: a dual write's gap") {
  // Crash at 4 s: after the write (3.5 s), before the end (6 s).
  const RunResult idempotent = crash_between_writes(0.5, seconds(4), true);
  CHECK(idempotent.fleets[0].crashes == 1);
  CHECK(idempotent.queues[1].sent == 1);  // written before the crash
  // The redelivery finds the event done: deleted unprocessed.
  CHECK(idempotent.events.duplicates_suppressed == 1);
  CHECK(idempotent.events.emitted == 1);
  CHECK(idempotent.events.balanced());
  CHECK(testing::failed_invariants(idempotent).empty());

  // Without the check the message is processed again: a second write.
  const RunResult again = crash_between_writes(0.5, seconds(4), false);
  CHECK(again.queues[1].sent == 2);
  CHECK(again.fleets[0].processed == 1);
  CHECK(again.events.balanced());

  // A crash before the point sends nothing: the write happens once, on the
  // redelivery.
  const RunResult before = crash_between_writes(0.5, seconds(3), true);
  CHECK(before.queues[1].sent == 1);
  CHECK(before.events.duplicates_suppressed == 0);
  CHECK(before.fleets[0].processed == 1);

  // An entry at the attempt's end is not sent by a crashed attempt at all.
  const RunResult at_end = crash_between_writes(std::nullopt, seconds(4), true);
  CHECK(at_end.queues[1].sent == 1);
  CHECK(at_end.events.duplicates_suppressed == 0);
  CHECK(at_end.fleets[0].processed == 1);
}
