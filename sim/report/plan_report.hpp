// The reports of `edasim plan`: plan.json for programs, plan.md and
// plan.html for a design review (the recommendation, the SLOs at it with
// their intervals, the analytic warm start, the search trail, and in HTML
// each SLO's measure against the objective over every point tried), and a
// terminal summary.
//
// A plan over a study's designs (sim/plan/design_plans.hpp) opens with a
// table of the designs (each one's recommendation, objective and verdict,
// and which is cheapest), then each design's sections; its plan.json keeps
// every field of a plan of one scenario, meaning the cheapest design's
// answer, and adds "design" and "designs" (docs/scenario/plan.md).
//
// Promises: the same plan and result always give the same bytes; plan.json
// carries "schema": "edasim.plan/1", and a change that breaks its readers
// changes that number.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "sim/plan/design_plans.hpp"
#include "sim/plan/planner.hpp"
#include "sim/plan/study_config.hpp"
#include "sim/report/write.hpp"

namespace edasim::report {

inline constexpr const char* kPlanSchema = "edasim.plan/1";

// What the reports say of a plan: the study it was read with (its name,
// question, seed and SLOs), the plan, and what the search found.
struct PlanReport {
  const plan::StudyConfig& study;
  // In a plan over designs: the cheapest design's (the first design's when
  // none met).
  const plan::PlanConfig& plan;
  const plan::PlanResult& result;
  std::uint64_t seed = 0;
  // Every design's plan, in a plan over a study's designs; null otherwise.
  const plan::DesignsPlan* designs = nullptr;
};

nlohmann::ordered_json plan_json(const PlanReport& report);
std::string plan_markdown(const PlanReport& report);
std::string plan_html(const PlanReport& report);
// For a terminal `width` columns wide (0: any).
void write_plan_summary(const PlanReport& report, std::ostream& out, std::size_t width = 0);

// plan.json, plan.md and plan.html.
std::vector<ReportFile> render_plan(const PlanReport& report);

}  // namespace edasim::report
