#include "sim/plan/design_plans.hpp"

#include <algorithm>

#include "sim/plan/warm_start.hpp"

namespace edasim::plan {

PlanConfig plan_of_design(const PlanConfig& plan, const std::string& design) {
  PlanConfig out = plan;
  out.knobs.clear();
  for (const Knob& k : plan.knobs) {
    if (std::find(k.designs.begin(), k.designs.end(), design) != k.designs.end())
      out.knobs.push_back(k);
  }
  return out;
}

std::optional<std::size_t> cheapest_design(std::span<const DesignPlan> designs) {
  std::optional<std::size_t> best;
  std::optional<double> best_cost;
  for (std::size_t d = 0; d < designs.size(); ++d) {
    const PlanResult& r = designs[d].result;
    if (!r.recommended) continue;
    const Evaluation& e = r.trail[*r.recommended];
    // A design whose objective was not measured ranks after every design
    // whose objective was.
    const std::optional<double> cost =
        e.objective ? std::optional<double>(e.objective->mean) : std::nullopt;
    const bool cheaper = !best || (cost && (!best_cost || *cost < *best_cost));
    if (cheaper) {
      best = d;
      best_cost = cost;
    }
  }
  return best;
}

DesignsPlan plan_designs(const StudyConfig& study, const DesignVariant& variant,
                         const Measurer& measure, const StudyOptions& options,
                         const PointStarted& started) {
  DesignsPlan out;
  for (const DesignConfig& design : study.designs) {
    DesignPlan dp;
    dp.design = design.name;
    dp.plan = plan_of_design(*study.plan, design.name);
    const PlanConfig& p = dp.plan;
    const DesignAt quietly = [&](const Point& point) { return variant(design, p, point); };
    const DesignAt at = [&](const Point& point) {
      if (started) started(design, p, point);
      return variant(design, p, point);
    };
    const PointRunner runner = simulate_points(study, at, measure, options);
    dp.result = search(p, study.slos, runner, warm_start(p, study.slos, design.system, quietly));
    out.designs.push_back(std::move(dp));
  }
  out.cheapest = cheapest_design(out.designs);
  return out;
}

}  // namespace edasim::plan
