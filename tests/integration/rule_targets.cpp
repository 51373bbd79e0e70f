// A bus rule can target a state machine, a topic or a Kinesis stream as well
// as a queue, and a chain's publish step can send to any of them: each copy
// is one call the bus (or the chain) makes, billed as the target's service
// bills it, through the target's quota, and the event totals still balance.
#include <catch2/catch.hpp>

#include <string>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/invariants.hpp"
#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"
#include "tests/integration/runs.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

// Events to bus "main" at `rate`, each matching rule "all".
std::string bus_producer(const std::string& rate) {
  return R"(
[scenario]
duration = "2m"
[producers.shop]
to = "bus.main"
rate = ")" +
         rate + R"("
arrival = "constant"
[[producers.shop.events]]
name = "Placed"
size = "1KiB"
[producers.shop.events.fields]
"source" = { choice = ["shop"] }
)";
}

// A one-state machine: each execution passes and succeeds.
const std::string restock = R"(
[state_machines.restock]
start_at = "Order"
[state_machines.restock.states.Order]
type = "pass"
end = true
)";

// The call line (component, kind) of a run, or zeros.
CallLine call(const RunResult& r, const std::string& component, std::string_view kind) {
  for (const CallLine& c : r.calls) {
    if (c.component == component && c.kind == kind) return c;
  }
  return CallLine{component, std::string(kind), 0, 0, false};
}

void holds_invariants(const RunResult& r) {
  CHECK(r.events.balanced());
  for (const InvariantCheck& c : r.invariants) {
    INFO(c.name);
    CHECK(c.holds());
  }
}

RunResult run(const std::string& text) {
  return testing::run_text(text, "targets.toml");
}

}  // namespace

TEST_CASE("a rule that targets a state machine starts one execution per copy", "[targets]") {
  const RunResult r = run(bus_producer("5/s") + R"(
[[buses.main.rules]]
name = "all"
pattern = '{"source": ["shop"]}'
targets = ["state_machine.restock", "audit"]
[queues.audit]
[consumers.auditor]
queue = "audit"
)" + restock);
  REQUIRE(r.buses.size() == 1);
  REQUIRE(r.buses[0].targets.size() == 2);
  const BusTargetResult& sfn = r.buses[0].targets[0];
  CHECK(sfn.queue == "state_machine.restock");
  CHECK(r.buses[0].targets[1].queue == "audit");
  // 2 minutes at 5 a second (the last one may fall on the end), every one
  // delivered to both targets.
  const std::uint64_t n = r.events.produced;
  CHECK(n >= 599);
  CHECK(n <= 600);
  CHECK(sfn.delivered == n);
  CHECK(sfn.failed_attempts == 0);
  REQUIRE(r.state_machines.size() == 1);
  CHECK(r.state_machines[0].started == n);
  CHECK(r.state_machines[0].succeeded + r.state_machines[0].running == n);
  // One StartExecution per copy, in the bus's name, with no billing units
  // (Step Functions bills the transitions); the queue's SendMessage is SQS's.
  const CallLine starts = call(r, "bus:main", metrics::call_kind::kStartExecution);
  CHECK(starts.calls == n);
  CHECK(starts.billing_units == 0);
  CHECK(call(r, "bus:main", metrics::call_kind::kEventBridgeDeliverSqs).calls == n);
  CHECK(r.state_machines[0].transitions == n);
  // The executions a bus started count their copies: processed or in flight.
  CHECK(r.events.routed_events == n);
  CHECK(r.events.copies == 2 * n);
  CHECK(r.events.failed_requests == 0);
  holds_invariants(r);
}

