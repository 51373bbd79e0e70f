// The bus's schema registry: which events a schema checks, what a mismatch
// is (a required field missing, a field of the wrong type), and the three
// things a mismatch can become (delivered, rejected at ingest, quarantined).
#include "sim/model/support/schema_registry.hpp"

#include <catch2/catch.hpp>

#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

FieldGenerator text(std::vector<std::string> path, std::string value) {
  FieldGenerator f;
  f.path = std::move(path);
  f.values = {std::move(value)};
  f.weights = {1.0};
  return f;
}

FieldGenerator number(std::vector<std::string> path, double value) {
  FieldGenerator f;
  f.path = std::move(path);
  f.kind = FieldGenerator::Kind::number;
  f.number = Distribution::constant(value);
  return f;
}

// Ten events, one a second, of one shape, put on bus "b".
ProducerConfig ten(std::string name, std::vector<FieldGenerator> fields) {
  ProducerConfig p;
  p.name = std::move(name);
  p.target_table = "buses";
  p.target = "b";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{1.0};
  p.stop_after = milliseconds(10'500);
  EventTemplate t;
  t.fields = std::move(fields);
  t.fields.push_back(text({"source"}, "shop"));
  p.templates.push_back(std::move(t));
  return p;
}

// Four producers of ten events each: orders with a numeric total (valid),
// orders with a text total (wrong type), orders without one (missing), and
// pings the order schema does not apply to. One rule routes all to "q".
SystemConfig registry(SchemaConfig::OnMismatch on_mismatch) {
  SystemConfig s;
  s.name = "schemas";
  s.seed = 9;
  s.duration = seconds(30);
  const auto order = text({"detail-type"}, "OrderPlaced");
  s.producers.push_back(ten("good", {order, number({"detail", "total"}, 12.5)}));
  s.producers.push_back(ten("text", {order, text({"detail", "total"}, "12.50")}));
  s.producers.push_back(ten("missing", {order}));
  s.producers.push_back(ten("ping", {text({"detail-type"}, "Ping")}));
  BusConfig b;
  b.name = "b";
  b.rules.push_back(RuleConfig{"all", R"({"source": ["shop"]})", {"q"}});
  SchemaConfig schema;
  schema.name = "order";
  schema.applies_to = R"({"detail-type": ["OrderPlaced"]})";
  schema.required = {"detail.total"};
  schema.types = {{"detail.total", SchemaConfig::Type::number}};
  schema.on_mismatch = on_mismatch;
  if (on_mismatch == SchemaConfig::OnMismatch::quarantine) schema.quarantine_queue = "invalid";
  b.schemas.push_back(schema);
  s.buses.push_back(b);
  for (const char* name : {"q", "invalid"}) {
    QueueConfig q;
    q.name = name;
    s.queues.push_back(q);
  }
  return s;
}

RunResult run(const SystemConfig& config) {
  System system(config);
  system.run();
  return system.result();
}

std::uint64_t sent_to(const RunResult& r, std::string_view queue) {
  for (const QueueResult& q : r.queues) {
    if (q.name == queue) return q.sent;
  }
  FAIL("no queue " << queue);
  return 0;
}

}  // namespace

TEST_CASE("a schema checks only the events its pattern selects, and counts each verdict") {
  const RunResult r = run(registry(SchemaConfig::OnMismatch::deliver));
  REQUIRE(r.events.produced == 40);
  const BusResult& b = r.buses.at(0);
  CHECK(b.schema_valid == 10);
  CHECK(b.schema_mismatched == 20);  // the wrong type and the missing field
  REQUIRE(b.schemas.size() == 1);
  CHECK(b.schemas[0].name == "order");
  CHECK(b.schemas[0].mismatched == 20);
  CHECK(r.events.balanced());
}

TEST_CASE("a mismatch marked deliver is counted and routed like a valid event") {
  const RunResult r = run(registry(SchemaConfig::OnMismatch::deliver));
  CHECK(sent_to(r, "q") == 40);
  CHECK(sent_to(r, "invalid") == 0);
  CHECK(r.events.rejected_at_ingest == 0);
}

TEST_CASE("a mismatch marked reject is refused at ingest and makes no copy") {
  const RunResult r = run(registry(SchemaConfig::OnMismatch::reject));
  const BusResult& b = r.buses.at(0);
  CHECK(b.schema_rejected == 20);
  CHECK(r.events.rejected_at_ingest == 20);
  CHECK(sent_to(r, "q") == 20);
  CHECK(b.put_events_entries == 20);
  CHECK(r.events.balanced());
}

TEST_CASE("a mismatch marked quarantine goes to the quarantine queue instead of its targets") {
  const RunResult r = run(registry(SchemaConfig::OnMismatch::quarantine));
  const BusResult& b = r.buses.at(0);
  CHECK(b.schema_quarantined == 20);
  CHECK(sent_to(r, "q") == 20);
  CHECK(sent_to(r, "invalid") == 20);
  CHECK(r.events.rejected_at_ingest == 0);
  CHECK(r.events.balanced());
}

TEST_CASE("without applies_to a schema checks every event on the bus") {
  SystemConfig s = registry(SchemaConfig::OnMismatch::deliver);
  s.buses[0].schemas[0].applies_to.clear();
  const RunResult r = run(s);
  CHECK(r.buses[0].schema_valid == 10);
  CHECK(r.buses[0].schema_mismatched == 30);  // the pings lack a total too
}
