// [state_machines.NAME] as the loader reads it: states named by reference
// are resolved, every bad reference is reported where it is written, the
// type's defaults come from services.md §10, and `check` warns of a state
// nothing reaches.
#include <catch2/catch.hpp>

#include "sim/scenario/check.hpp"
#include "sim/scenario/topology.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string producer = R"(
[producers.shop]
to = "state_machine.flow"
rate = "1/s"
)";

std::string machine(const std::string& head, const std::string& states) {
  return producer + "[state_machines.flow]\n" + head + "\n" + states;
}

const std::string two_states = R"(
[state_machines.flow.states.Work]
type = "task"
duration = "1s"
next = "Done"
[state_machines.flow.states.Done]
type = "succeed"
)";

}  // namespace

TEST_CASE("a state machine's states are resolved and its type sets the defaults") {
  const SystemConfig c = load_text(machine("start_at = \"Work\"", two_states), "test.toml");
  REQUIRE(c.state_machines.size() == 1);
  const StateMachineConfig& m = c.state_machines[0];
  REQUIRE(m.states.size() == 2);
  CHECK(m.states[m.start_state].name == "Work");
  CHECK(m.states[m.states[m.start_state].next_state].name == "Done");
  CHECK(m.timeout == hours(24 * 365));
  CHECK(c.step_functions.standard_start_rate == 300);
  CHECK(c.step_functions.standard_transition_rate == 1500);
  const SystemConfig e =
      load_text(machine("type = \"express\"\nstart_at = \"Work\"", two_states), "test.toml");
  CHECK(e.step_functions.express_start_rate == 6000);
  CHECK(e.state_machines[0].timeout == minutes(5));
}

TEST_CASE("the account's Step Functions quotas are read from [scenario.quotas.step_functions]") {
  const SystemConfig c = load_text(R"(
[scenario.quotas.step_functions]
standard_start_bucket = 800
standard_start_rate = 150
express_start_bucket = 100
express_start_rate = 50
standard_transition_bucket = 800
standard_transition_rate = 500
)" + machine("start_at = \"Work\"", two_states),
                                   "test.toml");
  CHECK(c.step_functions.standard_start_bucket == 800);
  CHECK(c.step_functions.standard_start_rate == 150);
  CHECK(c.step_functions.express_start_bucket == 100);
  CHECK(c.step_functions.express_start_rate == 50);
  CHECK(c.step_functions.standard_transition_bucket == 800);
  CHECK(c.step_functions.standard_transition_rate == 500);
  const Diagnostic d = only_problem(R"(
[scenario.quotas.step_functions]
standard_transition_rate = 0
)" + machine("start_at = \"Work\"", two_states));
  CHECK(d.key == "scenario.quotas.step_functions.standard_transition_rate");
  CHECK(d.line == 3);
}

TEST_CASE("a machine's own start_bucket is refused, saying where the account's quota is set",
          "[errors]") {
  const Diagnostic d =
      only_problem(machine("type = \"express\"\nstart_at = \"Work\"\nstart_rate = 10", two_states));
  CHECK(d.key == "state_machines.flow.start_rate");
  CHECK(d.line == 8);
  CHECK(contains(d.message, "[scenario.quotas.step_functions] express_start_rate"));
}

TEST_CASE("a retrier's unset fields take ASL's defaults", "[errors]") {
  const SystemConfig c = load_text(machine("start_at = \"Work\"", R"(
[state_machines.flow.states.Work]
type = "task"
retry = [{ errors = ["States.ALL"], jitter = "full" }]
end = true
)"),
                                   "test.toml");
  const Retrier& r = c.state_machines[0].states[0].retry.at(0);
  CHECK(r.interval == seconds(1));
  CHECK(r.max_attempts == 3);
  CHECK(r.backoff_rate == 2.0);
  CHECK(r.max_delay == Duration::zero());
  CHECK(r.full_jitter);
}

TEST_CASE("a misspelt next state is refused where it is written, with a suggestion", "[errors]") {
  const Diagnostic d = only_problem(machine("start_at = \"Work\"", R"(
[state_machines.flow.states.Work]
type = "task"
next = "Dnoe"
[state_machines.flow.states.Done]
type = "succeed"
)"));
  CHECK(d.key == "state_machines.flow.states.Work.next");
  CHECK(d.line == 10);
  CHECK(contains(d.message, "no state named \"Dnoe\""));
  CHECK(contains(d.message, "did you mean \"Done\""));
}

TEST_CASE("a parallel's branch and a catch's next must be states of the machine", "[errors]") {
  const auto found = problems(machine("start_at = \"Both\"", R"(
[state_machines.flow.states.Both]
type = "parallel"
branches = ["Done", "Nowhere"]
catch = [{ errors = ["States.ALL"], next = "Elsewhere" }]
end = true
[state_machines.flow.states.Done]
type = "succeed"
)"));
  REQUIRE(found.size() == 2);
  CHECK(found[0].key == "state_machines.flow.states.Both.catch[0].next");
  CHECK(found[1].key == "state_machines.flow.states.Both.branches[1]");
}

TEST_CASE("a task with neither next nor end is refused", "[errors]") {
  const Diagnostic d = only_problem(machine("start_at = \"Work\"", R"(
[state_machines.flow.states.Work]
type = "task"
)"));
  CHECK(d.key == "state_machines.flow.states.Work");
  CHECK(contains(d.message, "exactly one of next and end = true"));
}

TEST_CASE("a state no execution reaches is a warning, a loop is not", "[errors]") {
  const SystemConfig c = load_text(machine("start_at = \"A\"", R"(
[state_machines.flow.states.A]
type = "pass"
next = "B"
[state_machines.flow.states.B]
type = "wait"
seconds = "1s"
next = "A"
[state_machines.flow.states.Orphan]
type = "succeed"
)"),
                                   "test.toml");
  const std::vector<Finding> findings = check(c, Topology(c));
  std::vector<Finding> warnings;
  for (const Finding& f : findings) {
    if (f.severity == Severity::warning) warnings.push_back(f);
  }
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].key == "state_machines.flow.states.Orphan");
  CHECK(contains(warnings[0].message, "no execution reaches state Orphan"));
}