TEST_CASE("a StartExecution over the account's quota is retried by the bus, then dead-lettered",
          "[targets]") {
  // A bucket of 1 start refilled once every 2 s against 5 copies a second:
  // most first attempts are throttled. With no retries the bus gives them
  // up at once to the target's DLQ; with the default policy it retries them.
  const std::string machine = R"(
[scenario.quotas.step_functions]
standard_start_bucket = 1
standard_start_rate = 0.5
[state_machines.restock]
start_at = "Order"
[state_machines.restock.states.Order]
type = "pass"
end = true
[queues.restock-dlq]
)";
  const RunResult none = run(bus_producer("5/s") + R"(
[[buses.main.rules]]
name = "all"
pattern = '{"source": ["shop"]}'
targets = [{ to = "state_machine.restock", max_retry_attempts = 0, dead_letter_queue = "restock-dlq" }]
)" + machine);
  const BusTargetResult& t = none.buses[0].targets[0];
  const StateMachineResult& m = none.state_machines[0];
  CHECK(m.throttled > 400);
  CHECK(t.failed_attempts == m.throttled);
  CHECK(t.delivered == m.started);
  CHECK(t.sent_to_dlq == m.throttled);
  CHECK(t.delivered + t.sent_to_dlq == none.events.produced);
  CHECK(none.buses[0].maximum_retry_attempts == t.sent_to_dlq);
  // The copies given up wait in the DLQ, not lost.
  CHECK(none.events.dlq == t.sent_to_dlq);
  CHECK(none.events.dropped_by_bus == 0);
  holds_invariants(none);

  const RunResult retried = run(bus_producer("5/s") + R"(
[[buses.main.rules]]
name = "all"
pattern = '{"source": ["shop"]}'
targets = [{ to = "state_machine.restock", dead_letter_queue = "restock-dlq" }]
)" + machine);
  const BusTargetResult& r = retried.buses[0].targets[0];
  CHECK(r.retry_attempts > 0);
  CHECK(r.sent_to_dlq == 0);
  // Each throttled start is one failed attempt, and each is retried.
  CHECK(r.failed_attempts == retried.state_machines[0].throttled);
  CHECK(r.invocations == r.delivered + r.failed_attempts);
  CHECK(call(retried, "bus:main", metrics::call_kind::kStartExecution).calls == r.invocations);
  holds_invariants(retried);
}

TEST_CASE("a target_outage on a state-machine target sends its copies to the target's DLQ",
          "[targets]") {
  const RunResult r = run(bus_producer("5/s") + R"(
[[buses.main.rules]]
name = "all"
pattern = '{"source": ["shop"]}'
targets = [{ to = "state_machine.restock", max_retry_attempts = 2, dead_letter_queue = "restock-dlq" }]
[queues.restock-dlq]
[[faults]]
name = "sfn-down"
kind = "target_outage"
target = "state_machine.restock"
start = "30s"
duration = "30s"
error = "no_permissions"
)" + restock);
  const BusTargetResult& t = r.buses[0].targets[0];
  // Every delivery inside the 30 s window fails, and no_permissions is not
  // retried: each goes straight to the DLQ. About 150 events fall in it.
  CHECK(t.failed_attempts >= 145);
  CHECK(t.failed_attempts <= 155);
  CHECK(t.sent_to_dlq == t.failed_attempts);
  CHECK(r.buses[0].not_retryable == t.sent_to_dlq);
  CHECK(t.delivered + t.sent_to_dlq == r.events.produced);
  CHECK(r.state_machines[0].started == t.delivered);
  CHECK(r.events.dlq == t.sent_to_dlq);
  REQUIRE(r.faults.size() == 1);
  CHECK(r.faults[0].target == "state_machine:restock");
  REQUIRE(r.fault_impacts.size() == 1);
  CHECK(r.fault_impacts[0].moved_to_dlq == t.sent_to_dlq);
  holds_invariants(r);
}

