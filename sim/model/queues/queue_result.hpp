// What one SQS queue did over a run: its counters, its deepest and oldest
// backlog, and where its messages were at the end (sim/model/queues).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

struct QueueResult {
  std::string name;
  bool dead_letter_queue = false;
  // Messages sent to the queue. As in CloudWatch, automatic moves into a DLQ
  // are not sends: they show as the source queue's moved_to_dlq.
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  std::uint64_t deleted = 0;
  std::uint64_t moved_to_dlq = 0;
  std::uint64_t expired = 0;
  std::uint64_t rejected = 0;  // sends refused: larger than max_message_size
  std::uint64_t empty_receives = 0;
  std::uint64_t redriven_out = 0;               // moved back to their sources (on a DLQ)
  std::uint64_t redriven_in = 0;                // received back from a DLQ redrive
  std::uint64_t received_over_limit = 0;        // short polls refused with OverLimit
  std::uint64_t repushed_in = 0;                // of `sent`, consumers' re-pushes of a message
  std::uint64_t dead_lettered_by_consumer = 0;  // sent to the DLQ by a consumer (re-push)
  bool fifo = false;
  std::uint64_t deduplicated = 0;          // FIFO: sends dropped as duplicates in the window
  std::uint64_t throttled_sends = 0;       // FIFO: messages of send calls over the quota
  std::uint64_t throttled_receives = 0;    // FIFO: receive calls over the quota
  std::uint64_t max_groups_in_flight = 0;  // FIFO: most message groups in flight at once
  std::uint64_t max_depth = 0;             // visible + in flight + delayed
  Duration max_age;                        // oldest visible message
  std::uint64_t final_visible = 0, final_in_flight = 0, final_delayed = 0;
  std::vector<Duration> redrive_starts;  // when each redrive task began (on a DLQ)
};

// report.json's fields of a queue, in order; the `fifo` object's, written
// on FIFO queues only.
std::span<const Field<QueueResult>> queue_fields();
std::span<const Field<QueueResult>> queue_fifo_fields();

}  // namespace edasim::model
