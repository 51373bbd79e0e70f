// Consumer groups that emit events while processing records: one emission
// per record a batch processed (again after a rebalance), billed in the
// group's name, routed by a bus's rules, counted in the ledger, and
// measured downstream from the root event's production.
#include <catch2/catch.hpp>

#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

// Producer "clicks" (Poisson at `rate`, stopped at 60 s) -> stream "log"
// (Kafka, 4 partitions) -> group "audit" (2 consumers, 5 ms a record) ->
// emits to bus "events", whose rule sends the "shop" events to queue
// "archive" -> fleet "archiver" (10 ms each).
SystemConfig group_emits(double rate) {
  SystemConfig s;
  s.name = "group-emits";
  s.seed = 17;
  s.duration = minutes(3);
  StreamConfig log;
  log.name = "log";
  log.partitions = 4;
  s.streams.push_back(log);
  ProducerConfig p;
  p.name = "clicks";
  p.target_table = "streams";
  p.target = "log";
  p.arrival.rate = Rate{rate};
  p.stop_after = seconds(60);
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig archive;
  archive.name = "archive";
  s.queues.push_back(archive);
  BusConfig bus;
  bus.name = "events";
  RuleConfig rule;
  rule.name = "to-archive";
  rule.pattern = R"({"source": ["shop"]})";
  rule.targets.push_back("archive");
  bus.rules.push_back(rule);
  s.buses.push_back(bus);
  ConsumerGroupConfig g;
  g.name = "audit";
  g.stream = "log";
  g.consumers = 2;
  g.processing = DurationDistribution(Distribution::constant(0.005));
  g.poll_interval = milliseconds(50);
  EmitConfig emit;
  emit.target_table = "buses";
  emit.target = "events";
  emit.event = testing::shop_event();
  g.emit.push_back(emit);
  s.groups.push_back(g);
  FleetConfig archiver;
  archiver.name = "archiver";
  archiver.queue = "archive";
  archiver.instances = 2;
  archiver.processing = DurationDistribution(Distribution::constant(0.01));
  s.fleets.push_back(archiver);
  return s;
}

}  // namespace

TEST_CASE(
    "a consumer group emits one event per record it processes, through a bus's rules, "
    "billed to the group") {
  const RunResult r = testing::run_to_end(group_emits(50));
  REQUIRE(r.groups.size() == 1);
  const ConsumerGroupResult& audit = r.groups[0];
  const FleetResult& archiver = r.fleets[0];
  REQUIRE(r.events.produced > 2'000);
  CHECK(audit.processed == r.events.produced);
  CHECK(audit.reprocessed == 0);
  CHECK(audit.emitted == audit.processed);
  CHECK(r.events.emitted == audit.emitted);
  // One PutEvents per emitted event, in the group's name; the rule routes
  // every one (the template's source is "shop") to the archive.
  CHECK(calls_made(r, "group:audit", "PutEvents") == audit.emitted);
  CHECK(r.events.unrouted == 0);
  CHECK(archiver.processed == audit.emitted);
  CHECK(r.events.processed == r.events.produced + r.events.emitted);
  CHECK(r.events.balanced());
  CHECK(r.emits);
  CHECK(testing::failed_invariants(r).empty());
  // The archiver measures from the click's production: its end to end
  // holds the group's 5 ms a record, its stage does not.
  CHECK(archiver.end_to_end.min() >= milliseconds(15).ns);
  CHECK(archiver.end_to_end.min() > archiver.stage.min());
}

TEST_CASE("a consumer group emits again for the records it processes again after a crash") {
  SystemConfig s = group_emits(50);
  // A consumer crashes at 20 s: what it processed since its last commit is
  // processed again by the partition's next owner, and emitted again.
  s.groups[0].changes.push_back(MembershipChange{seconds(20), MembershipChange::Kind::fail});
  s.groups[0].commit_interval = seconds(10);
  const RunResult r = testing::run_to_end(s);
  const ConsumerGroupResult& audit = r.groups[0];
  REQUIRE(audit.reprocessed > 0);
  CHECK(audit.emitted == audit.processed + audit.reprocessed);
  CHECK(r.fleets[0].processed == audit.emitted);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}

TEST_CASE("a consumer group that emits to a queue sends one SendMessage per record") {
  SystemConfig s = group_emits(20);
  s.groups[0].emit[0].target_table = "queues";
  s.groups[0].emit[0].target = "archive";
  s.groups[0].emit[0].event.reset();
  const RunResult r = testing::run_to_end(s);
  const ConsumerGroupResult& audit = r.groups[0];
  REQUIRE(audit.processed > 500);
  CHECK(audit.emitted == audit.processed);
  CHECK(calls_made(r, "group:audit", "SendMessage") == audit.emitted);
  CHECK(calls_made(r, "group:audit", "PutEvents") == 0);
  CHECK(r.fleets[0].processed == audit.emitted);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}
