// The figures of one run that a study compares designs on, as named
// measures (see sim/plan/measure.hpp for the naming scheme).
//
// Families, in this order: latency (seconds), events (counts), queue (depths
// and ages), consumer (utilization, failures), calls (API calls by kind, and
// per 1,000 produced events), cost (USD per month at the run's rate).
// Latencies that were never measured are NaN rather than a misleading 0.
#pragma once

#include "sim/model/run_result.hpp"
#include "sim/plan/measure.hpp"

namespace edasim::report {

plan::Measures measures_of(const RunResult& result);

}  // namespace edasim::report