TEST_CASE("a rule that targets a topic publishes one message per copy", "[targets]") {
  const RunResult r = run(bus_producer("5/s") + R"(
[[buses.main.rules]]
name = "all"
pattern = '{"source": ["shop"]}'
targets = ["topic.alerts"]
[topics.alerts]
[topics.alerts.subscriptions.mail]
queue = "mail"
[topics.alerts.subscriptions.sms]
queue = "sms"
[queues.mail]
[queues.sms]
[consumers.mailer]
queue = "mail"
[consumers.texter]
queue = "sms"
)");
  const BusTargetResult& t = r.buses[0].targets[0];
  CHECK(t.queue == "topic.alerts");
  const std::uint64_t n = r.events.produced;
  CHECK(n >= 599);
  CHECK(t.delivered == n);
  REQUIRE(r.topics.size() == 1);
  CHECK(r.topics[0].published == n);
  // SNS bills the bus's Publish calls, one unit per 64 KB chunk each.
  const CallLine publishes = call(r, "bus:main", metrics::call_kind::kPublish);
  CHECK(publishes.calls == n);
  CHECK(publishes.billing_units == n);
  // The bus's copy becomes the topic's two.
  CHECK(r.events.copies == 2 * n);
  REQUIRE(r.topics[0].subscriptions.size() == 2);
  CHECK(r.topics[0].subscriptions[0].matched == n);
  CHECK(r.topics[0].subscriptions[1].matched == n);
  CHECK(r.fleets[0].processed + r.fleets[1].processed + r.events.in_flight == 2 * n);
  holds_invariants(r);
}

TEST_CASE("a rule that targets a Kinesis stream writes one record per copy", "[targets]") {
  const RunResult r = run(bus_producer("5/s") + R"(
[[buses.main.rules]]
name = "all"
pattern = '{"source": ["shop"]}'
targets = ["stream.clicks"]
[streams.clicks]
kind = "kinesis"
shards = 2
[consumer_groups.analytics]
stream = "clicks"
processing = "1ms"
)");
  const BusTargetResult& t = r.buses[0].targets[0];
  CHECK(t.queue == "stream.clicks");
  const std::uint64_t n = r.events.produced;
  CHECK(n >= 599);
  CHECK(t.delivered == n);
  REQUIRE(r.streams.size() == 1);
  CHECK(r.streams[0].records == n);
  // Kinesis bills the bus's PutRecords by 25 KB payload units: one a record.
  const CallLine puts = call(r, "bus:main", "PutRecords");
  CHECK(puts.calls == n);
  CHECK(puts.billing_units == n);
  CHECK(r.streams[0].put_units == n);
  CHECK(r.groups[0].processed + 5 >= n);
  holds_invariants(r);
}

TEST_CASE("a queue target reads the same in every form", "[targets]") {
  const auto with_targets = [](const std::string& targets) {
    return run(bus_producer("5/s") + R"(
[[buses.main.rules]]
name = "all"
pattern = '{"source": ["shop"]}'
targets = )" + targets +
               R"(
[queues.audit]
[consumers.auditor]
queue = "audit"
)");
  };
  const RunResult plain = with_targets(R"(["audit"])");
  const RunResult prefixed = with_targets(R"(["queue.audit"])");
  const RunResult table = with_targets(R"([{ to = "queue.audit" }])");
  const RunResult old = with_targets(R"([{ queue = "audit" }])");
  CHECK(plain.buses[0].targets[0].queue == "audit");
  for (const RunResult* r : {&prefixed, &table, &old}) {
    CHECK(r->buses[0].targets[0].queue == "audit");
    CHECK(r->kernel_events == plain.kernel_events);
    CHECK(r->fleets[0].processed == plain.fleets[0].processed);
  }
}

