// DynamoDB tables and the Lambda event source mappings that read streams
// (services.md §11): writes billed in write request units, one stream
// record per write, batches per shard retried until they succeed, expire or
// are discarded, and a ledger that balances through all of it.
#include <catch2/catch.hpp>

#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

std::uint64_t billing_units(const RunResult& r, std::string_view component, std::string_view kind) {
  for (const CallLine& c : r.calls) {
    if (c.component == component && c.kind == kind) return c.billing_units;
  }
  return 0;
}

// Producer "orders" (Poisson at `rate` for `writing`, items of `bytes`) ->
// table "orders" (`shards` shards, a stream of new images) -> function
// "project" (`processing` a record, batches of up to 10). The run lasts
// `duration`.
SystemConfig projected(double rate, Duration writing, Duration duration, std::int32_t shards = 2,
                       double processing = 0.005, std::int64_t bytes = 1024) {
  SystemConfig s;
  s.name = "projected";
  s.seed = 41;
  s.duration = duration;
  ProducerConfig p;
  p.name = "orders";
  p.target_table = "tables";
  p.target = "orders";
  p.arrival.rate = Rate{rate};
  p.stop_after = writing;
  EventTemplate e;
  e.size_bytes = Distribution::constant(static_cast<double>(bytes));
  p.templates.push_back(e);
  s.producers.push_back(p);
  TableConfig t;
  t.name = "orders";
  t.view = TableConfig::View::new_image;
  t.shards = shards;
  s.tables.push_back(t);
  FunctionConfig f;
  f.name = "project";
  f.table = "orders";
  f.batch_size = 10;
  f.processing = DurationDistribution(Distribution::constant(processing));
  s.functions.push_back(f);
  return s;
}

QueueConfig queue_named(std::string name) {
  QueueConfig q;
  q.name = std::move(name);
  return q;
}

}  // namespace

