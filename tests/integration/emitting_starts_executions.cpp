// A consumer fleet's emit list can start state-machine executions: the emit
// is a StartExecution call like a producer's, and each one starts exactly one
// execution.
#include <catch2/catch.hpp>

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
