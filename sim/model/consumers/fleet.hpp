// A consumer fleet: instances x pollers, each an independent loop over one
// queue.
//
// A poller receives a batch (long or short poll), processes its messages one
// after another, deletes those that succeeded (one DeleteMessage each, or one
// DeleteMessageBatch when the batch is done) and polls again. A failed
// message is not deleted: it comes back after its visibility timeout, or
// sooner or later by ChangeMessageVisibility, as the failure policy says.
// Poison events fail on every attempt, so only the redrive policy (or
// retention) takes them out of the queue.
//
// An attempt makes the fleet's downstream calls in order (each takes its
// API's latency, added to the processing time) and fails at the first call
// that fails, or by the fleet's own failure probability, or when the event is
// poison. A failed attempt is retried in place by the retry policy, then
// handled by on_failure.
//
// Faults: in a consumer outage or after a crash, the instance's pollers stop
// at once; the messages they held are neither finished nor deleted, so they
// return after their visibility timeout; the pollers poll again when the
// outage ends or the instance has restarted. Of an autoscaled fleet, only
// running instances crash; an outage stops the slots it names whether or not
// they are in the fleet at the time.
//
// Every API call is counted in the books under "consumer:<name>", downstream
// calls under their API names.
//
// Emitting (config.emit): after each attempt, every emitter is told of the
// message and the outcome (a successful processing, before its delete; a
// failed attempt); an unwanted copy thrown away and a duplicate the
// idempotency store suppressed emit nothing. Emitted sends are billed under
// "consumer:<name>" like its other calls.
//
// Order: at each message's first successful processing, the fleet compares
// it with the latest message of its group processed so far (GroupOrder) and
// counts it when a later one went first.
//
// End-to-end latency runs from the root event's production (Cause): for a
// message a producer sent that is its own production; for an emitted one,
// that of the event its flow started with. The stage latency, from the
// message's own event's production, is measured when the design emits.
//
// Autoscaling (config.autoscaling.enabled), after target tracking:
// - At the end of every period the fleet reads its metric (the queue's
//   visible messages / running instances, or the age of its oldest message)
//   as one datapoint; the policy sees it metric_delay later. Two alarms
//   watch the datapoints: high (scale_out_datapoints consecutive ones above
//   target) and low (scale_in_datapoints below target x scale_in_ratio).
//   Each datapoint an alarm is in ALARM invokes the policy once.
// - Capacity is proportional: ceil(capacity x metric / target), kept within
//   [min, max], where capacity is the instances running or starting. During
//   a scale-out cooldown the capacity before that scale-out is used, so the
//   instances it added count towards the new size instead of compounding; a
//   larger result still scales out. Scale-in waits for its own cooldown
//   after the previous scale-in; scale-out never waits for a scale-in.
// - A new instance counts as starting (pending) for `startup`, then its
//   pollers poll. Scale-in removes the newest instances first: a starting
//   one is cancelled; a running one stops polling, and a poller that holds
//   a batch (or a long poll answered with messages) finishes and deletes
//   it first, so scale-in abandons no message.
// - The policy draws no random numbers; decisions happen only at period
//   ends plus the delay, in integer time.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/consumers/fleet_config.hpp"
#include "sim/model/faults/fault_config.hpp"
#include "sim/model/monitoring/alarm.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/requests/api.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/emit_list.hpp"
#include "sim/model/support/flow_ends.hpp"
#include "sim/model/support/idempotency_store.hpp"
#include "sim/model/support/group_order.hpp"
#include "sim/model/support/processing_watch.hpp"

namespace edasim::model {

class Fleet final : public core::Component, public Receiver {
 public:
  // `apis` are the APIs named by config.calls, in that order.
  Fleet(FleetConfig config, Queue& queue, std::vector<Api*> apis, const Context& context);

  void attach(core::ComponentId id) { id_ = id; }
  // A consumer outage, crash or poison fault on this fleet (before start()).
  // `pattern_bit`: for a poison fault with a pattern, its bit in the
  // messages' poison mask (MessageKeys::poison).
  void add_fault(const FaultConfig& fault, std::uint64_t seed,
                 std::uint32_t pattern_bit = UINT32_MAX);
  // Starts every poller at time zero, and schedules the faults.
  void start();

