// What one read workload measured over a run (sim/model/reads).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "sim/metrics/histogram.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

struct ReadResult {
  std::string name;
  std::string view;                   // "function.projector"
  std::uint64_t queries = 0;          // queries made within the run (fresh + stale)
  std::uint64_t fresh = 0;            // the view had processed an event of the root by the query
  std::uint64_t stale = 0;            // it had not
  std::uint64_t never_projected = 0;  // of the stale, those the view never processed in the run
  std::uint64_t after_end = 0;        // queries due after the run's end: not counted
  // From a stale query to the view's processing of its root's event (the
  // stale queries the view caught up with in the run).
  metrics::Histogram behind;

  double stale_fraction() const {
    return queries == 0 ? 0.0 : static_cast<double>(stale) / static_cast<double>(queries);
  }
};

// report.json's fields of a read workload, in order, and its latency block.
std::span<const Field<ReadResult>> read_fields();
std::span<const LatencyField<ReadResult>> read_latencies();

}  // namespace edasim::model
