// A consumer fleet's emit list can start state-machine executions: the emit
// is a StartExecution call like a producer's, and each one starts exactly one
// execution.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/invariants.hpp"
#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

TEST_CASE("a fleet that emits to a state machine starts one execution per emitted event") {
  const std::string text = R"(
[scenario]
duration = "1m"
[producers.orders]
to = "queue.orders"
rate = "5/s"
[queues.orders]
[consumers.fulfilment]
queue = "orders"
[[consumers.fulfilment.emit]]
to = "state_machine.ship"
[state_machines.ship]
start_at = "Pack"
[state_machines.ship.states.Pack]
type = "pass"
end = true
)";
  System system(scenario::load_text(text, "emit.toml"));
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.fleets.size() == 1);
  REQUIRE(r.state_machines.size() == 1);
  CHECK(r.fleets[0].emitted > 200);
  CHECK(r.state_machines[0].started == r.fleets[0].emitted);
  CHECK(r.state_machines[0].succeeded + r.state_machines[0].running == r.state_machines[0].started);
  CHECK(r.events.balanced());
}

namespace {

// The StartExecution calls `component` made in a run (0 without a line).
std::uint64_t start_calls(const RunResult& r, const std::string& component,
                          std::uint64_t* units = nullptr) {
  for (const CallLine& c : r.calls) {
    if (c.component == component && c.kind == metrics::call_kind::kStartExecution) {
      if (units != nullptr) *units = c.billing_units;
      return c.calls;
    }
  }
  return 0;
}

}  // namespace

TEST_CASE("a producer's and an emitting fleet's StartExecution calls are counted in their names") {
  const std::string text = R"(
[scenario]
duration = "1m"
[producers.inventory]
to = "state_machine.restock"
rate = "5/s"
[producers.orders]
to = "queue.orders"
rate = "5/s"
[queues.orders]
[consumers.fulfilment]
queue = "orders"
[[consumers.fulfilment.emit]]
to = "state_machine.ship"
[state_machines.restock]
start_at = "Order"
[state_machines.restock.states.Order]
type = "pass"
end = true
[state_machines.ship]
start_at = "Pack"
[state_machines.ship.states.Pack]
type = "pass"
end = true
)";
  System system(scenario::load_text(text, "starts.toml"));
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.state_machines.size() == 2);
  const auto& restock =
      r.state_machines[0].name == "restock" ? r.state_machines[0] : r.state_machines[1];
  const auto& ship = r.state_machines[0].name == "ship" ? r.state_machines[0] : r.state_machines[1];
  REQUIRE(restock.name == "restock");
  REQUIRE(ship.name == "ship");
  // Well under the quota: every call starts one execution, and the
  // execution, not the call, is billed.
  CHECK(restock.throttled == 0);
  CHECK(restock.started > 200);
  std::uint64_t units = 1;
  CHECK(start_calls(r, "producer:inventory", &units) == restock.started);
  CHECK(units == 0);
  CHECK(ship.started > 200);
  CHECK(start_calls(r, "consumer:fulfilment") == ship.started);
  CHECK(r.events.balanced());
}
