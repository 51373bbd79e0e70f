// A Lambda function fed by an SQS event source mapping (ESM): the pollers
// that the service scales, the batches they gather, and the invocations they
// make (shared/reference/services.md §4).
//
// What it promises:
// - The ESM starts with initial_concurrency pollers. While messages are
//   visible in the queue it adds one poller every 60 s / scale_up_per_minute
//   up to its cap (min(max_pollers, maximum_concurrency)); a poller whose
//   long poll comes back empty retires while more than idle_concurrency are
//   left. A throttle, or a function error without ReportBatchItemFailures,
//   also retires the poller that met it (the ESM backs off).
// - A poller gathers up to batch_size messages (several receives of up to 10
//   while the batching window lasts) and invokes the function with them.
// - An invocation beyond the function's concurrency (reserved, else the
//   account's) is throttled: the poller retries every throttle_retry while
//   the first message's visibility timeout has not passed, then gives the
//   batch up; its messages return to the queue when their visibility timeout
//   ends, their receive counts consumed.
// - A receive throttled by a FIFO queue's ReceiveMessage quota is retried
//   after throttle_retry (the poller keeps what it gathered).
// - A new execution environment starts cold (cold_start); a warm one idle
//   longer than keep_warm is gone.
// - The handler works through the batch one message at a time. Without
//   ReportBatchItemFailures it throws at the first failure and nothing is
//   deleted; with it, every success is deleted and only failures return. A
//   handler that runs past the timeout is stopped and nothing is deleted.
// - Calls are counted under "lambda:<name>": ReceiveMessage, EmptyReceive,
//   DeleteMessageBatch (billed to the queue owner) and Invoke.
// - Emitting (config.emit): the handler tells the emit list of each message
//   it reaches, on that message's outcome, when its processing ends within
//   the invocation (a success, or a failure with or without
//   ReportBatchItemFailures); a message the handler never reached (after a
//   failure that ends the batch, or at the timeout) emits nothing. The
//   sends are billed under "lambda:<name>".
// - End-to-end latency runs from the root event's production (Cause): an
//   event a component emitted is a step of the flow its root started.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/functions/function_config.hpp"
#include "sim/model/functions/invocations.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/emit_list.hpp"
#include "sim/model/support/flow_ends.hpp"
#include "sim/model/support/group_order.hpp"
#include "sim/model/support/poison.hpp"
#include "sim/model/support/processing_watch.hpp"

namespace edasim::model {

class Function final : public core::Component, public Receiver {
 public:
  Function(FunctionConfig config, Queue& queue, const Context& context);

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
  // Its queue's messages carry a message group (queue_carries_groups): it
  // reports their order.
  void track_order() { order_.track(); }
  // Who is told of each event's first successful processing here.
  ProcessingWatch& processing_watch() { return processing_watch_; }
  // Starts the initial pollers and the scaling clock at time zero.
  void start();

  void handle(core::Kernel& kernel, const core::Event& event) override;
  void on_receive(std::uint32_t poller, std::span<const Receipt> batch,
                  ReceiveStatus status) override;

  const FunctionConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  // Pollers the ESM runs now (its concurrency).
  std::int32_t concurrency() const { return active_; }
  // Invocations running now.
  std::int32_t executions() const { return invocations_.running(); }
  // Emitted events buffered in its emitters (throttled, waiting to retry).
  std::uint64_t emitted_buffered() const { return emitters_.buffered(); }
  // Forgets the latency histograms and peaks measured so far (the end of a
  // warm-up); counts are kept.
  void restart_measurements();
  FunctionResult result() const;

 private:
  enum Kind : std::uint32_t { poll, answered, invoke, invocation_done, scale_tick };
  enum class Outcome : std::uint8_t { succeeded, failed, not_reached };

  struct Poller {
    std::vector<Receipt> batch;
    std::vector<Outcome> outcomes;
    // Whether the message's processing emitted, when flows are tracked.
    std::vector<bool> emitted;
    std::int64_t bytes = 0;
    Time first_received;
    bool active = false;
    bool back_off = false;  // retire after this batch if above the floor
    bool timed_out = false;
  };

  std::uint32_t add_poller();
  void retire(std::uint32_t poller);
  // True when the poller retired.
  bool retire_if_above(std::uint32_t poller, std::int32_t floor);
  void receive(std::uint32_t poller, Duration wait);
  void after_answer(std::uint32_t poller);
  void try_invoke(std::uint32_t poller);
  void finish_invocation(std::uint32_t poller);
  void next_batch(std::uint32_t poller);

  FunctionConfig config_;
  Queue& queue_;
  core::Kernel& kernel_;
  Books& books_;
  core::ComponentId id_ = 0;
  core::RandomStream processing_rng_;
  core::RandomStream failure_rng_;
  Invocations invocations_;
  core::RandomStream latency_rng_;
  PoisonSet poison_;
  Duration tick_;

  std::vector<Poller> pollers_;
  std::vector<std::uint32_t> retired_;
  std::int32_t active_ = 0;

  metrics::CounterId receive_, empty_receive_, delete_batch_;
  EmitList emitters_;
  FlowEnds flow_ends_;
  ProcessingWatch processing_watch_;
  DuplicateCount duplicates_;
  GroupOrder order_;  // order within message groups (a queue's mapping)
  FunctionResult result_;
};

}  // namespace edasim::model
