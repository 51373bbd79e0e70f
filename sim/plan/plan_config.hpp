// A plan: the question "which values of these knobs make the cheapest design
// that meets every SLO?", asked of one scenario, or of each design of a
// study in turn (which design, and which values, are cheapest?).
//
// A knob is a numeric scenario value a `--set` accepts (a fleet's
// instances, a function's reserved concurrency, a stream's partitions),
// given as an integer range or a list. Knobs are capacity: the planner
// assumes a larger value never makes an SLO measure worse (more consumers
// never raise a latency), which is what lets it bisect instead of trying
// every value. The objective is a study measure to minimise (the monthly
// cost by default); SLOs are the study's own kind (sim/plan/study_config.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace edasim::plan {

struct Knob {
  std::string path;  // the dotted key path, as --set takes it
  // The values the knob may take, ascending. An integer range min..max is
  // kept as its bounds, so a range of a million values costs nothing.
  bool range = true;
  std::int64_t min = 0, max = 0;
  std::vector<double> list;
  std::string origin;  // "file:line:column: plan.vary...", for errors
  // In a plan over a study's [[designs]]: the designs whose scenario has
  // the component this knob sets (the table its last key sits in), in the
  // file's order. A knob is planned only in those; none is an error.
  std::vector<std::string> designs;

  std::size_t size() const { return range ? static_cast<std::size_t>(max - min + 1) : list.size(); }
  double value(std::size_t i) const {
    return range ? static_cast<double>(min + static_cast<std::int64_t>(i)) : list[i];
  }
  // The value as --set writes it: "12", "0.25".
  std::string text(std::size_t i) const;
};

struct PlanConfig {
  std::string objective = "cost.total";
  std::string objective_origin;  // "file:line:column: plan.objective", or ""
  std::vector<Knob> knobs;       // in the order [plan].vary lists them
  // The scenario has [[designs]]: each design is planned on its own, with
  // the knobs that apply to it (Knob::designs), and the cheapest design
  // that meets every SLO is named (sim/plan/design_plans.hpp).
  bool over_designs = false;
  std::int32_t replications = 5;
  double confidence = 0.95;
  // Replications of the final check of the recommendation.
  std::int32_t verify_replications = 10;
  // An upper bound on simulated points (each of `replications` runs), so a
  // plan over many knobs cannot run for ever; per design in a plan over
  // designs.
  std::int32_t max_evaluations = 60;
  std::string origin;  // "file:line:column" of [plan]
};

}  // namespace edasim::plan
