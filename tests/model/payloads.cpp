// Payload limits and the claim-check pattern (shared/reference/services.md
// §7), and what producers send to FIFO targets: group and deduplication ids
// and retried sends.
#include <catch2/catch.hpp>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

constexpr std::int64_t big = 300'000;  // over the 256 KiB default of SQS, SNS and EventBridge

ProducerConfig producer(std::string table, std::string target, std::int64_t size) {
  ProducerConfig p;
  p.name = "p";
  p.target_table = table;
  p.target = std::move(target);
  p.arrival.rate = Rate{20};
  p.stop_after = seconds(30);
  EventTemplate t;
  t.size_bytes = Distribution::constant(static_cast<double>(size));
  FieldGenerator type;
  type.path = {"detail-type"};
  type.values = {"OrderPlaced"};
  type.weights = {1};
  t.fields.push_back(type);
  FieldGenerator customer;
  customer.path = {"detail", "customerId"};
  customer.kind = FieldGenerator::Kind::id;
  customer.prefix = "c-";
  customer.cardinality = 5;
  t.fields.push_back(customer);
  p.templates.push_back(t);
  return p;
}

SystemConfig design(ProducerConfig p) {
  SystemConfig s;
  s.name = "payloads";
  s.duration = minutes(2);
  s.producers.push_back(std::move(p));
  QueueConfig q;
  q.name = "work";
  s.queues.push_back(q);
  FleetConfig f;
  f.name = "workers";
  f.queue = "work";
  f.processing = DurationDistribution(Distribution::constant(0.001));
  f.failure_probability = 0.1;
  f.on_failure.kind = FailurePolicy::Kind::release;
  s.fleets.push_back(f);
  return s;
}

RunResult run(const SystemConfig& c) {
  System system(c);
  system.run();
  return system.result();
}

ProducerConfig::ClaimCheck claim_check() {
  ProducerConfig::ClaimCheck c;
  c.threshold = 200'000;
  c.reference_size = 300;
  return c;
}

}  // namespace

TEST_CASE("a message over the queue's size limit is refused and counted") {
  const RunResult r = run(design(producer("queues", "work", big)));
  CHECK(r.events.produced > 0);
  CHECK(r.events.rejected == r.events.produced);
  CHECK(r.events.processed == 0);
  CHECK(r.events.balanced());
}

TEST_CASE("a claim check stores the payload once and fetches it on every processing attempt") {
  ProducerConfig p = producer("queues", "work", big);
  p.claim_check = claim_check();
  const RunResult r = run(design(p));
  CHECK(r.events.rejected == 0);
  CHECK(r.events.processed == r.events.produced);
  CHECK(calls_made(r, "producer:p", metrics::call_kind::kS3PutObject) == r.events.produced);
  const FleetResult& f = r.fleets[0];
  CHECK(f.failed > 0);
  CHECK(calls_made(r, "consumer:workers", metrics::call_kind::kS3GetObject) ==
        f.processed + f.failed);
  // Only the reference travels: one billing unit per SendMessage.
  for (const CallLine& c : r.calls) {
    if (c.kind == metrics::call_kind::kSendMessage) CHECK(c.billing_units == c.calls);
  }
  CHECK(r.events.balanced());
}

TEST_CASE("payloads under the claim-check threshold travel whole") {
  ProducerConfig p = producer("queues", "work", 2'000);
  p.claim_check = claim_check();
  const RunResult r = run(design(p));
  CHECK(calls_made(r, "producer:p", metrics::call_kind::kS3PutObject) == 0);
  CHECK(calls_made(r, "consumer:workers", metrics::call_kind::kS3GetObject) == 0);
}

TEST_CASE("an entry over the bus's size is rejected at ingest unless claim-checked") {
  SystemConfig s = design(producer("buses", "main", big));
  BusConfig b;
  b.name = "main";
  b.rules.push_back(RuleConfig{"all", R"({"detail-type": ["OrderPlaced"]})", {"work"}});
  s.buses.push_back(b);
  const RunResult plain = run(s);
  CHECK(plain.events.rejected_at_ingest == plain.events.produced);

  s.producers[0].claim_check = claim_check();
  const RunResult checked = run(s);
  CHECK(checked.events.rejected_at_ingest == 0);
  CHECK(checked.events.processed == checked.events.produced);
  CHECK(calls_made(checked, "consumer:workers", metrics::call_kind::kS3GetObject) > 0);
  CHECK(checked.events.balanced());
}

TEST_CASE("a publish over the topic's size is rejected at ingest unless claim-checked") {
  SystemConfig s = design(producer("topics", "orders", big));
  TopicConfig t;
  t.name = "orders";
  SubscriptionConfig sub;
  sub.name = "work";
  sub.queue = "work";
  t.subscriptions.push_back(sub);
  s.topics.push_back(t);
  const RunResult plain = run(s);
  CHECK(plain.events.rejected_at_ingest == plain.events.produced);
  CHECK(plain.topics[0].oversize == plain.events.produced);

  s.producers[0].claim_check = claim_check();
  const RunResult checked = run(s);
  CHECK(checked.topics[0].oversize == 0);
  CHECK(checked.events.processed == checked.events.produced);
  CHECK(checked.events.balanced());
}

TEST_CASE("a producer's retried sends to a FIFO queue are dropped within the window") {
  ProducerConfig p = producer("queues", "work", 1'000);
  p.message_group_field = "detail.customerId";
  p.duplicate_send_probability = 1.0;
  p.duplicate_send_delay = seconds(10);
  SystemConfig s = design(p);
  s.queues[0].fifo = FifoConfig{};
  const RunResult r = run(s);
  CHECK(r.events.deduplicated == r.events.produced);
  CHECK(r.events.processed == r.events.produced);
  CHECK(r.queues[0].max_groups_in_flight <= 5);
  CHECK(r.events.balanced());
}

TEST_CASE("a producer's send retried after the window is a new FIFO message") {
  ProducerConfig p = producer("queues", "work", 1'000);
  p.message_group_field = "detail.customerId";
  p.duplicate_send_probability = 1.0;
  p.duplicate_send_delay = minutes(5) + seconds(1);
  SystemConfig s = design(p);
  s.duration = minutes(7);
  s.queues[0].fifo = FifoConfig{};
  const RunResult r = run(s);
  CHECK(r.events.deduplicated == 0);
  CHECK(r.events.copies == 2 * r.events.produced);
  CHECK(r.events.processed == 2 * r.events.produced);
  CHECK(r.events.balanced());
}