  void handle(core::Kernel& kernel, const core::Event& event) override;
  void on_receive(std::uint32_t poller, std::span<const Receipt> batch,
                  ReceiveStatus status) override;

  // The emitters of config.emit (before start()).
  void emit_through(EmitList emitters) {
    emitters_ = std::move(emitters);
    inside_ = emitters_.inside_attempt();
  }
  EmitList& emit_list() { return emitters_; }
  // Measures stage latencies and, per root producer (whose events' numbers
  // start with `producer_bases`, in order), the latency from the root's
  // production to each first successful processing that emits nothing:
  // where flows end. Called when the design emits (before start()).
  void track_flows(std::vector<std::uint64_t> producer_bases);
  // Where flows end here, once track_flows() was called.
  FlowEnds& flow_ends() { return flow_ends_; }
  // Whether its queue's messages carry a message group (the design says
  // so: queue_carries_groups), so that it reports their order.
  void track_order() { order_.track(); }
  // Who is told of each message's first successful processing here.
  ProcessingWatch& processing_watch() { return processing_watch_; }
  // Emitted events buffered in its emitters (throttled, waiting to retry).
  std::uint64_t emitted_buffered() const;

  const FleetConfig& config() const { return config_; }
  // Forgets the latency histograms and busy time measured so far (the end
  // of a warm-up); counts of processed and failed attempts are kept.
  void restart_measurements();
  const std::string& name() const { return config_.name; }
  // What the fleet measured up to `end`.
  FleetResult result(Time end) const;
  // The same, its histograms moved out rather than copied: for the
  // run's final result, after which the fleet's latencies are empty.
  FleetResult hand_over(Time end);
  // Instance-hours up to `end`, for a billing snapshot.
  double instance_hours(Time end) const;
  // Instances running or starting, and those running.
  std::int32_t instances() const { return desired_; }
  std::int32_t running_instances() const { return running_; }
  // Successful and failed processing attempts so far.
  std::uint64_t processed() const { return processed_; }
  std::uint64_t failed() const { return failed_; }

 private:
  // Everything result() says but the histograms.
  FleetResult counts(Time end) const;
  template <class Self>
  static void measurements(Self&& fleet, FleetResult& r);
  enum Kind : std::uint32_t {
    poll,
    batch_arrived,
    message_done,
    retry_message,
    resume,
    fault_start,
    crash,
    scaling_sample,
    scaling_evaluate,
    instance_ready,
    early_emit,  // an emit entry with `at` sends inside the attempt
  };

  struct Poller {
    std::array<Receipt, 10> batch{};
    std::array<bool, 10> succeeded{};
    std::uint8_t size = 0;
    std::uint8_t next = 0;
    bool busy = false;
    bool receiving = false;  // a receive is outstanding
    bool down = false;       // stopped by an outage or a crash
    bool attempt_failed = false;
    bool failed_downstream = false;
    std::uint32_t failure_blame = 0;  // the fault that failed the attempt (Message::fault)
    std::uint32_t down_by = 0;        // the fault that stopped it (Message::fault)
    bool suppressed = false;          // the current message is a duplicate the store knows
    bool idle = false;                // its loop stopped because its instance left the fleet
    std::uint32_t generation = 0;     // bumped when the poller stops: its events go stale
    std::uint32_t attempts = 0;       // on the current message
    std::uint8_t early_next = 0;      // the next of inside_ this attempt sends
    bool early_emitted = false;       // whether one of them emitted
    Duration last_retry_delay;
    Duration receive_latency;  // of the receive whose batch is on its way
    Time busy_since;
    Time down_until;
  };

  struct Instance {
    enum class State : std::uint8_t { stopped, starting, running };
    State state = State::stopped;
    std::uint32_t generation = 0;  // bumped when a start is cancelled
  };

  struct ActiveFault {
    FaultConfig config;
    std::uint64_t key = 0;                   // poison: hash key; crash: unused
    core::RandomStream rng;                  // crash times
    std::uint32_t pattern_bit = UINT32_MAX;  // poison with a pattern
    std::uint32_t blame = 0;                 // its Message::fault number
  };