TEST_CASE(
    "every write to a table is one stream record its function processes once, billed in write "
    "units, and the ledger balances") {
  const RunResult r = testing::run_to_end(projected(40, seconds(60), minutes(2)));
  REQUIRE(r.tables.size() == 1);
  const TableResult& t = r.tables[0];
  const FunctionResult& f = r.functions[0];
  REQUIRE(r.events.produced > 2'000);
  CHECK(t.writes == r.events.produced);
  CHECK(t.write_units == t.writes);  // 1 KB items: one unit each
  CHECK(t.stream_records == t.writes);
  CHECK(t.readers == 1);
  CHECK(f.table == "orders");
  CHECK(f.processed == r.events.produced);
  CHECK(f.abandoned_records == 0);
  CHECK(r.events.processed == r.events.produced);
  CHECK(r.events.duplicates_processed == 0);
  CHECK(r.events.in_flight == 0);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
  CHECK(calls_made(r, "producer:orders", "PutItem") == t.writes);
  CHECK(billing_units(r, "producer:orders", "PutItem") == t.write_units);
  CHECK(calls_made(r, "lambda:project", "Invoke") == f.invocations);
  CHECK(calls_made(r, "lambda:project", "GetRecords") == f.fetches);
  // A record is readable 200 ms after its write; shards are polled 4 times
  // a second, so the projection lags by at least that and at most about
  // propagation + a poll interval + a batch (+ a cold start of 250 ms).
  CHECK(f.end_to_end.min() >= milliseconds(200).ns);
  CHECK(f.end_to_end.max() < milliseconds(200 + 250 + 100 + 250).ns);
  CHECK(f.end_to_end.quantile(0.5) < milliseconds(200 + 250 + 100).ns);
  CHECK(f.iterator_age.count() == f.invocations);
  // One lane per shard: never more than two batches at once.
  CHECK(f.peak_executions <= 2);
}

TEST_CASE("a transactional write of an outbox pair costs two units per KB of each item") {
  SystemConfig s = projected(10, seconds(30), minutes(1), 1, 0.005, 1536);
  s.tables[0].write = TableConfig::Write::transaction;
  s.tables[0].items = 2;
  s.tables[0].view = TableConfig::View::new_and_old_images;
  const RunResult r = testing::run_to_end(s);
  const TableResult& t = r.tables[0];
  REQUIRE(t.writes > 200);
  // 1.5 KB rounds up to 2 units, x 2 items, x 2 for the transaction.
  CHECK(t.write_units == 8 * t.writes);
  CHECK(calls_made(r, "producer:orders", "TransactWriteItems") == t.writes);
  CHECK(calls_made(r, "producer:orders", "PutItem") == 0);
  CHECK(t.stream_bytes == 2 * 1536 * t.stream_records);
  CHECK(r.events.balanced());
}

TEST_CASE("an item over 400 KB is refused at the table and counted") {
  const RunResult r =
      testing::run_to_end(projected(5, seconds(10), seconds(30), 1, 0.005, 500 * 1024));
  const TableResult& t = r.tables[0];
  REQUIRE(r.events.produced > 20);
  CHECK(t.writes == 0);
  CHECK(t.rejected == r.events.produced);
  CHECK(r.events.rejected_at_ingest == r.events.produced);
  CHECK(r.events.balanced());
}

TEST_CASE(
    "with the defaults a record that always fails blocks its shard until retention deletes it a "
    "day later, and the records behind it wait") {
  // One write a second for 20 s; about one in ten always fails. A retry a
  // minute keeps the day of retries short to simulate.
  SystemConfig s = projected(1, seconds(20), hours(25), 1);
  s.functions[0].poison_fraction = 0.1;
  s.functions[0].stream_mapping.retry_wait = minutes(1);
  const RunResult r = testing::run_to_end(s);
  const FunctionResult& f = r.functions[0];
  REQUIRE(r.events.produced > 10);
  REQUIRE(f.failed > 0);
  CHECK(f.abandoned_batches == 0);
  CHECK(f.expired_records > 0);
  CHECK(r.events.expired == f.expired_records);
  // Blocked for about the 24 h retention (to within a retry).
  CHECK(f.longest_block_ns >= static_cast<std::uint64_t>((hours(24) - minutes(2)).ns));
  CHECK(f.longest_block_ns <= static_cast<std::uint64_t>((hours(24) + minutes(2)).ns));
  CHECK(f.iterator_age.max() >= (hours(24) - minutes(2)).ns);
  // Everything else was processed once the poison expired.
  CHECK(r.events.processed + r.events.expired == r.events.produced);
  CHECK(r.events.in_flight == 0);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}

TEST_CASE(
    "maximum_retry_attempts discards a failing batch whole, bisect_on_error narrows the discard "
    "to the failing records, and the on-failure queue gets one description per discarded batch") {
  const auto run = [](bool bisect) {
    SystemConfig s = projected(50, seconds(60), minutes(3), 2);
    FunctionConfig& f = s.functions[0];
    f.poison_fraction = 0.01;
    f.stream_mapping.maximum_retry_attempts = 2;
    f.stream_mapping.bisect_on_error = bisect;
    EmitConfig fail;
    fail.target_table = "queues";
    fail.target = "failures";
    fail.event = EventTemplate{};
    fail.when = EmitConfig::When::failure;
    f.stream_mapping.on_failure.push_back(fail);
    s.queues.push_back(queue_named("failures"));
    return testing::run_to_end(s);
  };
  const RunResult whole = run(false), narrowed = run(true);
  for (const RunResult* r : {&whole, &narrowed}) {
    const FunctionResult& f = r->functions[0];
    REQUIRE(f.abandoned_batches > 5);
    CHECK(r->events.abandoned == f.abandoned_records);
    CHECK(r->events.emitted == f.abandoned_batches);
    CHECK(calls_made(*r, "lambda:project.on-failure", "SendMessage") == f.abandoned_batches);
    CHECK(r->queues.back().sent == f.abandoned_batches);
    CHECK(r->events.processed + r->events.abandoned ==
          r->events.produced + r->events.emitted - r->queues.back().sent);
    CHECK(r->events.balanced());
    INFO(testing::failed_invariants(*r));
    CHECK(testing::failed_invariants(*r).empty());
  }
  // Without bisection a discarded batch takes its good records with it;
  // with it, each discarded batch is one failing record.
  CHECK(whole.functions[0].abandoned_records > whole.functions[0].abandoned_batches);
  CHECK(narrowed.functions[0].abandoned_records == narrowed.functions[0].abandoned_batches);
  CHECK(narrowed.functions[0].bisections > 0);
  // The same events are poison in both (same seed): bisection loses fewer.
  CHECK(narrowed.events.abandoned < whole.events.abandoned);
  // Without ReportBatchItemFailures, a retried batch processes its good
  // records again.
  CHECK(whole.events.duplicates_processed > 0);
}

TEST_CASE("maximum_record_age discards records that waited too long behind a slow function") {
  // One shard, one lane: 20 ms a record serves 50 records a second, and 80
  // arrive; with a 60 s limit, records older than that are discarded.
  SystemConfig s = projected(80, minutes(3), minutes(5), 1, 0.02);
  s.functions[0].stream_mapping.maximum_record_age = seconds(60);
  const RunResult r = testing::run_to_end(s);
  const FunctionResult& f = r.functions[0];
  CHECK(f.abandoned_records > 1'000);
  CHECK(f.iterator_age.max() <= (seconds(60) + seconds(1)).ns);
  CHECK(r.events.balanced());
  CHECK(testing::failed_invariants(r).empty());
}

TEST_CASE("a parallelization factor runs that many batches per shard and cuts the lag") {
  const auto run = [](std::int32_t factor) {
    SystemConfig s = projected(80, minutes(2), minutes(10), 1, 0.02);
    s.functions[0].batch_size = 1;
    s.functions[0].stream_mapping.parallelization_factor = factor;
    return testing::run_to_end(s);
  };
  const RunResult one = run(1), four = run(4);
  CHECK(one.functions[0].peak_executions == 1);
  CHECK(four.functions[0].peak_executions == 4);
  CHECK(four.functions[0].processed == four.events.produced);
  // 80 records/s against 50/s a lane: one lane falls behind, four keep up.
  CHECK(one.functions[0].iterator_age.quantile(0.99) >
        10 * four.functions[0].iterator_age.quantile(0.99));
  CHECK(one.events.balanced());
  CHECK(four.events.balanced());
}

TEST_CASE("a function reads a Kinesis stream through the same mapping, once a second per shard") {
  SystemConfig s = projected(20, seconds(60), minutes(2));
  s.tables.clear();
  s.producers[0].target_table = "streams";
  s.producers[0].target = "clicks";
  StreamConfig k = StreamConfig::kinesis_defaults();
  k.name = "clicks";
  k.partitions = 2;
  s.streams.push_back(k);
  s.functions[0].table.clear();
  s.functions[0].stream = "clicks";
  s.functions[0].stream_mapping.poll_interval = seconds(1);
  const RunResult r = testing::run_to_end(s);
  const FunctionResult& f = r.functions[0];
  CHECK(f.stream == "clicks");
  CHECK(f.processed == r.events.produced);
  // About one GetRecords a second per shard over the two minutes.
  CHECK(f.fetches >= 2 * 115);
  CHECK(f.fetches <= 2 * 125);
  CHECK(r.events.balanced());
}
