// A measure: one named figure of one run (a p99 latency, a count of DLQ
// messages, a monthly cost), the unit a study compares designs on.
//
// Names are dotted and stable ("latency.end_to_end.p99", "queues.email.max_depth",
// "calls.ReceiveMessage", "cost.total"): SLOs and stopping rules refer to
// them, and reports group them by family (the first segment). A measure
// read from a result field is named after its report.json path
// (sim/report/measures.hpp).
#pragma once

#include <string>
#include <vector>

namespace edasim::plan {

enum class Unit {
  seconds,  // durations, shown as ms or s
  count,    // events, messages, calls
  usd,      // money per month
  ratio,    // 0..1 fractions, shown as %
  number,   // anything else (calls per 1,000 events)
};

struct Measure {
  std::string name;
  Unit unit = Unit::number;
  double value = 0;
  // Whether less is better (latency, cost, DLQ volume) or more (goodput):
  // how a report colours a delta.
  bool lower_is_better = true;
  // The smallest difference the figure can show, in its unit: a latency
  // quantile is read from a histogram bucket, so replications whose
  // quantiles share a bucket agree to the last digit whatever the truth.
  // 0 for exact figures (counts, means).
  double resolution = 0;
};

using Measures = std::vector<Measure>;

// The family of a measure: the part of its name before the first dot.
std::string family_of(const std::string& name);

// The unit as reports spell it: "seconds", "count", "usd_per_month",
// "ratio", "number".
const char* unit_name(Unit unit);

}  // namespace edasim::plan
