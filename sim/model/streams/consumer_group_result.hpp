// What one consumer group did on its stream over a run (sim/model/streams).
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/time.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// What one consumer group did on its stream.
struct ConsumerGroupResult {
  std::string name;
  std::string stream;
  std::int32_t consumers = 0;       // alive at the end
  std::uint64_t processed = 0;      // records processed for the first time
  std::uint64_t reprocessed = 0;    // records processed again after a failure (duplicates)
  std::uint64_t expired = 0;        // records retention deleted before the group processed them
  std::uint64_t fetches = 0;        // Fetch / GetRecords calls
  std::uint64_t empty_fetches = 0;  // of those, calls that returned nothing
  std::uint64_t rebalances = 0;
  Duration paused;            // partition-time spent paused by rebalances
  std::uint64_t max_lag = 0;  // records written but not committed, sampled
  Duration max_iterator_age;  // age of the next record to read, sampled
  std::uint64_t final_lag = 0;
  std::uint64_t emitted = 0;  // events its emit list made
  // Produced (an emitted event: its root produced) -> processed (first time).
  metrics::Histogram end_to_end;
};

// report.json's fields of a consumer group, in order, and its latency
// blocks (`latency_ms`).
std::span<const Field<ConsumerGroupResult>> consumer_group_fields();
std::span<const LatencyField<ConsumerGroupResult>> consumer_group_latencies();

}  // namespace edasim::model
