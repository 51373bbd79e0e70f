// A flow through a Lambda function and a consumer group that both emit,
// read from TOML and reported in report.json: each emitter's count in its
// own entry, the run's emitted events their sum, the calls in their names,
// and the fleet at the end measuring from the order's production.
#include <cmath>

#include <catch2/catch.hpp>

#include "sim/model/system.hpp"
#include "sim/report/json.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

// orders -> queue -> function pay (200 ms) -> stream payments -> group
// ledger (50 ms a record) -> bus events -> rule -> queue archive -> fleet
// archiver (10 ms). The function also reports its failures to queue
// problems, read by nobody.
const char* const kFlow = R"(
[scenario]
duration = "3m"
[producers.orders]
to = "queue.orders"
rate = "5/s"
stop_after = "2m"
[queues.orders]
[functions.pay]
queue = "orders"
processing = "200ms"
failure_probability = 0.1
report_batch_item_failures = true
emit = [
  { to = "stream.payments" },
  { to = "queue.problems", when = "failure", probability = 0.5 },
]
[queues.problems]
[streams.payments]
kind = "kinesis"
[consumer_groups.ledger]
stream = "payments"
processing = "50ms"
emit = [{ to = "bus.events", event = { name = "Booked", fields = { source = { choice = ["ledger"] } } } }]
[buses.events]
[[buses.events.rules]]
name = "archive"
pattern = '{"source": ["ledger"]}'
targets = ["archive"]
[queues.archive]
[consumers.archiver]
queue = "archive"
processing = "10ms"
)";

}  // namespace

TEST_CASE(
    "a function and a consumer group that emit are counted, billed and reported in their "
    "own names, and the flow's end measures from the root") {
  System system(scenario::load_text(kFlow, "flow.toml"));
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.functions.size() == 1);
  REQUIRE(r.groups.size() == 1);
  REQUIRE(r.fleets.size() == 1);
  const FunctionResult& pay = r.functions[0];
  const ConsumerGroupResult& ledger = r.groups[0];
  const FleetResult& archiver = r.fleets[0];
  REQUIRE(pay.processed > 400);
  REQUIRE(pay.failed > 20);
  // Every success writes a record; about half the failures report one.
  CHECK(r.streams[0].records == pay.processed);
  const std::uint64_t problems = pay.emitted - pay.processed;
  CHECK(problems > 0);
  CHECK(problems < pay.failed);
  CHECK(calls_made(r, "lambda:pay", "PutRecords") == pay.processed);
  CHECK(calls_made(r, "lambda:pay", "SendMessage") == problems);
  CHECK(ledger.emitted == ledger.processed + ledger.reprocessed);
  CHECK(calls_made(r, "group:ledger", "PutEvents") == ledger.emitted);
  CHECK(r.events.emitted == pay.emitted + ledger.emitted);
  CHECK(archiver.processed == ledger.emitted);
  // The archiver's end to end holds the function's 200 ms and the group's
  // 50 ms (and Kinesis's 200 ms propagation); the group's holds the
  // function's.
  CHECK(archiver.end_to_end.min() >= 460'000'000);
  CHECK(ledger.end_to_end.min() >= 450'000'000);
  CHECK(r.events.balanced());
  for (const InvariantCheck& c : r.invariants) {
    INFO(c.name << ": " << (c.failures.empty() ? "" : c.failures.front()));
    CHECK(c.holds());
  }
  // report.json: each emitter's count in its entry, the sum in events.
  const auto json = report::to_json(r);
  CHECK(json["functions"]["pay"]["emitted"] == pay.emitted);
  CHECK(json["consumer_groups"]["ledger"]["emitted"] == ledger.emitted);
  CHECK(json["consumers"]["archiver"]["emitted"] == 0);
  CHECK(json["events"]["emitted"] == r.events.emitted);
  // The order's flow ends at the archiver.
  REQUIRE(r.flows.size() == 1);
  CHECK(r.flows[0].component == "archiver");
}

