// What one polling integration did over a run (sim/model/requests).
#pragma once

#include <cstdint>
#include <string>

#include "sim/metrics/histogram.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// What one polling integration did (sim/model/requests/polling.hpp).
struct PollerResult {
  std::string name;
  std::uint64_t polls = 0;           // one per interval
  std::uint64_t empty_polls = 0;     // polls that found no change
  std::uint64_t failed_polls = 0;    // polls ended by a failed list call
  std::uint64_t list_calls = 0;      // one per poll plus one per further page
  std::uint64_t changes = 0;         // changes recorded at its source
  std::uint64_t fetches = 0;         // call-backs for the state of a change
  std::uint64_t failed_fetches = 0;  // fetches that failed (the change waits)
  std::uint64_t processed = 0;       // changes processed
  metrics::Histogram end_to_end;     // produced -> processed
};

// report.json's fields of a poller, in order, and its latency block (at the
// top of the poller's object).
std::span<const Field<PollerResult>> poller_fields();
std::span<const LatencyField<PollerResult>> poller_latencies();

}  // namespace edasim::model
