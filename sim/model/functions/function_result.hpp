// What one Lambda function and its event source mapping (an SQS queue's or a
// stream's) did over a run (sim/model/functions).
#pragma once

#include <cstdint>
#include <string>

#include "sim/metrics/histogram.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// What one Lambda function and its SQS event source mapping did.
struct FunctionResult {
  std::string name;
  // The event source: one of a queue, a Kinesis stream and a table's stream.
  std::string queue;
  std::string stream;
  std::string table;
  std::uint64_t invocations = 0;        // invocations started (billed requests)
  std::uint64_t throttles = 0;          // invoke attempts refused for lack of concurrency
  std::uint64_t throttled_batches = 0;  // batches given up after throttling
  std::uint64_t cold_starts = 0;        // invocations that started a new environment
  std::uint64_t timeouts = 0;           // invocations stopped at the function timeout
  std::uint64_t failed_batches = 0;     // invocations whose whole batch returned
  std::uint64_t partial_failures = 0;   // invocations that reported some items failed
  std::uint64_t processed = 0;          // messages processed successfully
  std::uint64_t failed = 0;             // message attempts that failed
  std::uint64_t returned = 0;           // messages given back undeleted with their batch
  // A queue's mapping: messages first processed after a later message of
  // their group, and the groups processed (GroupOrder); 0 without groups.
  std::uint64_t out_of_order = 0;
  std::uint64_t groups = 0;
  bool grouped = false;                 // its queue's messages carry a group: both are reported
  std::int32_t peak_concurrency = 0;    // most pollers the ESM ran at once
  std::int32_t peak_executions = 0;     // most invocations running at once
  std::int32_t memory_mb = 0;
  std::uint64_t billed_ns = 0;    // billed duration, all invocations
  double gb_seconds = 0;          // billed duration x memory
  std::uint64_t emitted = 0;      // events its emit list made
  // Whether it counts duplicates (FunctionConfig::duplicates), and how many
  // successful processings were of an event it had processed before.
  bool counts_duplicates = false;
  std::uint64_t duplicates = 0;
  // A stream's event source mapping (sim/model/functions/stream_mapping.hpp).
  std::uint64_t fetches = 0;            // GetRecords calls
  std::uint64_t retried_batches = 0;    // failed invocations retried (bisections included)
  std::uint64_t bisections = 0;         // failed batches split in two
  std::uint64_t abandoned_batches = 0;  // batches discarded: retries or record age used up
  std::uint64_t abandoned_records = 0;  // unprocessed records of those batches
  std::uint64_t expired_records = 0;    // fetched records the retention deleted first
  std::uint64_t blocked_ns = 0;         // time lanes spent on failing batches, summed
  std::uint64_t longest_block_ns = 0;
  metrics::Histogram iterator_age;  // a batch's last record's age when its invocation ends

  // Whether a stream's mapping fed it (a Kinesis stream or a table's), not
  // a queue's: its mapping's figures are present.
  bool reads_stream() const { return queue.empty(); }
  metrics::Histogram duration;    // per invocation, initialisation included
  metrics::Histogram cold_start;  // initialisation time of new environments
  metrics::Histogram queue_wait;  // sent to the queue -> received (per attempt)
  // Produced (an emitted event: its root produced) -> processed successfully.
  metrics::Histogram end_to_end;
};

// report.json's fields of a function, in order, and its latency blocks
// (`latency_ms`).
std::span<const Field<FunctionResult>> function_fields();
std::span<const LatencyField<FunctionResult>> function_latencies();

}  // namespace edasim::model
