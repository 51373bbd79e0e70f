// Streams (Kafka topics, Kinesis data streams): partitioning by key, order,
// write throttling, retries and retention.
#include "sim/model/streams/stream.hpp"

#include <catch2/catch.hpp>

#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

SystemConfig one_stream(StreamConfig stream, double rate, Duration stop_after) {
  SystemConfig s;
  s.name = "stream-test";
  s.seed = 3;
  s.duration = seconds(5);
  stream.name = "log";
  s.streams.push_back(stream);
  ProducerConfig p;
  p.name = "p";
  p.target_table = "streams";
  p.target = "log";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{rate};
  p.stop_after = stop_after;
  p.batch_size = 1;
  EventTemplate t;
  t.name = "e";
  FieldGenerator key;
  key.path = {"detail", "customer"};
  key.kind = FieldGenerator::Kind::id;
  key.prefix = "c-";
  key.cardinality = 1;
  t.fields.push_back(key);
  t.size_bytes = Distribution::constant(100);
  p.templates.push_back(t);
  s.producers.push_back(p);
  return s;
}

StreamConfig kafka(std::int32_t partitions) {
  StreamConfig s;
  s.partitions = partitions;
  return s;
}

}  // namespace

TEST_CASE("records with the same key go to one partition, in write order") {
  SystemConfig s = one_stream(kafka(8), 100, seconds(2));
  s.producers[0].key = "detail.customer";
  System system(s);
  system.run();
  const RunResult r = system.result();
  const Stream& log = system.component<Stream>(0);
  std::uint32_t used = 0;
  for (std::uint32_t p = 0; p < log.partitions(); ++p) {
    if (log.end(p) == 0) continue;
    ++used;
    CHECK(log.end(p) == r.events.produced);
    for (std::uint64_t o = 1; o < log.end(p); ++o) {
      CHECK(log.record(p, o - 1).produced < log.record(p, o).produced);
    }
  }
  CHECK(used == 1);
}

TEST_CASE("without a key, records spread over every partition") {
  SystemConfig s = one_stream(kafka(8), 400, seconds(2));
  System system(s);
  system.run();
  const Stream& log = system.component<Stream>(0);
  for (std::uint32_t p = 0; p < log.partitions(); ++p) CHECK(log.end(p) > 50);
}

TEST_CASE("a Kinesis shard takes at most 1,000 records a second") {
  StreamConfig k = StreamConfig::kinesis_defaults();
  k.partitions = 1;
  k.max_retries = 0;
  SystemConfig s = one_stream(k, 1500, seconds(1));
  System system(s);
  system.run();
  const RunResult r = system.result();
  // Writes at k / 1500 s for k = 1 .. 1499, all inside the first second.
  REQUIRE(r.events.produced == 1499);
  CHECK(r.streams[0].records == 1000);
  CHECK(r.streams[0].throttled == 499);
  CHECK(r.streams[0].dropped == 499);
  CHECK(r.events.throttled == 499);
  CHECK(r.streams[0].peak_partition_records_per_second == 1000);
  CHECK(r.events.balanced());
}

TEST_CASE("a Kinesis shard takes at most 1 MB a second") {
  StreamConfig k = StreamConfig::kinesis_defaults();
  k.partitions = 1;
  k.max_retries = 0;
  SystemConfig s = one_stream(k, 600, seconds(1));
  s.producers[0].templates[0].size_bytes = Distribution::constant(2000);
  System system(s);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.events.produced == 599);
  CHECK(r.streams[0].records == 500);
  CHECK(r.streams[0].peak_partition_bytes_per_second == 1'000'000);
  CHECK(r.streams[0].throttled == 99);
  CHECK(r.streams[0].put_units == 500);
}

TEST_CASE("throttled writes are retried after retry_after and every event is accounted for") {
  StreamConfig k = StreamConfig::kinesis_defaults();
  k.partitions = 1;
  k.max_retries = 3;
  k.retry_after = milliseconds(400);
  SystemConfig s = one_stream(k, 1500, seconds(1));
  System system(s);
  system.run();
  const RunResult r = system.result();
  // 499 refused in the first second; retried at 0.4 s steps, some land in
  // the next second's budget.
  CHECK(r.streams[0].records > 1000);
  CHECK(r.streams[0].retried >= 499);
  CHECK(r.streams[0].records + r.streams[0].dropped == r.events.produced);
  CHECK(calls_made(r, "stream:log", "PutRecords") > 0);
  CHECK(r.events.balanced());
}

TEST_CASE("records older than the retention are lost unread and counted as expired") {
  StreamConfig k = kafka(2);
  k.retention = seconds(10);
  SystemConfig s = one_stream(k, 10, seconds(2));
  s.duration = seconds(15);
  System system(s);
  system.run_until(Time::zero() + seconds(10));
  CHECK(system.result().events.expired == 0);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.events.produced == 19);
  CHECK(r.events.expired == 19);
  CHECK(r.events.in_flight == 0);
  CHECK(r.events.balanced());
}

TEST_CASE("Kinesis PutRecords billing units count only the records the shards admitted") {
  StreamConfig k = StreamConfig::kinesis_defaults();
  k.partitions = 1;
  k.max_retries = 3;
  k.retry_after = milliseconds(400);
  SystemConfig s = one_stream(k, 1500, seconds(1));
  // 30 KB records: two 25 KB PUT payload units each.
  s.producers[0].templates[0].size_bytes = Distribution::constant(30'000);
  System system(s);
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.streams[0].throttled > 0);
  std::uint64_t units = 0;
  for (const CallLine& c : r.calls) {
    if (c.kind == "PutRecords") units += c.billing_units;
  }
  // A throttled record is not ingested, so it is not billed: the ledger's
  // units are the admitted records' units, which the cost prices.
  CHECK(r.streams[0].put_units == 2 * r.streams[0].records);
  CHECK(units == r.streams[0].put_units);
}
