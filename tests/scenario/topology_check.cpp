// The topology graph and the findings `check` computes on it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "sim/scenario/check.hpp"
#include "sim/scenario/topology.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string complete_file =
    std::string(EDASIM_SOURCE_DIR) + "/tests/scenario/data/complete.toml";

std::size_t count(const Topology& t, Topology::Link link) {
  std::size_t n = 0;
  for (const auto e : boost::make_iterator_range(boost::edges(t.graph()))) {
    if (t.graph()[e].link == link) ++n;
  }
  return n;
}

std::vector<Finding> findings_of(const SystemConfig& c) {
  return check(c, Topology(c));
}

std::vector<Finding> with_severity(const std::vector<Finding>& all, Severity severity) {
  std::vector<Finding> out;
  for (const Finding& f : all) {
    if (f.severity == severity) out.push_back(f);
  }
  return out;
}

bool has_key(const std::vector<Finding>& findings, const std::string& key) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return f.key == key; });
}

// A design built in code, as the model's tests would.
SystemConfig two_queues() {
  SystemConfig c;
  c.name = "code";
  ProducerConfig p;
  p.name = "p";
  p.target_table = "queues";
  p.target = "work";
  c.producers.push_back(p);
  QueueConfig work;
  work.name = "work";
  work.dead_letter_queue = "work-dlq";
  work.max_receive_count = 3;
  QueueConfig dlq;
  dlq.name = "work-dlq";
  dlq.retention = hours(24 * 14);
  c.queues = {work, dlq};
  FleetConfig f;
  f.name = "workers";
  f.queue = "work";
  c.fleets.push_back(f);
  return c;
}

}  // namespace

TEST_CASE("the topology has a vertex per component and an edge per connection", "[topology]") {
  const SystemConfig c = load(complete_file);
  const Topology t(c);
  // 2 producers, 1 bus, 2 rules, 3 queues, 2 fleets.
  CHECK(boost::num_vertices(t.graph()) == 10);
  CHECK(count(t, Topology::Link::sends_to) == 2);
  CHECK(count(t, Topology::Link::has_rule) == 2);
  CHECK(count(t, Topology::Link::routes_to) == 2);
  CHECK(count(t, Topology::Link::redrives_to) == 1);
  CHECK(count(t, Topology::Link::feeds) == 2);
  CHECK(t.unresolved().empty());
  const auto fraud = t.find("queues", "fraud");
  REQUIRE(fraud);
  CHECK(boost::in_degree(*fraud, t.graph()) == 1);   // from the rule
  CHECK(boost::out_degree(*fraud, t.graph()) == 2);  // DLQ and fleet
  CHECK(t.names("queues") == std::vector<std::string>{"audit", "fraud", "fraud-dlq"});
}

TEST_CASE("a dangling reference is unresolved, not an edge", "[topology]") {
  SystemConfig c = two_queues();
  c.fleets[0].queue = "wrk";
  const Topology t(c);
  REQUIRE(t.unresolved().size() == 1);
  CHECK(t.unresolved()[0].key == "consumers.workers.queue");
  const auto errors = with_severity(findings_of(c), Severity::error);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message == "queue \"wrk\" does not exist; did you mean \"work\"?");
}

TEST_CASE("redrive cycles are found on the graph, each once", "[topology]") {
  SystemConfig c = two_queues();
  c.queues[1].dead_letter_queue = "work";
  c.queues[1].max_receive_count = 2;
  const Topology t(c);
  const auto cycles = t.redrive_cycles();
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0] == std::vector<std::string>{"work", "work-dlq"});
  const auto errors = with_severity(findings_of(c), Severity::error);
  REQUIRE(errors.size() == 1);
  CHECK(contains(errors[0].message, "redrive cycle work -> work-dlq -> work"));
}

TEST_CASE("a three-queue redrive loop is one cycle", "[topology]") {
  SystemConfig c = two_queues();
  QueueConfig third;
  third.name = "third";
  third.dead_letter_queue = "work";
  third.max_receive_count = 1;
  c.queues[1].dead_letter_queue = "third";
  c.queues[1].max_receive_count = 1;
  c.queues.push_back(third);
  const auto cycles = Topology(c).redrive_cycles();
  REQUIRE(cycles.size() == 1);
  CHECK(cycles[0] == std::vector<std::string>{"work", "work-dlq", "third"});
}

