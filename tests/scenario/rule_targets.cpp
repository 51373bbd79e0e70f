// Bus rule targets and chains' publish steps name any receiving kind with an
// ingest API by its prefix, as a producer's `to` does; a plain name is a
// queue. The loader records each target's kind, the topology links it, and
// a topic or state machine fed only by a rule is fed all the same.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "sim/scenario/check.hpp"
#include "sim/scenario/topology.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

std::string rule_to(const std::string& targets) {
  return R"(
[producers.p]
to = "bus.b"
rate = "1/s"
[[buses.b.rules]]
name = "r"
pattern = '{"source": ["x"]}'
targets = )" +
         targets + R"(
[queues.q]
[queues.dlq]
[consumers.c]
queue = "q"
[topics.t]
[topics.t.subscriptions.s]
queue = "q"
[streams.s]
kind = "kinesis"
[consumer_groups.g]
stream = "s"
[state_machines.m]
start_at = "A"
[state_machines.m.states.A]
type = "pass"
end = true
)";
}

bool warns_of(const std::vector<Finding>& findings, const std::string& key) {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
    return f.key == key && f.severity == Severity::warning;
  });
}

}  // namespace

TEST_CASE("a rule target's prefix names its kind, and a plain name is a queue") {
  const SystemConfig c =
      load_text(rule_to(R"(["q", "state_machine.m", { to = "topic.t", dead_letter_queue = "dlq" },)"
                        R"( { to = "stream.s", max_retry_attempts = 3 }, { to = "queue.dlq" }])"),
                "targets.toml");
  const RuleConfig& r = c.buses.at(0).rules.at(0);
  REQUIRE(r.targets.size() == 5);
  CHECK(r.targets == std::vector<std::string>{"q", "m", "t", "s", "dlq"});
  CHECK(r.table(0) == "queues");
  CHECK(r.table(1) == "state_machines");
  CHECK(r.table(2) == "topics");
  CHECK(r.table(3) == "streams");
  CHECK(r.table(4) == "queues");
  CHECK(r.policy(2).dead_letter_queue == "dlq");
  CHECK(r.policy(3).max_retry_attempts == 3);
  CHECK(target_reference(r.table(1), r.targets[1]) == "state_machine.m");
  CHECK(target_reference(r.table(4), r.targets[4]) == "dlq");
}

TEST_CASE("a topic or state machine only a rule feeds is fed") {
  const SystemConfig c = load_text(rule_to(R"(["topic.t", "state_machine.m"])"), "targets.toml");
  const Topology topology(c);
  const std::vector<Finding> findings = check(c, topology);
  CHECK_FALSE(warns_of(findings, "topics.t"));
  // Without the rule's edge, the topic would be unfed.
  const SystemConfig unfed = load_text(rule_to(R"(["q"])"), "targets.toml");
  CHECK(warns_of(check(unfed, Topology(unfed)), "topics.t"));
}

TEST_CASE("a rule target of another kind is refused where it is written", "[errors]") {
  const Diagnostic bus = only_problem(rule_to(R"(["q", "bus.b"])"));
  CHECK(bus.key == "buses.b.rules[0].targets[1]");
  CHECK(bus.line == 8);
  CHECK(contains(bus.message,
                 "a rule target is a queue's name or \"queue.NAME\", "
                 "\"state_machine.NAME\", \"stream.NAME\" or \"topic.NAME\", "
                 "got \"bus.b\""));
  const Diagnostic repeated = only_problem(rule_to(R"(["state_machine.m", "state_machine.m"])"));
  CHECK(repeated.key == "buses.b.rules[0].targets[1]");
  CHECK(repeated.message == "state_machine \"m\" is already a target of this rule");
  const Diagnostic missing = only_problem(rule_to(R"(["topic.nope"])"));
  CHECK(missing.key == "buses.b.rules[0].targets[0]");
  CHECK(contains(missing.message, "topic \"nope\" does not exist"));
  const Diagnostic neither = only_problem(rule_to(R"([{ max_retry_attempts = 3 }])"));
  CHECK(neither.key == "buses.b.rules[0].targets[0].queue");
}

TEST_CASE("a chain's publish step names its target's kind") {
  const SystemConfig c = load_text(R"(
[producers.p]
to = "chain.c"
rate = "1/s"
[chains.c]
steps = [{ publish = "state_machine.m" }]
[state_machines.m]
start_at = "A"
[state_machines.m.states.A]
type = "pass"
end = true
)",
                                   "chain.toml");
  const ChainStep& step = c.chains.at(0).steps.at(0);
  CHECK(step.publish == "m");
  CHECK(step.publish_table == "state_machines");
  CHECK(step.retry.max_attempts == RetryPolicy::sdk_standard().max_attempts);
}
