// A Lambda function fed by an event source mapping for a stream: a Kinesis
// stream or a DynamoDB table's stream (shared/reference/services.md §11.4).
//
// What it promises:
// - Each shard is polled every poll_interval (GetRecords, at most 1,000
//   records a call from a table's stream and 10,000 from Kinesis, within
//   Kinesis's read limit); the mapping holds at most two batches per lane
//   or 1,000 records per shard, whichever is more, so a backlog stays in
//   the stream.
// - A shard's records are split over parallelization_factor lanes by key:
//   records of one key (a table's item) are processed in order, one batch
//   at a time per lane; a lane's next batch starts when the last succeeded.
// - A batch is up to `batch` records, no more than payload_limit bytes,
//   gathered for at most batching_window. An invocation beyond the
//   function's concurrency is throttled and retried every throttle_retry
//   until its records expire or grow too old.
// - A failed invocation (a record failed, or the timeout) blocks its lane:
//   the same batch is retried after retry_wait. With
//   ReportBatchItemFailures the records before the first failure are done
//   and the retry starts at it; without, the whole batch is retried and
//   records already processed are processed again (duplicates). With
//   bisect_on_error a failed batch of several records is split in two and
//   the first half retried, spending no retry attempt. A batch that has used
//   maximum_retry_attempts, or whose oldest record is older than
//   maximum_record_age, is discarded: its unprocessed records are abandoned
//   (a fate of the event totals) and the on-failure destination, if any,
//   gets one description of the batch. Records the stream's retention
//   deletes first are expired.
// - Measures: iterator age (the age of a batch's last record when its
//   invocation ends), how long lanes stayed blocked, end-to-end latency from
//   the root's production, calls under "lambda:<name>" (GetRecords and
//   Invoke; Lambda's reads of a stream are free).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/model/functions/function_config.hpp"
#include "sim/model/functions/function_result.hpp"
#include "sim/model/functions/invocations.hpp"
#include "sim/model/streams/stream.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/emit_list.hpp"
#include "sim/model/support/flow_ends.hpp"
#include "sim/model/support/poison.hpp"
#include "sim/model/support/processing_watch.hpp"

namespace edasim::model {

class StreamMapping final : public core::Component {
 public:
  // Registers the mapping as a reader of `stream` (before the stream starts).
  StreamMapping(FunctionConfig config, Stream& stream, const Context& context);

  void attach(core::ComponentId id) { id_ = id; }
  void emit_through(EmitList emitters) { emitters_ = std::move(emitters); }
  EmitList& emit_list() { return emitters_; }
  // Where descriptions of discarded batches go (config.on_failure).
  void fail_through(EmitList on_failure) { on_failure_ = std::move(on_failure); }
  void track_flows(std::vector<std::uint64_t> producer_bases) {
    flow_ends_ = FlowEnds(std::move(producer_bases));
  }
  FlowEnds& flow_ends() { return flow_ends_; }
  // Who is told of each record's first successful processing here.
  ProcessingWatch& processing_watch() { return processing_watch_; }
  // Starts polling every shard at time zero.
  void start();

  void handle(core::Kernel& kernel, const core::Event& event) override;

  const FunctionConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  // Lanes with a batch in hand now (its concurrency), and invocations running.
  std::int32_t concurrency() const { return busy_lanes_; }
  std::int32_t executions() const { return invocations_.running(); }
  // Emitted events buffered in its emitters (throttled, waiting to retry).
  std::uint64_t emitted_buffered() const { return emitters_.buffered() + on_failure_.buffered(); }
  // Records fetched from the stream that are neither processed, abandoned
  // nor expired yet: in flight in the event totals.
  std::uint64_t holding() const { return holding_; }
  void restart_measurements();
  FunctionResult result() const;

 private:
  enum Kind : std::uint32_t { poll, invoke, invocation_done };
  enum class Outcome : std::uint8_t { succeeded, failed, not_reached };

  struct Held {
    StreamRecord record;
    bool processed = false;
  };
  struct Lane {
    std::deque<Held> pending;  // fetched, in shard order
    std::size_t batch = 0;     // records of the batch being tried; 0: none yet
    std::int32_t attempts = 0;
    bool scheduled = false;  // an invoke or its end is on the calendar
    bool in_hand = false;    // counted in busy_lanes_
    bool blocked = false;
    Time blocked_since;
    Time first_fetched;
    bool timed_out = false;
    std::vector<Outcome> outcomes;
    std::vector<bool> emitted;
  };

  std::uint32_t lane_of(std::uint32_t shard, std::uint64_t key) const;
  void fetch(std::uint32_t shard);
  void try_start(std::uint32_t lane);
  // Drops the lane's expired records; true when the current batch's oldest
  // record is older than maximum_record_age.
  bool too_old(Lane& lane);
  void invoke_batch(std::uint32_t lane);
  void finish(std::uint32_t lane);
  void abandon(Lane& lane, std::size_t records);
  void pop(Lane& lane, std::size_t records);
  void unblock(Lane& lane);
  void set_in_hand(Lane& lane, bool in_hand);

  FunctionConfig config_;
  Stream& stream_;
  core::Kernel& kernel_;
  Books& books_;
  core::ComponentId id_ = 0;
  std::uint32_t group_;
  std::uint32_t factor_;
  std::uint64_t fetch_limit_;
  Duration propagation_;
  core::RandomStream processing_rng_;
  core::RandomStream failure_rng_;
  Invocations invocations_;
  PoisonSet poison_;

  std::vector<Lane> lanes_;                // shard-major
  std::vector<std::uint64_t> shard_held_;  // records held per shard
  std::int32_t busy_lanes_ = 0;
  std::uint64_t holding_ = 0;

  metrics::CounterId get_records_;
  EmitList emitters_, on_failure_;
  FlowEnds flow_ends_;
  ProcessingWatch processing_watch_;
  DuplicateCount duplicates_;
  FunctionResult result_;
};

}  // namespace edasim::model
