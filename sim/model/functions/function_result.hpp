// What one Lambda function and its SQS event source mapping did over a run
// (sim/model/functions).
#pragma once

#include <cstdint>
#include <string>

#include "sim/metrics/histogram.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// What one Lambda function and its SQS event source mapping did.
struct FunctionResult {
  std::string name;
  std::string queue;
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
  std::int32_t peak_concurrency = 0;    // most pollers the ESM ran at once
  std::int32_t peak_executions = 0;     // most invocations running at once
  std::int32_t memory_mb = 0;
  std::uint64_t billed_ns = 0;    // billed duration, all invocations
  double gb_seconds = 0;          // billed duration x memory
  std::uint64_t emitted = 0;      // events its emit list made
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
