// The settings of a partitioned log, a Kafka topic or a Kinesis data stream,
// and of the consumer groups that read it (shared/reference/services.md §5).
//
// Kinesis figures are documented (1 MB/s or 1,000 records/s in and 2 MB/s
// out per shard, 2 MB/s per enhanced fan-out consumer, 24 h retention);
// Kafka's per-partition throughput, its retention and every latency are
// parameters with documented defaults.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/time.hpp"
#include "sim/model/support/emit_config.hpp"

namespace edasim::model {

struct StreamConfig {
  // dynamodb: a DynamoDB table's stream, which the table owns (sim/model/tables).
  enum class Kind { kafka, kinesis, dynamodb };
  std::string name;
  Kind kind = Kind::kafka;
  std::int32_t partitions = 1;  // Kafka partitions or Kinesis shards
  // Write limits per partition and second; 0 is no limit.
  std::int64_t write_bytes_per_second = 10'000'000;
  std::int64_t write_records_per_second = 0;
  // Read limit per partition and second, shared by the groups (Kinesis
  // shared throughput), or per group with enhanced fan-out; 0 is no limit.
  std::int64_t read_bytes_per_second = 0;
  Duration retention = hours(168);
  // A write over the limit is throttled (Kinesis
  // ProvisionedThroughputExceeded): retried after retry_after, up to
  // max_retries times, then dropped.
  Duration retry_after = milliseconds(100);
  std::int32_t max_retries = 3;
  // From the write until a consumer can read the record (Kinesis: about
  // 200 ms for shared-throughput consumers, 70 ms with enhanced fan-out).
  Duration propagation = milliseconds(5);
  Duration fan_out_propagation = milliseconds(70);
  // Kafka cost: broker-hours.
  std::int32_t brokers = 3;

  static StreamConfig kinesis_defaults() {
    StreamConfig s;
    s.kind = Kind::kinesis;
    s.write_bytes_per_second = 1'000'000;
    s.write_records_per_second = 1'000;
    s.read_bytes_per_second = 2'000'000;
    s.retention = hours(24);
    s.propagation = milliseconds(200);
    return s;
  }
};

// A change in a group's membership at a given time.
struct MembershipChange {
  enum class Kind {
    join,   // a consumer joins: rebalance
    leave,  // a consumer leaves cleanly: commits, then rebalance
    fail,   // a consumer crashes: no commit; rebalance once the session times out
  };
  Duration at;
  Kind kind = Kind::join;
};

struct ConsumerGroupConfig {
  std::string name;
  std::string stream;
  std::int32_t consumers = 1;  // at the start
  // Records per poll (max.poll.records, or the GetRecords limit).
  std::int32_t batch = 500;
  core::DurationDistribution processing{core::Distribution::constant(0.001)};  // per record
  // An idle consumer polls again after this.
  Duration poll_interval = milliseconds(200);
  // Offsets are committed this often (auto-commit, or a KCL checkpoint).
  Duration commit_interval = seconds(5);
  enum class Rebalance {
    eager,        // every partition pauses while the group rebalances
    incremental,  // only partitions that change owner pause
  };
  Rebalance rebalance = Rebalance::eager;
  Duration rebalance_pause = seconds(3);
  Duration session_timeout = seconds(45);
  // Kinesis enhanced fan-out: a dedicated 2 MB/s per shard for this group.
  bool enhanced_fan_out = false;
  std::vector<MembershipChange> changes;  // in time order
  // Events a consumer emits as part of processing each record, when its
  // batch ends (sim/model/support/emit_list.hpp). A record's processing
  // never fails, so every entry emits on success.
  std::vector<EmitConfig> emit;
};

}  // namespace edasim::model