TEST_CASE("a chain step can start an execution", "[targets]") {
  const RunResult r = run(R"(
[scenario]
duration = "2m"
[producers.shop]
to = "chain.checkout"
rate = "5/s"
arrival = "constant"
[[apis]]
name = "payments"
latency = "50ms"
[chains.checkout]
steps = [{ api = "payments" }, { publish = "state_machine.restock" }]
)" + restock);
  REQUIRE(r.chains.size() == 1);
  CHECK(r.chains[0].requests == r.events.produced);
  CHECK(r.events.produced >= 599);
  CHECK(r.chains[0].succeeded + r.chains[0].in_progress == r.events.produced);
  CHECK(r.chains[0].failed == 0);
  // Each request's publish starts one execution, as a producer's send does.
  CHECK(r.state_machines[0].started == r.chains[0].succeeded);
  CHECK(r.state_machines[0].throttled == 0);
  CHECK(r.events.routed_events == r.state_machines[0].succeeded);
  holds_invariants(r);

  // Over the StartExecution quota, the chain's SDK retries the start, and a
  // start still refused fails the request.
  const RunResult throttled = run(R"(
[scenario]
duration = "2m"
[producers.shop]
to = "chain.checkout"
rate = "5/s"
arrival = "constant"
[chains.checkout]
steps = [{ publish = "state_machine.restock" }]
[scenario.quotas.step_functions]
standard_start_bucket = 1
standard_start_rate = 0.5
[state_machines.restock]
start_at = "Order"
[state_machines.restock.states.Order]
type = "pass"
end = true
)");
  CHECK(throttled.state_machines[0].throttled > 400);
  CHECK(throttled.chains[0].failed_rejections > 0);
  CHECK(throttled.chains[0].failed == throttled.events.failed_requests);
  CHECK(throttled.state_machines[0].started + throttled.chains[0].failed +
            throttled.chains[0].in_progress ==
        throttled.events.produced);
  holds_invariants(throttled);
}

TEST_CASE("a chain step can publish to a topic, a stream or a queue", "[targets]") {
  const std::string head = R"(
[scenario]
duration = "1m"
[producers.shop]
to = "chain.checkout"
rate = "5/s"
arrival = "constant"
)";
  const RunResult topic = run(head + R"(
[chains.checkout]
steps = [{ publish = "topic.alerts" }]
[topics.alerts]
[topics.alerts.subscriptions.mail]
queue = "mail"
[queues.mail]
[consumers.mailer]
queue = "mail"
)");
  CHECK(topic.topics[0].published == topic.chains[0].succeeded);
  CHECK(call(topic, "chain:checkout", metrics::call_kind::kPublish).calls == topic.chains[0].calls);
  holds_invariants(topic);

  const RunResult stream = run(head + R"(
[chains.checkout]
steps = [{ publish = "stream.clicks" }]
[streams.clicks]
kind = "kinesis"
shards = 4
[consumer_groups.analytics]
stream = "clicks"
processing = "1ms"
)");
  CHECK(stream.streams[0].records == stream.chains[0].succeeded);
  CHECK(call(stream, "chain:checkout", "PutRecords").calls == stream.chains[0].calls);
  // Every request's record was written: none throttled.
  CHECK(stream.streams[0].records == stream.events.produced);
  CHECK(stream.streams[0].throttled == 0);
  holds_invariants(stream);

  const RunResult queue = run(head + R"(
[chains.checkout]
steps = [{ publish = "queue.mail" }]
[queues.mail]
[consumers.mailer]
queue = "mail"
)");
  CHECK(queue.queues[0].sent == queue.chains[0].succeeded);
  CHECK(call(queue, "chain:checkout", metrics::call_kind::kSendMessage).calls ==
        queue.events.produced);
  holds_invariants(queue);

  // A step that writes a DynamoDB item, whose stream a function projects.
  const RunResult table = run(head + R"(
[chains.checkout]
steps = [{ publish = "table.orders" }]
[tables.orders]
[functions.project]
table = "orders"
)");
  CHECK(table.tables[0].writes == table.chains[0].succeeded);
  CHECK(call(table, "chain:checkout", "PutItem").calls == table.tables[0].writes);
  // The run stops at 1 min: the last records (200 ms to readable, a poll
  // every 250 ms) are still in flight.
  CHECK(table.functions[0].processed <= table.tables[0].stream_records);
  CHECK(table.functions[0].processed + 5 >= table.tables[0].stream_records);
  CHECK(table.events.in_flight == table.tables[0].stream_records - table.functions[0].processed);
  holds_invariants(table);
}
