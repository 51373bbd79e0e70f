// Lambda functions that emit events while processing: per message of a
// batch, on that message's outcome, when the handler finishes it; billed in
// the function's name; counted in the ledger; and the fleet downstream
// measures from the root event's production.
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

// Producer "orders" (Poisson at `rate`, stopped at 60 s) -> queue "a" ->
// function "pay" (100 ms a message, batches of up to 10) -> emits to queue
// "b" -> fleet "notify" (20 ms each). The run lasts long enough for every
// event to be processed.
SystemConfig function_emits(double rate, double probability = 1.0) {
  SystemConfig s = testing::orders_into_a("function-emits", 33, rate, seconds(60));
  FunctionConfig pay;
  pay.name = "pay";
  pay.queue = "a";
  pay.timeout = seconds(10);
  pay.processing = DurationDistribution(Distribution::constant(0.1));
  pay.emit.push_back(testing::emit_to_b(probability));
  s.functions.push_back(pay);
  s.fleets.push_back(testing::notify_on_b());
  return s;
}

}  // namespace

TEST_CASE(
    "every message an emitting function processes reaches the fleet downstream, billed to the "
    "function, and the ledger balances") {
  const RunResult r = testing::run_to_end(function_emits(20));
  REQUIRE(r.functions.size() == 1);
  const FunctionResult& pay = r.functions[0];
  const FleetResult& notify = r.fleets[0];
  REQUIRE(r.events.produced > 1'000);
  CHECK(pay.processed == r.events.produced);
  CHECK(pay.emitted == pay.processed);
  CHECK(r.events.emitted == pay.emitted);
  CHECK(notify.processed == pay.emitted);
  CHECK(notify.emitted == 0);
  CHECK(r.events.processed == r.events.produced + r.events.emitted);
  CHECK(r.events.in_flight == 0);
  CHECK(r.events.balanced());
  CHECK(r.emits);
  CHECK(testing::failed_invariants(r).empty());
  // One SendMessage per emitted event, in the function's name.
  CHECK(calls_made(r, "lambda:pay", "SendMessage") == pay.emitted);
  // The fleet's end to end runs from the order's production, so it holds
  // the function's 100 ms of processing; its stage, from the emission, not.
  CHECK(notify.end_to_end.min() >= milliseconds(120).ns);
  CHECK(notify.stage.max() < milliseconds(100).ns);
  // The flow from orders ends at notify: every order's flow passes pay.
  REQUIRE(r.flows.size() == 1);
  CHECK(r.flows[0].component == "notify");
  CHECK(r.flows[0].latency.count() == notify.processed);
}

TEST_CASE("with probability 0.5 about half of a function's messages emit") {
  const RunResult r = testing::run_to_end(function_emits(20, 0.5));
  const FunctionResult& pay = r.functions[0];
  const auto n = static_cast<double>(pay.processed);
  REQUIRE(n > 1'000);
  // Binomial(n, 0.5): 3.29 standard deviations is the two-sided 99.9%
  // interval.
  const double half_width = 3.29 * std::sqrt(n) / 2;
  INFO("processed " << n << ", emitted " << pay.emitted << ", interval n/2 +- " << half_width);
  CHECK(std::abs(static_cast<double>(pay.emitted) - n / 2) <= half_width);
  CHECK(pay.emitted < pay.processed);
  CHECK(r.fleets[0].processed == pay.emitted);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}

TEST_CASE(
    "with ReportBatchItemFailures a function that emits on failure emits once per failed "
    "message") {
  SystemConfig s = function_emits(20);
  s.functions[0].failure_probability = 0.2;
  s.functions[0].report_batch_item_failures = true;
  s.functions[0].emit[0].when = EmitConfig::When::failure;
  const RunResult r = testing::run_to_end(s);
  const FunctionResult& pay = r.functions[0];
  REQUIRE(pay.failed > 100);
  CHECK(pay.emitted == pay.failed);
  CHECK(r.fleets[0].processed == pay.failed);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}

TEST_CASE(
    "without ReportBatchItemFailures the messages a handler finished before a failure "
    "still emit, and those it never reached do not") {
  SystemConfig s = function_emits(20);
  s.functions[0].failure_probability = 0.2;
  const RunResult r = testing::run_to_end(s);
  const FunctionResult& pay = r.functions[0];
  REQUIRE(pay.failed_batches > 50);
  REQUIRE(pay.returned > 0);
  // Processed counts every success, in a failed batch too (redelivered
  // later, then a duplicate); each sent its event when it was done.
  CHECK(pay.emitted == pay.processed);
  CHECK(r.events.duplicates_processed > 0);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}

TEST_CASE(
    "a function emits each message's event when the handler finishes that message, not "
    "when the invocation ends") {
  // Ten orders in the first second, gathered into one batch (one poller,
  // a 2 s window); the handler takes 1 s a message, so the invocation
  // lasts 10 s. The first message's event leaves 9 s before the end.
  SystemConfig s = function_emits(10);
  s.producers[0].arrival.process = ArrivalConfig::Process::constant;
  s.producers[0].stop_after = milliseconds(1050);
  FunctionConfig& pay = s.functions[0];
  pay.processing = DurationDistribution(Distribution::constant(1.0));
  pay.cold_start = DurationDistribution(Distribution::constant(0.0));
  pay.batching_window = seconds(2);
  pay.timeout = seconds(15);
  pay.initial_concurrency = 1;
  pay.idle_concurrency = 1;
  pay.max_pollers = 1;
  const RunResult r = testing::run_to_end(s);
  const FunctionResult& f = r.functions[0];
  const FleetResult& notify = r.fleets[0];
  REQUIRE(r.events.produced == 10);
  REQUIRE(f.invocations == 1);
  REQUIRE(notify.processed == 10);
  // The function measures every message at the invocation's end; the fleet
  // sees each event as the handler finished its message, a second apart.
  CHECK(f.end_to_end.min() >= seconds(10).ns);
  CHECK(notify.end_to_end.min() < seconds(3).ns);
  CHECK(notify.end_to_end.max() - notify.end_to_end.min() >= seconds(8).ns);
  CHECK(notify.end_to_end.max() <= f.end_to_end.max() + milliseconds(25).ns);
}

TEST_CASE(
    "emissions still waiting for their delay when the run ends are not events yet, and "
    "the ledger balances") {
  // Half the emissions wait 2 s; the other half wait past the run's end.
  SystemConfig s = function_emits(20);
  s.duration = seconds(70);
  s.functions[0].emit[0].delay = DurationDistribution(Distribution::constant(2.0));
  EmitConfig late = s.functions[0].emit[0];
  late.delay = DurationDistribution(Distribution::constant(3600.0));
  s.functions[0].emit.push_back(late);
  const RunResult r = testing::run_to_end(s);
  const FunctionResult& pay = r.functions[0];
  REQUIRE(pay.processed > 1'000);
  // Only the first entry's events were made: the late ones are drawn, not
  // made, so neither emitted nor anywhere in the ledger.
  CHECK(pay.emitted == pay.processed);
  CHECK(r.events.emitted == pay.emitted);
  CHECK(r.fleets[0].processed == pay.emitted);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}
