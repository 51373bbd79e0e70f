// A partitioned log: a Kafka topic or a Kinesis data stream
// (shared/reference/services.md §5).
//
// What it promises:
// - A record goes to the partition (shard) its key hashes to, and each
//   partition keeps its records in write order, numbered by offset.
// - Writes to a partition are limited per second (bytes and records; Kinesis:
//   1 MB/s or 1,000 records/s per shard). A write over the limit is throttled
//   (ProvisionedThroughputExceeded): retried after retry_after up to
//   max_retries times, then dropped; both are counted.
// - Each consumer group reading the stream keeps, per partition, the next
//   offset to fetch, the end of what it has processed and its committed
//   offset. A record is one copy per group (at least one); a copy ends
//   processed, expired (retention deleted it before the group processed it)
//   or in flight.
// - Records older than the retention are deleted. Memory holds only records
//   some group has not committed yet.
// - Reads are limited per partition and second (Kinesis: 2 MB/s shared by the
//   groups, or per group with enhanced fan-out).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/model/streams/stream_config.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/support/ring.hpp"

namespace edasim::model {

class OfferedLoad;
struct OfferSample;

struct StreamRecord {
  std::uint64_t event = 0;
  Time produced;
  Time appended;
  std::int64_t size = 0;
  std::uint64_t key = 0;  // the partition key's hash (a table's item)
  // What the event carries of its root (an emitted event's), as a record
  // header would, so a consumer group measures from the root's production.
  Cause cause;
};

// One group's place in one partition. committed <= finished <= position,
// and everything below processed is done (processed, or expired
// unprocessed). finished is how far the partition's current owner has
// processed since it took the partition over: after a crash the new owner
// processes again from the committed offset, below processed, and commits
// only what it has itself finished, as a Kafka consumer commits its own
// position (a commit of processed would let a second crash skip records the
// first owner processed but never committed).
struct StreamCursor {
  std::uint64_t position = 0;
  std::uint64_t processed = 0;
  std::uint64_t committed = 0;
  std::uint64_t finished = 0;
};

class Stream final : public core::Component {
 public:
  Stream(StreamConfig config, const Context& context);

  void attach(core::ComponentId id) { id_ = id; }
  // Registers a reader before the run starts; returns its group index.
  // `dedicated_reads` gives it its own read budget (enhanced fan-out).
  std::uint32_t add_group(bool dedicated_reads);
  // Call once every group is registered.
  void start();
  // The groups registered so far.
  std::uint32_t groups() const { return static_cast<std::uint32_t>(expired_.size()); }

  // A client writes one record with a key hash; `cause` is what the event
  // carries of its root.
  void put(std::uint64_t event, Time produced, std::int64_t size, std::uint64_t key,
           const Cause& cause);
  // A service writes one copy of an event it routed (an EventBridge rule's
  // target): the event is counted routed already, and the copy becomes the
  // record's copies, one per consumer group. Returns false, writing
  // nothing, when the shard throttles it: the service retries it under its
  // own policy, not the stream's max_retries.
  bool relay(std::uint64_t event, Time produced, std::int64_t size, std::uint64_t key,
             const Cause& cause);
  // The share of a sender's events that `sample` offers the stream and the
  // partition its key hashes to (offered_load.hpp).
  void offer(const OfferSample& sample, OfferedLoad& load) const;
  // The API call a producer makes to write ("PutRecords" or "Produce") and
  // its billing units for `bytes` in `records` records.
  std::string_view put_call() const;
  std::uint64_t put_units(std::int64_t size) const;
  // Kinesis PUT payload units of every record admitted so far. A record a
  // shard throttles (ProvisionedThroughputExceeded, per record) is not
  // ingested and not billed, so a call's billing units are the difference
  // of this figure before and after it.
  std::uint64_t admitted_put_units() const { return result_.put_units; }

  const StreamConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  std::uint32_t partitions() const { return static_cast<std::uint32_t>(partitions_.size()); }
  std::uint64_t end(std::uint32_t p) const { return partitions_[p].end; }
  // Precondition: offset is still held (>= the partition's first held).
  const StreamRecord& record(std::uint32_t p, std::uint64_t offset) const;
  bool holds(std::uint32_t p, std::uint64_t offset) const;
  StreamCursor& cursor(std::uint32_t group, std::uint32_t p) {
    return cursors_[group * partitions_.size() + p];
  }
  const StreamCursor& cursor(std::uint32_t group, std::uint32_t p) const {
    return cursors_[group * partitions_.size() + p];
  }
  // Bytes group `group` may still read from partition p in this second.
  std::int64_t read_budget(std::uint32_t group, std::uint32_t p);
  void consume_read(std::uint32_t group, std::uint32_t p, std::int64_t bytes);
  // Frees records every group has committed.
  void release(std::uint32_t p);
  // Copies lost to retention, per group.
  std::uint64_t expired(std::uint32_t group) const { return expired_[group]; }

  // Events waiting for a throttled write to be retried.
  std::uint64_t pending_retries() const { return retries_.size(); }
  // Copies not yet processed by their group, all groups.
  std::uint64_t unprocessed() const;
  StreamResult result() const;

  void handle(core::Kernel& kernel, const core::Event& event) override;

 private:
  enum Kind : std::uint32_t { expire, retry };

  struct Partition {
    Ring<StreamRecord> records;  // offsets first .. end-1
    std::uint64_t first = 0;
    std::uint64_t end = 0;
    std::int64_t write_second = -1;
    std::int64_t written_bytes = 0, written_records = 0;
    bool expiry_armed = false;
  };
  struct ReadWindow {
    std::int64_t second = -1;
    std::int64_t bytes = 0;
  };
  struct Retry {
    Time due;
    StreamRecord record;  // appended when a write accepts it
    std::uint32_t partition;
    std::int32_t attempts;
  };

  std::uint32_t partition_of(std::uint64_t key) const;
  // True when the write was accepted. `relayed`: a service's copy (relay()).
  bool write(std::uint32_t p, StreamRecord record, bool relayed = false);
  void arm_expiry(std::uint32_t p);
  void expire_front(std::uint32_t p);
  ReadWindow& window(std::uint32_t group, std::uint32_t p);

  StreamConfig config_;
  core::Kernel& kernel_;
  Books& books_;
  core::ComponentId id_ = 0;
  std::vector<Partition> partitions_;
  std::vector<StreamCursor> cursors_;  // group-major
  std::vector<std::uint64_t> expired_;
  std::vector<bool> dedicated_;
  std::vector<ReadWindow> shared_reads_, dedicated_reads_;
  Ring<Retry> retries_;
  bool retry_armed_ = false;
  metrics::CounterId retry_put_;

  StreamResult result_;
};

}  // namespace edasim::model
