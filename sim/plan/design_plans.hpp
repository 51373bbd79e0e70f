// A plan over a study's [[designs]]: each design planned on its own, with
// the knobs that apply to it, and the cheapest design that meets every SLO
// named.
//
// A knob applies to the designs whose scenario has the component it sets
// (PlanConfig's Knob::designs): `streams.events.partitions` is planned in
// the Kafka design only, `consumers.audit.instances` in each design with
// that fleet. A design that no knob applies to is judged as written: its
// largest design is itself, simulated and verified like any recommendation.
//
// Promises: the designs are planned one after another, in the study's order
// (the baseline first), each exactly as a plan of that design alone would
// be (the same search, warm start, budget and seeds), so the result is the
// same whatever the thread count. The cheapest design is the one whose
// verified recommendation has the lowest objective (mean); a tie goes to
// the design listed first.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/model/system_config.hpp"
#include "sim/plan/plan_config.hpp"
#include "sim/plan/planner.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/study_config.hpp"

namespace edasim::plan {

// One design's plan: the knobs that apply to it and what the search found.
struct DesignPlan {
  std::string design;
  PlanConfig plan;
  PlanResult result;
};

struct DesignsPlan {
  std::vector<DesignPlan> designs;  // in the study's order
  // The cheapest design whose recommendation met every SLO (an index into
  // designs); none when no design met them.
  std::optional<std::size_t> cheapest;
};

// `plan` with only the knobs that apply to `design`, in the same order.
PlanConfig plan_of_design(const PlanConfig& plan, const std::string& design);

// The design with the lowest objective at a recommendation, the first on a
// tie; none when no design has a recommendation.
std::optional<std::size_t> cheapest_design(std::span<const DesignPlan> designs);

// The system of `design` at `point` of its plan (`plan`: plan_of_design's).
using DesignVariant = std::function<model::SystemConfig(
    const DesignConfig& design, const PlanConfig& plan, const Point& point)>;

// Called before each point is simulated, for progress.
using PointStarted =
    std::function<void(const DesignConfig& design, const PlanConfig& plan, const Point& point)>;

// Plans every design of `study` (whose plan is over designs) in turn:
// each design's warm start from its own system, then the search, each point
// simulated as simulate_points does.
DesignsPlan plan_designs(const StudyConfig& study, const DesignVariant& variant,
                         const Measurer& measure, const StudyOptions& options,
                         const PointStarted& started = {});

}  // namespace edasim::plan