  std::uint64_t tag(std::uint32_t poller) const {
    return pack(poller, pollers_[poller].generation);
  }
  void issue_receive(std::uint32_t poller);
  // The batch a receive answered arrives: work starts on its first message.
  void take_up_batch(std::uint32_t poller);
  void start_next(std::uint32_t poller);
  void finish_message(std::uint32_t poller);
  void give_up(std::uint32_t poller, const Receipt& r);
  void finish_batch(std::uint32_t poller);
  // The blame of the poison fault that makes the message fail; 0: none.
  std::uint32_t poisoned_by(const Receipt& m) const;
  Duration backoff(std::uint32_t receive_count);
  // Stops `instances` instances (0: all) until `until`, for the fault with
  // blame `by`.
  void take_down(std::int32_t first, std::int32_t instances, Time until, std::uint32_t by);
  void bring_up(std::uint32_t poller);
  void start_fault(std::uint32_t index);
  void schedule_crash(std::uint32_t fault, std::uint32_t instance, Time after);
  // A message a stopped poller held: the fault `by` answers for it.
  void abandon(const Receipt& r, std::uint32_t by);
  bool serving(std::uint32_t poller) const {
    return instances_[poller / static_cast<std::uint32_t>(config_.pollers_per_instance)].state ==
           Instance::State::running;
  }
  // Takes the datapoint `metric` to the alarms and acts on their states.
  void evaluate_scaling(double metric);
  void resize(std::int32_t to);
  void make_ready(std::uint32_t instance, std::uint32_t generation);
  // Adds the instance time since the last call to the integrals.
  void account(Time now);

  FleetConfig config_;
  Queue& queue_;
  std::vector<Api*> apis_;
  core::Kernel& kernel_;
  Books& books_;
  core::ComponentId id_ = 0;
  core::RandomStream processing_rng_;
  core::RandomStream failure_rng_;
  core::RandomStream latency_rng_;
  core::RandomStream retry_rng_;
  core::RandomStream discard_rng_;
  std::vector<Poller> pollers_;
  std::vector<ActiveFault> faults_;
  std::optional<IdempotencyStore> store_;
  DuplicateCount duplicates_;

  std::vector<Instance> instances_;  // max size; the first desired_ are in the fleet
  std::int32_t desired_ = 0;
  std::int32_t running_ = 0;
  std::int32_t peak_ = 0;
  std::optional<AlarmEvaluator> high_, low_;
  Time last_scale_out_ = Time::never();
  Time last_scale_in_ = Time::never();
  std::int32_t before_scale_out_ = 0;  // capacity before the last scale-out
  std::uint64_t scale_outs_ = 0, scale_ins_ = 0;
  std::vector<ScalingAction> scaling_;
  Time accounted_;
  double instance_seconds_ = 0;        // whole run, starting instances included
  double serving_poller_seconds_ = 0;  // since measured_from_, running instances only

  metrics::CounterId receive_, empty_receive_, delete_, delete_batch_, change_visibility_, send_;
  // s3.GetObject for claim-checked payloads, registered at the first one so
  // designs without claim checks list no such kind.
  std::optional<metrics::CounterId> claim_check_get_;
  std::vector<std::pair<metrics::CounterId, std::int32_t>> downstream_;

  std::uint64_t processed_ = 0, failed_ = 0, failed_downstream_ = 0, retries_ = 0, repushed_ = 0,
                dead_lettered_ = 0, abandoned_ = 0, crashes_ = 0, suppressed_ = 0, discarded_ = 0;
  Duration busy_;
  // Poller time spent waiting for the answer of receives that brought
  // messages: SQS time a message costs its poller beyond busy_.
  Duration receive_busy_;
  Time measured_from_;
  metrics::Histogram queue_wait_, processing_, end_to_end_;
  metrics::Histogram wait_to_start_;  // visible -> its processing starts, per delivery
  // First processings later than config_.late_after end to end, since the
  // latencies were last restarted.
  std::uint64_t late_ = 0;
  // Emitting and flows. Returns whether some emitter emits.
  bool emit(const Receipt& r, bool succeeded);
  EmitList emitters_;
  std::vector<std::size_t> inside_;  // emitters_.inside_attempt()
  metrics::Histogram stage_;  // own event produced -> processed
  FlowEnds flow_ends_;
  ProcessingWatch processing_watch_;
  // Order within message groups, over the whole run (a count, kept across
  // a warm-up like processed_).
  GroupOrder order_;
};

}  // namespace edasim::model
