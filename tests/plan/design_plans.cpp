// A plan over a study's designs, on designs whose figures are given: which
// knobs each design plans, and which design is named the cheapest.
#include "sim/plan/design_plans.hpp"

#include <catch2/catch.hpp>

using namespace edasim;

namespace {

plan::Knob knob_in(std::string path, std::vector<std::string> designs) {
  plan::Knob k;
  k.path = std::move(path);
  k.min = 1;
  k.max = 8;
  k.designs = std::move(designs);
  return k;
}

// A design's plan whose recommendation costs `cost`, or with none.
plan::DesignPlan planned(std::string name, std::optional<double> cost) {
  plan::DesignPlan d;
  d.design = std::move(name);
  if (!cost) return d;
  plan::Evaluation e;
  e.met = true;
  e.objective = metrics::Estimate{*cost, 0.0, 0.0, 5};
  d.result.trail.push_back(e);
  d.result.recommended = 0;
  return d;
}

}  // namespace

TEST_CASE("a design plans the knobs that apply to it, in the plan's order", "[planner]") {
  plan::PlanConfig p;
  p.over_designs = true;
  p.replications = 7;
  p.knobs = {knob_in("streams.events.partitions", {"kafka"}),
             knob_in("consumers.audit.instances", {"sns", "bus"}),
             knob_in("producers.clicks.batch", {"kafka", "sns", "bus"})};
  const plan::PlanConfig kafka = plan::plan_of_design(p, "kafka");
  REQUIRE(kafka.knobs.size() == 2);
  CHECK(kafka.knobs[0].path == "streams.events.partitions");
  CHECK(kafka.knobs[1].path == "producers.clicks.batch");
  CHECK(kafka.replications == 7);
  CHECK(plan::plan_of_design(p, "bus").knobs.size() == 2);
  CHECK(plan::plan_of_design(p, "other").knobs.empty());
}

TEST_CASE("the cheapest design is the one whose recommendation costs least", "[planner]") {
  const std::vector<plan::DesignPlan> designs{planned("a", 30.0), planned("b", std::nullopt),
                                              planned("c", 20.0), planned("d", 20.0)};
  // b met no SLO, so however cheap it might be it is not named; c and d tie
  // and c is listed first.
  CHECK(plan::cheapest_design(designs) == std::optional<std::size_t>{2});
  const std::vector<plan::DesignPlan> none{planned("a", std::nullopt), planned("b", std::nullopt)};
  CHECK_FALSE(plan::cheapest_design(none));
}
