// The settings of one SQS-style queue, as a scenario describes it.
//
// Defaults are those of Amazon SQS standard queues (see
// shared/reference/services.md §1); figures AWS does not publish (short-poll
// sampling, duplicate rate, API latency) are parameters with documented
// defaults.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/core/distribution.hpp"
#include "sim/core/time.hpp"

namespace edasim::model {

// A DLQ redrive (StartMessageMoveTask, the "re-push"): from `start`, and
// again every `every` if that is not zero, this dead-letter queue moves its
// messages back to the queues they came from, oldest first, at most `rate`
// per second (SQS allows up to 500/s), in batches of 10. Each batch costs a
// ReceiveMessage, a SendMessageBatch and a DeleteMessageBatch. Moved messages
// are new messages: retention restarts and the receive count is zero.
//
// With `when_alarm_clears`, the operator starts the task instead each time
// the named alarm returns from ALARM to OK (`start` and `every` unused).
struct RedriveConfig {
  Duration start;
  Duration every = Duration::zero();
  Rate rate{500};
  std::string when_alarm_clears;
};

// An SQS FIFO queue (services.md §1.8-§1.10): message groups delivered in
// order with head-of-line blocking, a 5-minute deduplication window, and a
// quota of API calls per second per action (SendMessage[Batch] and
// ReceiveMessage) above which calls are throttled. High-throughput mode
// deduplicates per message group and raises the quota (70,000 TPS in
// us-east-1, us-west-2 and eu-west-1; lower elsewhere).
struct FifoConfig {
  bool high_throughput = false;
  double api_rate_limit = 300;  // calls/s per action; 70,000 by default in high throughput
  Duration deduplication_window = minutes(5);
};

struct QueueConfig {
  std::string name;
  Duration visibility_timeout = seconds(30);  // 0 .. 12 h
  Duration retention = hours(96);             // 60 s .. 14 d (default 4 d)
  Duration delay = Duration::zero();          // DelaySeconds, 0 .. 15 min
  // Redrive policy: after max_receive_count receives without a delete, the
  // next receive moves the message to `dead_letter_queue` instead of
  // returning it.
  std::optional<std::string> dead_letter_queue;
  std::int32_t max_receive_count = 0;  // 1 .. 1000 when a DLQ is set
  // Standard queues: about 120,000 in flight. A short poll over the limit
  // fails with OverLimit; a long poll returns empty.
  std::int64_t in_flight_limit = 120'000;
  // The chance that a deleted message survives on a server that missed the
  // delete and is delivered again (at-least-once). AWS publishes no rate.
  double duplicate_probability = 0.0;
  // The chance that a short poll sees any one visible message (short polls
  // query a weighted random subset of servers). AWS publishes no figure.
  double short_poll_sampling = 0.5;
  // Latency of one SQS API call as the client sees it.
  core::DurationDistribution api_latency{core::Distribution::constant(0.0)};
  std::int64_t max_message_size = 262'144;  // bytes; 1 KiB .. 1 MiB
  // Only on a dead-letter queue.
  std::optional<RedriveConfig> redrive;
  // Set for a FIFO queue.
  std::optional<FifoConfig> fifo;
};

}  // namespace edasim::model
