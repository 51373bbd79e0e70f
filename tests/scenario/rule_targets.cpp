// Bus rule targets and chains' publish steps name any receiving kind with an
// ingest API by its prefix, as a producer's `to` does; a plain name is a
// queue. The loader records each target's kind, the topology links it, and
// a topic or state machine fed only by a rule is fed all the same. Another
// bus is a target too (bus-to-bus), never the rule's own bus; the test
// scenario data/bus-to-bus.toml runs with exact figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "sim/model/system.hpp"
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
  const Diagnostic source = only_problem(rule_to(R"(["q", "source.b"])"));
  CHECK(source.key == "buses.b.rules[0].targets[1]");
  CHECK(source.line == 8);
  CHECK(contains(source.message,
                 "a rule target is a queue's name or \"bus.NAME\", \"queue.NAME\", "
                 "\"state_machine.NAME\", \"stream.NAME\" or \"topic.NAME\", "
                 "got \"source.b\""));
  const Diagnostic own = only_problem(rule_to(R"(["q", "bus.b"])"));
  CHECK(own.key == "buses.b.rules[0].targets[1]");
  CHECK(own.line == 8);
  CHECK(contains(own.message, "a rule cannot target its own bus (b)"));
  const Diagnostic unknown_bus = only_problem(rule_to(R"(["q", { to = "bus.audit" }])"));
  CHECK(unknown_bus.key == "buses.b.rules[0].targets[1]");
  CHECK(contains(unknown_bus.message, "bus \"audit\" does not exist"));
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

namespace {

// Bus b's rule `r` targets `targets`; bus audit's rule targets queue q, or
// `audit_targets`.
std::string two_buses(const std::string& targets, const std::string& audit_targets = R"(["q"])") {
  return rule_to(targets) + R"(
[[buses.audit.rules]]
name = "log"
pattern = '{"source": ["x"]}'
targets = )" +
         audit_targets + "\n";
}

}  // namespace

TEST_CASE("a rule targets another bus as bus.NAME, with a retry policy as other targets") {
  const SystemConfig c = load_text(
      two_buses(
          R"(["q", { to = "bus.audit", max_retry_attempts = 4, dead_letter_queue = "dlq" }])"),
      "targets.toml");
  const auto b = std::find_if(c.buses.begin(), c.buses.end(),
                              [](const BusConfig& bus) { return bus.name == "b"; });
  REQUIRE(b != c.buses.end());
  const RuleConfig& r = b->rules.at(0);
  REQUIRE(r.targets.size() == 2);
  CHECK(r.targets[1] == "audit");
  CHECK(r.table(1) == "buses");
  CHECK(r.policy(1).max_retry_attempts == 4);
  CHECK(r.policy(1).dead_letter_queue == "dlq");
  CHECK(target_reference(r.table(1), r.targets[1]) == "bus.audit");
  // The audit bus is fed by the rule, not only by producers.
  const std::vector<Finding> findings = check(c, Topology(c));
  CHECK_FALSE(warns_of(findings, "buses.audit"));
}

TEST_CASE("a bus target of a bus that receives from a bus warns that only one hop is crossed",
          "[check]") {
  const SystemConfig c =
      load_text(two_buses(R"(["bus.audit"])", R"(["q", "bus.b"])"), "targets.toml");
  const std::vector<Finding> findings = check(c, Topology(c));
  CHECK(warns_of(findings, "buses.audit.rules[0].targets[1]"));
  CHECK(warns_of(findings, "buses.b.rules[0].targets[0]"));
  // Without a bus that sends to it, a bus's bus target is one hop: no warning.
  const SystemConfig one_hop = load_text(two_buses(R"(["q"])", R"(["bus.b"])"), "targets.toml");
  CHECK_FALSE(warns_of(check(one_hop, Topology(one_hop)), "buses.audit.rules[0].targets[0]"));
}

TEST_CASE("data/bus-to-bus.toml: orders cross one hop to the audit bus and stop there",
          "[bus-to-bus]") {
  const SystemConfig c =
      load(std::filesystem::path(EDASIM_SOURCE_DIR) / "tests/scenario/data/bus-to-bus.toml");
  const std::vector<Finding> findings = check(c, Topology(c));
  CHECK(warns_of(findings, "buses.audit.rules[0].targets[1]"));
  System system(c);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  REQUIRE(r.events.produced == 120);
  const auto bus = [&r](const std::string& name) -> const BusResult& {
    for (const BusResult& b : r.buses) {
      if (b.name == name) return b;
    }
    throw std::logic_error("no bus " + name);
  };
  const auto sent = [&r](const std::string& name) {
    for (const QueueResult& q : r.queues) {
      if (q.name == name) return q.sent;
    }
    throw std::logic_error("no queue " + name);
  };
  CHECK(bus("orders").matched_events == 100);
  CHECK(bus("orders").invocations == 200);
  CHECK(bus("audit").put_events_entries == 20);
  CHECK(bus("audit").bus_events_received == 100);
  CHECK(bus("audit").matched_events == 120);
  // The orders the audit bus received do not go on to analytics.
  CHECK(bus("audit").bus_hops_refused == 100);
  CHECK(bus("analytics").bus_events_received == 20);
  CHECK(sent("fulfilment") == 100);
  CHECK(sent("audit-log") == 120);
  CHECK(sent("analytics") == 20);
  CHECK(sent("audit-hop-dlq") == 0);
  CHECK(r.events.dropped_by_bus == 100);
  CHECK(r.events.processed == 240);
  // EventBridge events ingested from a bus, billed in the sender's name.
  CHECK(calls_made(r, "bus:orders", "EventBridge.DeliverToEventBus") == 100);
  CHECK(calls_made(r, "bus:audit", "EventBridge.DeliverToEventBus") == 20);
}
