// The figures of one run that a study compares designs on, as named
// measures (see sim/plan/measure.hpp for the naming scheme).
//
// A result field is a measure when its field table says so
// (sim/model/support/result_field.hpp), named after its report.json path
// with the unit suffixes (_ms, _s) dropped: queues.<q>.max_age,
// consumers.<f>.latency.end_to_end.p99. In this order: the run's latency,
// each kind's latencies (seconds), events (counts), each kind's other
// measures (kinds in the reports' reading order, sim/report/report_kind.hpp),
// then calls (API calls by kind, and per 1,000 produced events) and cost
// (USD per month at the run's rate), which keep names of their own. Latencies
// that were never measured are NaN rather than a misleading 0.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "sim/model/run_result.hpp"
#include "sim/plan/measure.hpp"

namespace edasim::report {

plan::Measures measures_of(const model::RunResult& result);

// What an old spelling of a measure is now called, when `known` has it:
// queue.* became queues.*, consumer.* consumers.* (failed_attempts is
// failed, peak_instances autoscaling.peak_instances), chain.* chains.*,
// latency.<fleet>.Q consumers.<fleet>.latency.end_to_end.Q,
// latency.<fleet>.wait_to_start.Q consumers.<fleet>.latency.wait_to_start.Q,
// latency.<chain>.Q chains.<chain>.latency.Q, and the quantile p99.9 p999.
std::optional<std::string> renamed_measure(const std::string& name,
                                           const std::set<std::string>& known);

}  // namespace edasim::report
