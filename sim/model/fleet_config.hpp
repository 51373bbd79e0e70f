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
#include "sim/model/retry_policy.hpp"

namespace edasim {

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

struct FleetConfig {
  std::string name;
  std::string queue;
  std::int32_t instances = 1;
  std::int32_t pollers_per_instance = 1;
  std::int32_t batch_size = 10;      // MaxNumberOfMessages, 1 .. 10
  Duration wait_time = seconds(20);  // WaitTimeSeconds, 0 (short poll) .. 20 s
  // Pause after an empty short poll, so an idle short-polling loop does not
  // spin at infinite rate.
  Duration empty_poll_pause = seconds(1);
  DurationDistribution processing{Distribution::constant(0.05)};
  double failure_probability = 0.0;  // transient: a retry may succeed
  bool delete_in_batches = true;     // DeleteMessageBatch vs DeleteMessage
  FailurePolicy on_failure;
  // In-process retry: a failed attempt is retried in place, after the
  // policy's delay, up to max_attempts attempts, before on_failure applies.
  RetryPolicy retry;
  IdempotencyConfig idempotency;
  // Downstream API calls made per processing attempt, by API name, in order;
  // the first call that fails ends (and fails) the attempt.
  std::vector<std::pair<std::string, std::int32_t>> calls;
  // Point-to-point: the events this consumer needs, as an EventBridge
  // pattern (empty: all). Producers that send to its queue mark the copies
  // it does not want; it receives them, spends `discard_processing` on each
  // (plus its downstream calls, which a consumer makes to find out), and
  // deletes them, counted as discarded.
  std::string wants;
  DurationDistribution discard_processing{Distribution::constant(0.0)};
};

}  // namespace edasim
