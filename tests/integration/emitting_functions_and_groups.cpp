// A flow through a Lambda function and a consumer group that both emit,
// read from TOML and reported in report.json: each emitter's count in its
// own entry, the run's emitted events their sum, the calls in their names,
// and the fleet at the end measuring from the order's production.
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
  CHECK(r.flows[0].fleet == "archiver");
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
