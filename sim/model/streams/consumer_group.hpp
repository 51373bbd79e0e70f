// A consumer group reading a stream: Kafka consumers or Kinesis (KCL)
// workers, each partition owned by at most one consumer at a time
// (shared/reference/services.md §5).
//
// What it promises:
// - Partitions are spread over the live consumers; a consumer polls its
//   partitions in turn, takes up to `batch` readable records of one
//   partition (written at least `propagation` ago, within the read limit),
//   processes them one after another and polls again. A partition is read
//   at most once per poll_interval (Kinesis allows 5 reads a second per
//   shard), so an idle consumer polls every poll_interval.
// - Offsets are committed every commit_interval: what each partition's owner
//   has processed since it took the partition over (StreamCursor::finished).
// - A join or a clean leave triggers a rebalance at once; a crash stalls the
//   dead consumer's partitions until session_timeout has passed, then
//   triggers one. In an eager rebalance every partition pauses for
//   rebalance_pause; in an incremental one only the partitions that change
//   owner do. A partition's new owner starts at the committed offset, so
//   records processed since the last commit are processed again
//   (duplicates, counted).
// - Lag is records written but not committed; iterator age is the age of
//   the next record to be read.
// - Emitting (config.emit): when a batch ends, the emit list is told of
//   each record the batch processed (a success: a record's processing never
//   fails), a record processed again after a rebalance included; the sends
//   are billed under "group:<name>". A batch a crash or a leave made stale
//   processed nothing and emits nothing.
// - End-to-end latency runs from the root event's production: a record
//   carries its event's cause (StreamRecord::cause).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/streams/stream.hpp"
#include "sim/model/streams/stream_config.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/emit_list.hpp"
#include "sim/model/support/flow_ends.hpp"

namespace edasim::model {

class ConsumerGroup final : public core::Component {
 public:
  ConsumerGroup(ConsumerGroupConfig config, Stream& stream, const Context& context);

  void attach(core::ComponentId id) { id_ = id; }
  // The emitters of config.emit (before start()).
  void emit_through(EmitList emitters) { emitters_ = std::move(emitters); }
  EmitList& emit_list() { return emitters_; }
  // Measures where flows end here (sim/model/support/flow_ends.hpp): called
  // when the design emits, before start().
  void track_flows(std::vector<std::uint64_t> producer_bases) {
    flow_ends_ = FlowEnds(std::move(producer_bases));
  }
  FlowEnds& flow_ends() { return flow_ends_; }
  void start();
  void handle(core::Kernel& kernel, const core::Event& event) override;

  const ConsumerGroupConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  // Records written but not yet committed, over all partitions.
  std::uint64_t lag() const;
  // Age of the oldest record not yet read (zero when all are read).
  Duration iterator_age() const;
  // Emitted events buffered in its emitters (throttled, waiting to retry).
  std::uint64_t emitted_buffered() const { return emitters_.buffered(); }
  // Takes a sample of lag and iterator age for the peaks.
  void sample();
  // The consumer that owns partition p, or -1.
  std::int32_t owner(std::uint32_t p) const { return partitions_[p].owner; }
  std::int32_t live_consumers() const;
  // Forgets the latency histogram and the peaks of lag and iterator age
  // measured so far (the end of a warm-up); counts are kept.
  void restart_measurements();
  ConsumerGroupResult result() const;

 private:
  enum Kind : std::uint32_t { fetch, batch_done, commit, change, session_expired };

  struct Consumer {
    bool alive = false;
    bool busy = false;
    std::uint32_t generation = 0;  // a crash or leave makes its pending batch stale
    std::uint32_t token = 0;       // the newest poll chain; older ones stop
    std::vector<std::uint32_t> partitions;
    std::size_t next = 0;
    std::uint32_t partition = 0;  // of the batch in progress
    std::uint64_t from = 0, to = 0;
    // The batch's records [from, to) as the emit list sees them (only when
    // the group emits).
    std::vector<Processed> records;
  };
  struct PartitionState {
    std::int32_t owner = -1;
    Time paused_until;
    Time next_read;  // a partition is read at most once per poll_interval
  };

  std::uint32_t join();
  // The last live consumer, or -1.
  std::int32_t last_alive() const;
  void leave(std::uint32_t consumer, bool commit_first);
  void rebalance();
  void kick(std::uint32_t consumer);
  void poll(std::uint32_t consumer);
  void finish_batch(std::uint32_t consumer);
  void count_empty_reads(std::uint64_t reads);
  void commit_all();

  ConsumerGroupConfig config_;
  Stream& stream_;
  core::Kernel& kernel_;
  Books& books_;
  core::ComponentId id_ = 0;
  std::uint32_t group_;
  core::RandomStream processing_rng_;
  std::vector<Consumer> consumers_;
  std::vector<PartitionState> partitions_;
  metrics::CounterId fetch_, commit_;
  bool kinesis_;
  EmitList emitters_;
  FlowEnds flow_ends_;
  ConsumerGroupResult result_;
};

}  // namespace edasim::model
