// An outbox relay (a function reading a table's stream and publishing what
// it reads) is at-least-once (services.md §12.3): a batch that fails or
// times out after the handler published some of its records is retried
// whole, and those records are published again. Downstream, the second
// publication is a new message with the identity of the first, and a
// consumer that counts duplicates (`duplicates`) sees it as one.
#include <catch2/catch.hpp>

#include <cstdint>

#include "sim/model/support/emit_list.hpp"
#include "sim/model/support/poison.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

constexpr std::uint64_t kWrites = 10;

// Producer "orders": ten writes, one every 100 ms up to 1 s, to table
// "orders" (one shard, a stream of new images). Function "relay" reads the
// stream in one batch of ten (the batching window outlasts the writes),
// 100 ms a record, and publishes each record it finishes to queue "out";
// it retries a failed batch twice, then discards it. Fleet "sink" reads
// "out" and counts duplicates.
SystemConfig relay(std::uint64_t seed = 7) {
  SystemConfig s;
  s.name = "relay";
  s.seed = seed;
  s.duration = minutes(2);
  ProducerConfig p;
  p.name = "orders";
  p.target_table = "tables";
  p.target = "orders";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{10};
  p.stop_after = milliseconds(1050);
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  TableConfig t;
  t.name = "orders";
  t.view = TableConfig::View::new_image;
  t.shards = 1;
  s.tables.push_back(t);
  FunctionConfig f;
  f.name = "relay";
  f.table = "orders";
  f.batch_size = 10;
  f.batching_window = seconds(5);
  f.timeout = seconds(10);
  f.processing = DurationDistribution(Distribution::constant(0.1));
  f.stream_mapping.maximum_retry_attempts = 2;
  f.stream_mapping.retry_wait = seconds(1);
  f.duplicates.enabled = true;
  EmitConfig publish;
  publish.target_table = "queues";
  publish.target = "out";
  f.emit.push_back(publish);
  s.functions.push_back(f);
  QueueConfig out;
  out.name = "out";
  s.queues.push_back(out);
  FleetConfig sink;
  sink.name = "sink";
  sink.queue = "out";
  sink.batch_size = 1;
  sink.processing = DurationDistribution(Distribution::constant(0.01));
  sink.duplicates.enabled = true;
  s.fleets.push_back(sink);
  return s;
}

void check_balanced(const RunResult& r) {
  CHECK(r.events.in_flight == 0);
  CHECK(r.events.balanced());
  INFO(testing::failed_invariants(r));
  CHECK(testing::failed_invariants(r).empty());
}

}  // namespace

TEST_CASE("a relay that publishes every record once counts no duplicate, nor does its consumer") {
  const RunResult r = testing::run_to_end(relay());
  const FunctionResult& f = r.functions[0];
  const FleetResult& sink = r.fleets[0];
  REQUIRE(r.events.produced == kWrites);
  CHECK(f.invocations == 1);
  CHECK(f.counts_duplicates);
  CHECK(f.duplicates == 0);
  CHECK(f.emitted == kWrites);
  CHECK(sink.counts_duplicates);
  CHECK(sink.processed == kWrites);
  CHECK(sink.duplicates == 0);
  check_balanced(r);
}

TEST_CASE("a relay timed out after publishing 4 of 10 records publishes them again on each retry") {
  // The consumer counts 8 duplicates; the other 6 records are never
  // published.
  // 450 ms: the handler finishes records 1 to 4 (400 ms) and is stopped
  // in the fifth, three times (the first try and two retries).
  SystemConfig s = relay();
  s.functions[0].timeout = milliseconds(450);
  const RunResult r = testing::run_to_end(s);
  const FunctionResult& f = r.functions[0];
  const FleetResult& sink = r.fleets[0];
  REQUIRE(r.events.produced == kWrites);
  CHECK(f.invocations == 3);
  CHECK(f.timeouts == 3);
  CHECK(f.processed == 12);
  CHECK(f.duplicates == 8);  // its own: records 1 to 4 processed again, twice
  CHECK(f.abandoned_batches == 1);
  CHECK(f.abandoned_records == 6);
  CHECK(f.emitted == 12);
  // Twelve messages, each a message of its own: the per-message figure
  // sees no duplicate; by the events' identities, 8 of the 12 are.
  CHECK(sink.processed == 12);
  CHECK(sink.duplicates == 8);
  CHECK(r.events.duplicates_processed == 8);  // the relay's reprocessed records
  CHECK(r.events.abandoned == 6);
  check_balanced(r);
}

