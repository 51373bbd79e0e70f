// Point-to-point delivery: a producer sends every event to every queue, and
// each consumer discards what it does not want after paying for it.
#include <catch2/catch.hpp>

#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

// Orders of three kinds (Placed 1/2, Cancelled 1/4, Returned 1/4) sent to
// three queues; "shipping" wants Placed, "returns" wants Returned,
// "audit" wants everything. Every consumer looks the order up once.
SystemConfig point_to_point() {
  SystemConfig c;
  c.duration = minutes(10);
  ProducerConfig p;
  p.name = "orders";
  p.target_table = "queues";
  p.targets = {"shipping", "returns", "audit"};
  p.target = p.targets.front();
  p.arrival.rate = Rate{5.0};
  EventTemplate t;
  t.name = "order";
  FieldGenerator type;
  type.path = {"detail-type"};
  type.values = {"OrderPlaced", "OrderCancelled", "OrderReturned"};
  type.weights = {2, 1, 1};
  t.fields.push_back(type);
  p.templates.push_back(t);
  c.producers.push_back(p);
  ApiConfig lookup;
  lookup.name = "orders.GetOrder";
  lookup.latency = DurationDistribution(Distribution::constant(0.01));
  c.apis.push_back(lookup);
  const std::vector<std::pair<std::string, std::string>> wants = {
      {"shipping", R"({"detail-type": ["OrderPlaced"]})"},
      {"returns", R"({"detail-type": ["OrderReturned"]})"},
      {"audit", ""}};
  for (const auto& [name, pattern] : wants) {
    QueueConfig q;
    q.name = name;
    c.queues.push_back(q);
    FleetConfig f;
    f.name = name;
    f.queue = name;
    f.wants = pattern;
    f.processing = DurationDistribution(Distribution::constant(0.02));
    f.discard_processing = DurationDistribution(Distribution::constant(0.005));
    f.calls = {{"orders.GetOrder", 1}};
    c.fleets.push_back(f);
  }
  return c;
}

const FleetResult& fleet(const RunResult& r, const std::string& name) {
  for (const FleetResult& f : r.fleets) {
    if (f.name == name) return f;
  }
  FAIL("no fleet " << name);
  return r.fleets.front();
}

}  // namespace

TEST_CASE("a point-to-point producer sends every event to every queue") {
  System system(point_to_point());
  system.run();
  const RunResult r = system.result();
  const std::uint64_t produced = r.events.produced;
  REQUIRE(produced > 2000);
  CHECK(calls_made(r, "producer:orders", "SendMessage") == 3 * produced);
  CHECK(r.events.copies == 3 * produced);
  for (const QueueResult& q : r.queues) CHECK(q.sent == produced);
}

TEST_CASE("consumers discard unwanted copies after receiving, processing and looking them up") {
  System system(point_to_point());
  system.run();
  const RunResult r = system.result();
  const FleetResult& shipping = fleet(r, "shipping");
  const FleetResult& returns = fleet(r, "returns");
  const FleetResult& audit = fleet(r, "audit");
  CHECK(audit.discarded == 0);
  CHECK(shipping.discarded > 0);
  CHECK(returns.discarded > shipping.discarded);
  // Each event is wanted by audit and by at most one of the others.
  const std::uint64_t produced = r.events.produced;
  // Every copy sent to shipping was handled one way or the other, but for
  // the last few still in its queue.
  CHECK(shipping.processed + shipping.discarded <= produced);
  CHECK(shipping.processed + shipping.discarded + 20 >= produced);
  CHECK(r.events.discarded == shipping.discarded + returns.discarded);
  // Lookups are made for discarded copies too.
  const std::uint64_t handled = shipping.processed + shipping.discarded;
  CHECK(calls_made(r, "consumer:shipping", "orders.GetOrder") >= handled);
  CHECK(r.events.balanced());
  // Only wanted copies count towards latency.
  CHECK(shipping.end_to_end.count() == shipping.processed);
}

TEST_CASE("a copy is unwanted by the same events in every run") {
  System a(point_to_point());
  a.run();
  System b(point_to_point());
  b.run();
  CHECK(fleet(a.result(), "returns").discarded == fleet(b.result(), "returns").discarded);
}