TEST_CASE("a dead-letter queue without a consumer is info, not a warning", "[check]") {
  const auto all = findings_of(two_queues());
  CHECK(with_severity(all, Severity::warning).empty());
  const auto infos = with_severity(all, Severity::info);
  REQUIRE(infos.size() == 1);
  CHECK(infos[0].key == "queues.work-dlq");
  CHECK(contains(infos[0].message, "which is normal"));
  CHECK(contains(infos[0].message, "14d"));
}

TEST_CASE("a queue nobody consumes warns when its messages expire", "[check]") {
  SystemConfig c = two_queues();
  c.fleets.clear();
  const auto warnings = with_severity(findings_of(c), Severity::warning);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].key == "queues.work");
  CHECK(warnings[0].message == "nobody consumes queue work: its messages will expire after 4d");
}

TEST_CASE("a queue nothing sends to is a warning", "[check]") {
  SystemConfig c = two_queues();
  QueueConfig idle;
  idle.name = "idle";
  c.queues.push_back(idle);
  FleetConfig idlers;
  idlers.name = "idlers";
  idlers.queue = "idle";
  c.fleets.push_back(idlers);
  const auto warnings = with_severity(findings_of(c), Severity::warning);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].key == "queues.idle");
  CHECK(contains(warnings[0].message, "nothing sends to queue idle"));
}

TEST_CASE("a design without producers is a warning", "[check]") {
  SystemConfig c = two_queues();
  c.producers.clear();
  const auto warnings = with_severity(findings_of(c), Severity::warning);
  REQUIRE(warnings.size() == 2);
  CHECK(has_key(warnings, "producers"));
  CHECK(has_key(warnings, "queues.work"));
}

TEST_CASE("a bus with no rules is a warning", "[check]") {
  SystemConfig c = two_queues();
  BusConfig bus;
  bus.name = "quiet";
  c.buses.push_back(bus);
  c.producers[0].target_table = "buses";
  c.producers[0].target = "quiet";
  const auto warnings = with_severity(findings_of(c), Severity::warning);
  REQUIRE(warnings.size() == 2);  // the bus, and the queue nothing sends to now
  const auto quiet = std::find_if(warnings.begin(), warnings.end(),
                                  [](const Finding& f) { return f.key == "buses.quiet"; });
  REQUIRE(quiet != warnings.end());
  CHECK(contains(quiet->message, "has no rules"));
}

TEST_CASE("batches slower than the visibility timeout are a warning", "[check]") {
  SystemConfig c = two_queues();
  c.fleets[0].processing = DurationDistribution(Distribution::constant(4.0));
  c.fleets[0].batch_size = 10;
  const auto warnings = with_severity(findings_of(c), Severity::warning);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].key == "consumers.workers.batch");
  CHECK(contains(warnings[0].message, "takes 40s on average"));
}

TEST_CASE("a dead-letter queue that keeps messages less long than its source warns", "[check]") {
  SystemConfig c = two_queues();
  c.queues[1].retention = hours(1);
  const auto warnings = with_severity(findings_of(c), Severity::warning);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].key == "queues.work.dead_letter_queue");
}

TEST_CASE("extra checks append their findings after the built-in ones", "[check]") {
  const SystemConfig c = two_queues();
  const ExtraCheck unmatched = [](const SystemConfig&, const Topology&, std::vector<Finding>& out) {
    out.push_back({Severity::warning, "producers.p", "no rule matches"});
  };
  const auto all = check(c, Topology(c), std::span(&unmatched, 1));
  REQUIRE_FALSE(all.empty());
  CHECK(all.back().message == "no rule matches");
}

TEST_CASE("the complete example has only the expected findings", "[check]") {
  const auto all = findings_of(load(complete_file));
  CHECK(with_severity(all, Severity::error).empty());
  CHECK(with_severity(all, Severity::warning).empty());
  const auto infos = with_severity(all, Severity::info);
  REQUIRE(infos.size() == 1);
  CHECK(infos[0].key == "queues.fraud-dlq");
}

TEST_CASE("findings print errors first, then warnings, then infos", "[check]") {
  const std::vector<Finding> findings = {{Severity::info, "a", "third"},
                                         {Severity::error, "b", "first"},
                                         {Severity::warning, "c", "second"}};
  std::ostringstream out;
  print(out, findings);
  CHECK(out.str() == "error: b: first\nwarning: c: second\ninfo: a: third\n");
  std::ostringstream none;
  print(none, std::vector<Finding>{});
  CHECK(none.str() == "no findings\n");
}
