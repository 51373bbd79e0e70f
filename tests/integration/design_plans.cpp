// A plan over a study's designs, simulated: each design's own fleet is sized
// as Erlang C sizes it, the cheapest design that meets the SLO is named, and
// the plan is the same bytes whatever the thread count.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/analytic/queueing.hpp"
#include "sim/plan/design_plans.hpp"
#include "sim/report/measures.hpp"
#include "sim/report/plan_report.hpp"
#include "sim/scenario/load.hpp"
#include "tests/integration/erlang.hpp"

using namespace edasim;

namespace {

// 90 orders a second into one queue, read in design "fast" by a fleet of
// single-message servers taking 50 ms each at $0.20 an instance-hour, and
// in design "slow" by one taking 100 ms at $0.05; a plan sizes each fleet
// for a p99 end to end of at most 550 ms. Each knob names a fleet only one
// design has.
std::string two_fleets(const char* duration) {
  return fmt::format(R"(
[scenario]
name = "two-fleets"
duration = "{}"
seed = 11

[producers.orders]
to = "queue.work"
arrival = "poisson"
rate = "90/s"
batch = 1

[queues.work]
visibility_timeout = "1h"
api_latency = "0s"

[plan]
vary = {{ "consumers.fast.instances" = {{ min = 1, max = 64 }}, "consumers.slow.instances" = {{ min = 1, max = 64 }} }}
slos = [{{ name = "p99", measure = "latency.end_to_end.p99", at_most = "550ms" }}]
replications = 4

[[designs]]
name = "fast"
[designs.consumers.fast]
queue = "work"
instances = 1
pollers = 1
batch = 1
wait = "20s"
processing = {{ dist = "exponential", mean = "50ms" }}
price_per_instance_hour = 0.20

[[designs]]
name = "slow"
[designs.consumers.slow]
queue = "work"
instances = 1
pollers = 1
batch = 1
wait = "20s"
processing = {{ dist = "exponential", mean = "100ms" }}
price_per_instance_hour = 0.05
)",
                     duration);
}

struct Planned {
  plan::StudyConfig study;
  plan::DesignsPlan result;
};

Planned plan_designs(const std::string& text, std::int32_t threads) {
  Planned out;
  out.study = scenario::load_study_text(text, "two-fleets.toml");
  const plan::DesignVariant variant = [&](const plan::DesignConfig& design,
                                          const plan::PlanConfig& p, const plan::Point& point) {
    std::vector<scenario::Override> knobs;
    for (std::size_t k = 0; k < p.knobs.size(); ++k)
      knobs.push_back({p.knobs[k].path, p.knobs[k].text(point[k])});
    return scenario::load_design_variant_text(text, "two-fleets.toml", {}, design.name, knobs);
  };
  plan::StudyOptions options;
  options.threads = threads;
  out.result = plan::plan_designs(out.study, variant, report::measures_of, options);
  return out;
}

using testing::erlang_servers;

std::string json_of(const Planned& p) {
  const plan::DesignPlan& shown = p.result.designs[p.result.cheapest.value_or(0)];
  return report::plan_json({p.study, shown.plan, shown.result, 11, &p.result}).dump(2);
}

}  // namespace

TEST_CASE(
    "a plan over a study's designs sizes each design's own fleet as Erlang C does and names "
    "the cheaper design",
    "[slow][planner]") {
  const Planned planned = plan_designs(two_fleets("30m"), 2);
  REQUIRE(planned.result.designs.size() == 2);
  const std::size_t expected[] = {erlang_servers(90, 50, 550), erlang_servers(90, 100, 550)};
  // 5 servers at 50 ms (4 cannot keep up), 11 at 100 ms.
  CHECK(expected[0] == 5);
  CHECK(expected[1] == 11);
  for (std::size_t d = 0; d < 2; ++d) {
    const plan::DesignPlan& dp = planned.result.designs[d];
    INFO("design " << dp.design);
    // Each design plans only the knob of the fleet it has.
    REQUIRE(dp.plan.knobs.size() == 1);
    CHECK(dp.plan.knobs[0].path ==
          (d == 0 ? "consumers.fast.instances" : "consumers.slow.instances"));
    REQUIRE(dp.result.recommended);
    const plan::Evaluation& best = dp.result.trail[*dp.result.recommended];
    CHECK(dp.plan.knobs[0].value(best.point[0]) == static_cast<double>(expected[d]));
    // The warm start is that answer: the largest design, the guess and the
    // value below it, the verification.
    CHECK(dp.result.trail.size() == 4);
  }
  // 5 instances at $0.20 an hour cost more than 11 at $0.05.
  REQUIRE(planned.result.cheapest);
  CHECK(planned.result.designs[*planned.result.cheapest].design == "slow");
  const std::string json = json_of(planned);
  CHECK(json.find("\"design\": \"slow\"") != std::string::npos);
  CHECK(json.find("\"consumers.slow.instances\": 11") != std::string::npos);
}

TEST_CASE("a plan over a study's designs is the same bytes whatever the thread count",
          "[slow][planner]") {
  const std::string text = two_fleets("20m");
  CHECK(json_of(plan_designs(text, 1)) == json_of(plan_designs(text, 3)));
}