TEST_CASE("a design whose function and group emit nothing reports no emitted counts") {
  std::string text = kFlow;
  // The same design without the two emit lists.
  for (const char* from :
       {"emit = [\n  { to = \"stream.payments\" },\n  { to = \"queue.problems\", "
        "when = \"failure\", probability = 0.5 },\n]\n",
        "emit = [{ to = \"bus.events\", event = { name = \"Booked\", fields = "
        "{ source = { choice = [\"ledger\"] } } } }]\n"}) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.erase(at, std::string(from).size());
  }
  System system(scenario::load_text(text, "quiet.toml"));
  system.run();
  const RunResult r = system.result();
  CHECK_FALSE(r.emits);
  const auto json = report::to_json(r);
  CHECK_FALSE(json["functions"]["pay"].contains("emitted"));
  CHECK_FALSE(json["consumer_groups"]["ledger"].contains("emitted"));
  CHECK_FALSE(json["events"].contains("emitted"));
}

TEST_CASE(
    "flows end where a processing emits nothing: at a fleet, a function or a consumer group, "
    "each named by its kind in report.json") {
  // orders -> fleet pay (20 ms), which emits to queue mail (read by the
  // function email) and to stream clicks (read by the group recs), each
  // with probability 0.5: a quarter of the orders end their flow at pay.
  System system(scenario::load_text(R"(
[scenario]
duration = "3m"
[producers.orders]
to = "queue.orders"
rate = "5/s"
stop_after = "2m"
[queues.orders]
[consumers.pay]
queue = "orders"
processing = "20ms"
emit = [
  { to = "queue.mail", probability = 0.5 },
  { to = "stream.clicks", probability = 0.5 },
]
[queues.mail]
[functions.email]
queue = "mail"
processing = "100ms"
[streams.clicks]
kind = "kafka"
[consumer_groups.recs]
stream = "clicks"
processing = "5ms"
)",
                                    "ends.toml"));
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.fleets.size() == 1);
  REQUIRE(r.functions.size() == 1);
  REQUIRE(r.groups.size() == 1);
  REQUIRE(r.events.duplicates_processed == 0);
  // By producer, then fleets, functions and groups.
  REQUIRE(r.flows.size() == 3);
  CHECK(r.flows[0].kind == "fleet");
  CHECK(r.flows[0].component == "pay");
  CHECK(r.flows[1].kind == "function");
  CHECK(r.flows[1].component == "email");
  CHECK(r.flows[2].kind == "consumer_group");
  CHECK(r.flows[2].component == "recs");
  for (const FlowResult& f : r.flows) CHECK(f.producer == "orders");
  // Every message the function and the group processed ended a flow there,
  // at least the fleet's processing after the order was made.
  CHECK(r.flows[1].latency.count() == r.functions[0].processed);
  CHECK(r.flows[2].latency.count() == r.groups[0].processed);
  CHECK(r.flows[1].latency.min() >= 120'000'000);
  CHECK(r.flows[2].latency.min() >= 25'000'000);
  // A quarter of the fleet's processings draw neither emission: within
  // 4.5 standard deviations of the binomial count.
  const double n = static_cast<double>(r.fleets[0].processed);
  REQUIRE(n > 500);
  const double ended_at_pay = static_cast<double>(r.flows[0].latency.count());
  CHECK(std::abs(ended_at_pay - n / 4) <= 4.5 * std::sqrt(n * 0.25 * 0.75));
  CHECK(r.flows[0].latency.max() <= r.fleets[0].end_to_end.max());
  CHECK(r.events.balanced());
  for (const InvariantCheck& c : r.invariants) {
    INFO(c.name << ": " << (c.failures.empty() ? "" : c.failures.front()));
    CHECK(c.holds());
  }
  const auto json = report::to_json(r);
  REQUIRE(json["flows"].size() == 3);
  CHECK(json["flows"][0]["fleet"] == "pay");
  CHECK(json["flows"][1]["function"] == "email");
  CHECK(json["flows"][2]["consumer_group"] == "recs");
  CHECK(json["flows"][1]["latency_ms"]["count"] == r.functions[0].processed);
  CHECK_FALSE(json["flows"][1].contains("fleet"));
}
