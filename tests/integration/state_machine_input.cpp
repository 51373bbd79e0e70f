// A state machine's execution reads the event that started it: a Choice
// rule with a pattern tests the event's fields, and a Map with `items_path`
// runs one iteration per element of one of its arrays (services.md §10.2:
// Choice rules compare the input's fields; ItemsPath selects the array).
// Nothing of the event travels with the execution: its fields are made
// again from its number, so each test checks the states against what the
// same events did elsewhere in the same run.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"
#include "tests/integration/runs.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

RunResult run(const std::string& text) {
  return testing::run_text(text, "input.toml");
}

std::uint64_t entries(const RunResult& r, const std::string& machine, const std::string& state) {
  const StateMachineResult& m = testing::named(r.state_machines, machine);
  for (std::size_t i = 0; i < m.state_names.size(); ++i) {
    if (m.state_names[i] == state) return m.state_entries[i];
  }
  FAIL("no state " << state << " in " << machine);
  return 0;
}

std::uint64_t sent_to(const RunResult& r, const std::string& queue) {
  return testing::named(r.queues, queue).sent;
}

// Orders of three tiers, a third gold, sent to `to`; a bus rule sends every
// order to the machine, another the gold ones to a queue as well.
std::string orders(const std::string& to, const std::string& extra_fields = "") {
  return R"(
[scenario]
duration = "3m"
seed = 5

[producers.orders]
to = ")" +
         to + R"("
rate = "20/s"
stop_after = "2m"
[[producers.orders.events]]
name = "OrderPlaced"
[producers.orders.events.fields]
"detail.tier" = { choice = ["gold", "silver", "bronze"] }
)" + extra_fields;
}

const std::string tiers_machine = R"(
[state_machines.m]
start_at = "Tier"
[state_machines.m.states.Tier]
type = "choice"
choices = [{ pattern = '{"detail": {"tier": ["gold"]}}', next = "Gold" }]
default = "Other"
[state_machines.m.states.Gold]
type = "succeed"
[state_machines.m.states.Other]
type = "succeed"
)";

}  // namespace

TEST_CASE("a Choice rule with a pattern takes exactly the executions whose event matches it") {
  const RunResult r = run(orders("bus.shop") + tiers_machine + R"(
[buses.shop]
rules = [
  { name = "all", pattern = '{"detail-type": [{"exists": false}]}', targets = ["state_machine.m"] },
  { name = "gold", pattern = '{"detail": {"tier": ["gold"]}}', targets = ["gold"] },
]
[queues.gold]
)");
  const std::uint64_t gold = sent_to(r, "gold");
  REQUIRE(gold > 600);
  CHECK(entries(r, "m", "Gold") == gold);
  CHECK(entries(r, "m", "Other") == entries(r, "m", "Tier") - gold);
  CHECK(entries(r, "m", "Tier") == r.events.produced);
  CHECK(r.events.balanced());
}

TEST_CASE("an execution an emitting consumer starts reads the fields the consumer carries over") {
  // orders -> queue -> fleet relay, which starts an execution per order with
  // no template of its own: the execution's input is the order.
  const RunResult direct = run(orders("state_machine.m") + tiers_machine);
  const RunResult relayed = run(orders("queue.in") + tiers_machine + R"(
[queues.in]
[consumers.relay]
queue = "in"
processing = "5ms"
emit = [{ to = "state_machine.m" }]
)");
  REQUIRE(entries(direct, "m", "Gold") > 600);
  CHECK(entries(relayed, "m", "Gold") == entries(direct, "m", "Gold"));
  CHECK(entries(relayed, "m", "Other") == entries(direct, "m", "Other"));
}

TEST_CASE("a probability rule after a pattern rule shares the draw among what the pattern leaves") {
  // Gold orders go to Gold; of the rest, a half go to Lucky: a third of the
  // orders, within 4.5 standard deviations.
  const RunResult r = run(orders("state_machine.m") + R"(
[state_machines.m]
start_at = "Tier"
[state_machines.m.states.Tier]
type = "choice"
choices = [
  { pattern = '{"detail": {"tier": ["gold"]}}', next = "Gold" },
  { probability = 0.5, next = "Lucky" },
]
default = "Other"
[state_machines.m.states.Gold]
type = "succeed"
[state_machines.m.states.Lucky]
type = "succeed"
[state_machines.m.states.Other]
type = "succeed"
)");
  const double rest = static_cast<double>(entries(r, "m", "Tier") - entries(r, "m", "Gold"));
  const double lucky = static_cast<double>(entries(r, "m", "Lucky"));
  REQUIRE(rest > 1'000);
  CHECK(std::abs(lucky - rest / 2) < 4.5 * std::sqrt(rest / 4));
  CHECK(entries(r, "m", "Lucky") + entries(r, "m", "Other") + entries(r, "m", "Gold") ==
        entries(r, "m", "Tier"));
}

TEST_CASE("a Map with items_path runs one iteration per element of the input's array") {
  // Small orders have 2 line items, large ones 5; a bus rule counts the
  // large ones, so the picks must be 2 x small + 5 x large.
  const RunResult r = run(R"(
[scenario]
duration = "3m"
seed = 8

[producers.orders]
to = "bus.shop"
rate = "20/s"
stop_after = "2m"
[[producers.orders.events]]
name = "Small"
fields = { "detail.size" = { choice = ["small"] } }
arrays."detail.items" = { count = 2, fields = { "sku" = { id = "sku-", cardinality = 50 } } }
[[producers.orders.events]]
name = "Large"
fields = { "detail.size" = { choice = ["large"] } }
arrays."detail.items" = { count = 5, fields = { "sku" = { id = "sku-", cardinality = 50 } } }

[buses.shop]
rules = [
  { name = "all", pattern = '{"detail": {"size": [{"exists": true}]}}', targets = ["state_machine.fulfil"] },
  { name = "large", pattern = '{"detail": {"size": ["large"]}}', targets = ["large"] },
]
[queues.large]

[state_machines.fulfil]
start_at = "PickItems"
[state_machines.fulfil.states.PickItems]
type = "map"
items_path = "detail.items"
iterator = "Pick"
max_concurrency = 3
end = true
[state_machines.fulfil.states.Pick]
type = "task"
duration = "50ms"
end = true
)");
  const std::uint64_t started = entries(r, "fulfil", "PickItems");
  const std::uint64_t large = sent_to(r, "large");
  REQUIRE(large > 500);
  REQUIRE(started - large > 500);
  CHECK(entries(r, "fulfil", "Pick") == 2 * (started - large) + 5 * large);
}
