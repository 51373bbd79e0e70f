// The settings of one consumer fleet: instances x pollers reading one queue.
//
// Each poller loops: ReceiveMessage (long or short poll), process the batch
// one message at a time, delete what succeeded (one DeleteMessage each, or
// one DeleteMessageBatch per batch), and poll again.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/time.hpp"
#include "sim/model/support/duplicate_count.hpp"
#include "sim/model/support/emit_config.hpp"
#include "sim/model/support/retry_policy.hpp"

namespace edasim::model {

// What a poller does with a message whose processing failed.
struct FailurePolicy {
  enum class Kind {
    // Leave it: it becomes visible again when its visibility timeout expires.
    wait_for_timeout,
    // ChangeMessageVisibility(0): retry at once.
    release,
    // ChangeMessageVisibility(backoff): capped exponential backoff
    // base * 2^(receive count - 1), with optional full jitter.
    backoff,
    // Re-push: SendMessage of the same message back to its queue with
    // DelaySeconds = min(cap, base * 2^(re-pushes so far)) (optional full
    // jitter) and a re-push count one higher, then DeleteMessage of the
    // original. A message that has been re-pushed `max_repushes` times is
    // sent to the queue's dead-letter queue instead (SendMessage there,
    // DeleteMessage here). The message stays the same event copy throughout.
    repush,
  };
  Kind kind = Kind::wait_for_timeout;
  Duration base = seconds(10);
  Duration cap = minutes(15);
  bool jitter = false;
  std::int32_t max_repushes = 3;

  // base/cap/jitter as a retry policy's delays.
  RetryPolicy delays() const {
    RetryPolicy p;
    p.backoff = RetryPolicy::Backoff::exponential;
    p.jitter = jitter ? RetryPolicy::Jitter::full : RetryPolicy::Jitter::none;
    p.base = base;
    p.cap = cap;
    return p;
  }
};

// An optional idempotency store: the fleet remembers each event it processed
// for `window`, and deletes a later delivery of the same event inside that
// window without processing it.
struct IdempotencyConfig {
  bool enabled = false;
  Duration window = hours(1);
};

// A target-tracking scaling policy on the fleet's instance count, after EC2 /
// Application Auto Scaling target tracking: two alarms on one metric, a
// proportional capacity change, cooldowns, and instances that take time to
// start. sim/model/consumers/fleet.hpp says how the fleet follows it.
struct AutoscalingConfig {
  enum class Metric {
    // ApproximateNumberOfMessagesVisible / running instances (the metric-math
    // backlog per instance of the SQS scaling guide).
    backlog_per_instance,
    // ApproximateAgeOfOldestMessage, in seconds.
    oldest_message_age,
  };
  bool enabled = false;
  Metric metric = Metric::backlog_per_instance;
  double target = 100;  // messages per instance, or seconds
  std::int32_t min_instances = 1;
  std::int32_t max_instances = 1;
  // 300 s is Application Auto Scaling's default for custom resources and ECS.
  Duration scale_out_cooldown = seconds(300);
  Duration scale_in_cooldown = seconds(300);
  // One datapoint per period, read at the period's end and seen by the
  // alarms `metric_delay` later.
  Duration period = minutes(1);
  Duration metric_delay = Duration::zero();
  // The alarms target tracking creates: scale out when this many consecutive
  // datapoints exceed the target, scale in when this many are below
  // target x scale_in_ratio. UNCONFIRMED: 3 and 15 one-minute datapoints
  // are the commonly described alarm shapes; the 0.9 ratio of the low
  // alarm's threshold is an assumption.
  std::int32_t scale_out_datapoints = 3;
  std::int32_t scale_in_datapoints = 15;
  double scale_in_ratio = 0.9;
  // From launch until an instance polls (boot, agent, application start).
  // UNCONFIRMED: depends on the image; a parameter with this default.
  Duration startup = minutes(2);
};

struct FleetConfig {
  std::string name;
  std::string queue;
  std::int32_t instances = 1;  // the starting size when autoscaled
  // On-demand price of one instance-hour (USD), for the cost estimate; 0
  // leaves the fleet's compute out of it.
  double price_per_instance_hour = 0.0;
  std::int32_t pollers_per_instance = 1;
  std::int32_t batch_size = 10;      // MaxNumberOfMessages, 1 .. 10
  Duration wait_time = seconds(20);  // WaitTimeSeconds, 0 (short poll) .. 20 s
  // Pause after an empty short poll, so an idle short-polling loop does not
  // spin at infinite rate.
  Duration empty_poll_pause = seconds(1);
  core::DurationDistribution processing{core::Distribution::constant(0.05)};
  double failure_probability = 0.0;  // transient: a retry may succeed
  bool delete_in_batches = true;     // DeleteMessageBatch vs DeleteMessage
  FailurePolicy on_failure;
  // In-process retry: a failed attempt is retried in place, after the
  // policy's delay, up to max_attempts attempts, before on_failure applies.
  RetryPolicy retry;
  IdempotencyConfig idempotency;
  // Counts successful processings of an event it had already processed
  // (sim/model/support/duplicate_count.hpp).
  DuplicatesConfig duplicates;
  // Downstream API calls made per processing attempt, by API name, in order;
  // the first call that fails ends (and fails) the attempt.
  std::vector<std::pair<std::string, std::int32_t>> calls;
  // Point-to-point: the events this consumer needs, as an EventBridge
  // pattern (empty: all). Producers that send to its queue mark the copies
  // it does not want; it receives them, spends `discard_processing` on each
  // (plus its downstream calls, which a consumer makes to find out), and
  // deletes them, counted as discarded.
  std::string wants;
  core::DurationDistribution discard_processing{core::Distribution::constant(0.0)};
  AutoscalingConfig autoscaling;
  // Events emitted as part of processing, each entry on its own
  // (sim/model/support/emitter.hpp).
  std::vector<EmitConfig> emit;
  // A message whose end-to-end latency (from its root's production) is
  // longer than this at its first successful processing counts as late;
  // zero: none counted.
  Duration late_after = Duration::zero();
};

}  // namespace edasim::model
