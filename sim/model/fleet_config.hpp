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
  };
  Kind kind = Kind::wait_for_timeout;
  Duration base = seconds(10);
  Duration cap = minutes(15);
  bool jitter = false;
};

// A window in which the fleet's downstream dependency is down or degraded:
// attempts that finish inside it fail with `failure_probability` (instead of
// the fleet's usual rate), and attempts that start inside it take `slowdown`
// times their usual processing time.
struct Outage {
  Duration start;
  Duration duration;
  double failure_probability = 1.0;
  double slowdown = 1.0;
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
  double poison_fraction = 0.0;      // these events fail on every attempt
  bool delete_in_batches = true;     // DeleteMessageBatch vs DeleteMessage
  FailurePolicy on_failure;
  // Sorted by start, non-overlapping.
  std::vector<Outage> outages;
  // Downstream API calls made per processing attempt, by name.
  std::vector<std::pair<std::string, std::int32_t>> calls;
};

}  // namespace edasim
