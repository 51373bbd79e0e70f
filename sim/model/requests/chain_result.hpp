// What one synchronous call chain did over a run (sim/model/requests).
#pragma once

#include <cstdint>
#include <string>

#include "sim/metrics/histogram.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// What one synchronous call chain did.
struct ChainResult {
  std::string name;
  std::uint64_t requests = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;
  // Failed requests by the cause of the call that failed them.
  std::uint64_t failed_errors = 0, failed_timeouts = 0, failed_rejections = 0;
  std::uint64_t in_progress = 0;   // at the end
  std::uint64_t calls = 0;         // attempts, retries included
  std::uint64_t failed_calls = 0;  // attempts that failed (error, timeout, rejection)
  std::uint64_t retries = 0;
  std::uint64_t optional_given_up = 0;  // optional calls that failed for good
  metrics::Histogram latency;           // request to answer, succeeded requests
  metrics::Histogram failed_latency;    // request to error, failed requests
};

// report.json's fields of a chain, in order, and its latency blocks (at the
// top of the chain's object).
std::span<const Field<ChainResult>> chain_fields();
std::span<const LatencyField<ChainResult>> chain_latencies();

}  // namespace edasim::model