TEST_CASE("a relay that fails at record k publishes records 1 to k-1 again on each retry") {
  SystemConfig s = relay();
  s.functions[0].poison_fraction = 0.25;
  // Which of the ten writes is poison for this relay, as the function
  // decides it: by the event's number.
  const PoisonSet poison(s.seed, "lambda:relay/poison", 0.25);
  const std::uint64_t base = EventBases(s).producers()[0];
  std::uint64_t k = kWrites;
  for (std::uint64_t i = 0; i < kWrites && k == kWrites; ++i) {
    if (poison.contains(base | i)) k = i;
  }
  INFO("the first poison write is number " << k);
  REQUIRE(k > 0);
  REQUIRE(k < kWrites);
  const RunResult r = testing::run_to_end(s);
  const FunctionResult& f = r.functions[0];
  const FleetResult& sink = r.fleets[0];
  REQUIRE(r.events.produced == kWrites);
  CHECK(f.invocations == 3);
  CHECK(f.failed_batches == 3);
  CHECK(f.failed == 3);
  CHECK(f.emitted == 3 * k);
  CHECK(f.abandoned_records == kWrites - k);
  CHECK(sink.processed == 3 * k);
  CHECK(sink.duplicates == 2 * k);
  check_balanced(r);
}

TEST_CASE("a relay reporting item failures retries from the failed record: no duplicate") {
  SystemConfig s = relay();
  s.functions[0].timeout = seconds(10);
  s.functions[0].poison_fraction = 0.25;
  s.functions[0].report_batch_item_failures = true;
  const RunResult r = testing::run_to_end(s);
  const FleetResult& sink = r.fleets[0];
  REQUIRE(r.functions[0].failed > 0);
  REQUIRE(sink.processed > 0);
  CHECK(sink.duplicates == 0);
  CHECK(r.functions[0].duplicates == 0);
  check_balanced(r);
}

TEST_CASE("an idempotent consumer deletes the relay's second publications unprocessed") {
  // Its store is keyed by the event's identity, which a republished event
  // shares with the first publication.
  SystemConfig s = relay();
  s.functions[0].timeout = milliseconds(450);
  s.fleets[0].idempotency.enabled = true;
  const RunResult r = testing::run_to_end(s);
  const FleetResult& sink = r.fleets[0];
  CHECK(sink.processed == 4);
  CHECK(sink.duplicates_suppressed == 8);
  CHECK(sink.duplicates == 0);
  check_balanced(r);
}

TEST_CASE("two emit entries to one consumer make two identities, not a duplicate") {
  SystemConfig s = relay();
  EmitConfig again = s.functions[0].emit[0];
  s.functions[0].emit.push_back(again);
  const RunResult r = testing::run_to_end(s);
  const FleetResult& sink = r.fleets[0];
  CHECK(sink.processed == 2 * kWrites);
  CHECK(sink.duplicates == 0);
  check_balanced(r);
}

TEST_CASE("a consumer that does not count duplicates reports none and holds nothing") {
  SystemConfig s = relay();
  s.functions[0].timeout = milliseconds(450);
  s.fleets[0].duplicates.enabled = false;
  const RunResult r = testing::run_to_end(s);
  CHECK_FALSE(r.fleets[0].counts_duplicates);
  CHECK(r.fleets[0].duplicates == 0);
  CHECK(r.fleets[0].processed == 12);
}

TEST_CASE("a duplicate later than the window after the previous processing is not counted") {
  // The relay's retries come a minute apart; a 30 s window has forgotten
  // the previous publication by then.
  SystemConfig s = relay();
  s.functions[0].timeout = milliseconds(450);
  s.functions[0].stream_mapping.retry_wait = minutes(1);
  s.duration = minutes(5);
  s.fleets[0].duplicates.window = seconds(30);
  const RunResult r = testing::run_to_end(s);
  CHECK(r.fleets[0].processed == 12);
  CHECK(r.fleets[0].duplicates == 0);
  // The relay's own window (1 h) still sees them.
  CHECK(r.functions[0].duplicates == 8);
}

TEST_CASE("a function fed by the relay's queue counts the relay's second publications too") {
  SystemConfig s = relay();
  s.functions[0].timeout = milliseconds(450);
  s.fleets.clear();
  FunctionConfig sink;
  sink.name = "sink";
  sink.queue = "out";
  sink.processing = DurationDistribution(Distribution::constant(0.01));
  sink.duplicates.enabled = true;
  s.functions.push_back(sink);
  const RunResult r = testing::run_to_end(s);
  REQUIRE(r.functions.size() == 2);
  const FunctionResult& f = r.functions[1];
  CHECK(f.counts_duplicates);
  CHECK(f.processed == 12);
  CHECK(f.duplicates == 8);
  check_balanced(r);
}
