// The report of a study: designs side by side.
//
// One table per family of measures (latency, events, queues, consumers, API
// calls, cost): designs as columns with the baseline first, each cell
// `mean ± half width` across replications, and after each other design a
// delta column (absolute and %, with its interval from the paired
// differences). Then the SLOs each design meets.
//
// Files: compare.json (schema "edasim.compare/1": the comparison and each
// design's own edasim.report/2 of replication 0), compare.md, compare.csv
// (one row per measure and design), replications.csv (one row per measure,
// design and replication: the values the intervals were computed from) and
// compare.html, which opens with bar charts of the headline measures
// (end-to-end p99, DLQ, lost, calls per 1,000 events, total cost) and of
// each SLO's measure.
//
// Promises: the same Comparison (and results) give the same bytes; nothing
// depends on how many threads ran the study.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "sim/model/run_result.hpp"
#include "sim/plan/comparison.hpp"
#include "sim/report/sections.hpp"
#include "sim/report/write.hpp"

namespace edasim::report {

inline constexpr const char* kCompareSchema = "edasim.compare/1";

// Below this many replications a study's intervals are rough: every report
// says so, and compare.json flags it (rough_intervals).
inline constexpr std::size_t kSteadyReplications = 5;
inline bool rough_intervals(const plan::Comparison& c) {
  return c.replications < kSteadyReplications;
}

// `terminal` keeps the families a planner reads first (end-to-end latency,
// events, call totals, cost, SLOs); documents get every measure.
std::vector<Section> comparison_sections(const plan::Comparison& c, bool terminal);

// The headline measures (end-to-end p99, DLQ, lost, calls per 1,000 events,
// total cost), in this order: what the charts and --summary show.
const std::vector<std::string>& headline_measures();

// For a terminal `width` columns wide (0: any). `headline_only` prints the
// headline measures and the SLO verdicts alone (--summary).
void write_comparison_summary(const plan::Comparison& c, std::ostream& out, std::size_t width = 0,
                              bool headline_only = false);
std::string comparison_markdown(const plan::Comparison& c);
std::string comparison_html(const plan::Comparison& c);
std::string comparison_csv(const plan::Comparison& c);
// measure,design,replication,value: every replication's value of every
// measure, measures in the comparison's row order, then designs, then
// replications (0 first); a design without a measure has no row for it.
// Values in the measure's unit (compare.csv's unit column), as the shortest
// decimal that reads back as the same double.
std::string replications_csv(const plan::Comparison& c, const plan::StudyResult& result);
// `first` holds replication 0's result of each design, in design order.
nlohmann::ordered_json comparison_json(const plan::Comparison& c,
                                       const std::vector<const model::RunResult*>& first);

// Every file above; replication 0's results are those of `result`.
std::vector<ReportFile> render_comparison(const plan::Comparison& c,
                                          const plan::StudyResult& result);

// A measure's value in its unit, for people: "203.4 ms", "4.21 s",
// "12,345", "$1,234.56", "45.7%".
std::string format_measure(plan::Unit unit, double value);
// An estimate as comparisons spell it, "12.3 ± 0.4 ms", no more digits than
// its interval supports; an interval reaching below zero reads as a range
// from 0.
std::string format_estimate(plan::Unit unit, const metrics::Estimate& estimate);

}  // namespace edasim::report
