// The capacity planner on simulated M/M/c fleets: its recommendation is the
// Erlang C answer, it gets there in about log2 of the knob's range, and the
// plan is the same whatever the thread count.
#include <fmt/format.h>
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "sim/analytic/queueing.hpp"
#include "sim/model/system.hpp"
#include "sim/plan/planner.hpp"
#include "sim/plan/warm_start.hpp"
#include "sim/report/measures.hpp"
#include "sim/report/plan_report.hpp"
#include "sim/scenario/load.hpp"
#include "tests/integration/erlang.hpp"

using namespace edasim;

namespace {

// Poisson arrivals at `rate`/s into one queue read by long-polling
// single-message servers with exponential service of `mean_ms`, and a plan
// that sizes them for a p99 end to end of at most `bound_ms`.
std::string mmc_plan(double rate, double mean_ms, double bound_ms, const char* duration) {
  return fmt::format(R"(
[scenario]
name = "mmc-plan"
duration = "{}"
seed = 7

[producers.arrivals]
to = "queue.work"
arrival = "poisson"
rate = "{}/s"
batch = 1

[queues.work]
visibility_timeout = "1h"
api_latency = "0s"

[consumers.servers]
queue = "work"
instances = 1
pollers = 1
batch = 1
wait = "20s"
processing = {{ dist = "exponential", mean = "{}ms" }}
price_per_instance_hour = 0.05

[plan]
vary = {{ "consumers.servers.instances" = {{ min = 1, max = 64 }} }}
slos = [{{ name = "p99", measure = "consumers.servers.latency.end_to_end.p99", at_most = "{}ms" }}]
replications = 4
)",
                     duration, rate, mean_ms, bound_ms);
}

struct Planned {
  plan::StudyConfig study;
  plan::PlanResult result;
};

Planned run_plan(const std::string& text, std::int32_t threads, bool warm) {
  Planned out;
  out.study = scenario::load_study_text(text, "mmc-plan.toml");
  const plan::PlanConfig& p = *out.study.plan;
  const plan::DesignAt at = [&](const plan::Point& point) {
    std::vector<scenario::Override> knobs;
    for (std::size_t k = 0; k < p.knobs.size(); ++k)
      knobs.push_back({p.knobs[k].path, p.knobs[k].text(point[k])});
    return scenario::load_variant_text(text, "mmc-plan.toml", knobs);
  };
  plan::StudyOptions options;
  options.threads = threads;
  const auto runner = plan::simulate_points(out.study, at, report::measures_of, options);
  const plan::WarmStart start =
      warm ? plan::warm_start(p, out.study.slos, out.study.designs.front().system)
           : plan::WarmStart{};
  out.result = plan::search(p, out.study.slos, runner, start);
  return out;
}

using testing::erlang_servers;

}  // namespace

TEST_CASE("the planner sizes an M/M/c fleet as Erlang C does", "[slow][planner]") {
  struct Case {
    double rate, mean_ms, bound_ms;
    const char* duration;
  };
  // Bounds between the p99 of the Erlang answer and of one server fewer,
  // where a simulation can tell them apart: 496 and 625 ms at 90/s and
  // 100 ms; 971 and 1,216 ms at 20/s and 200 ms; 253 and 494 ms at 50/s and
  // 50 ms; 5.03 and 7.09 s at 7.2/s and 1 s.
  const Case cases[] = {
      {90, 100, 550, "30m"}, {20, 200, 1100, "1h"}, {50, 50, 350, "30m"}, {7.2, 1000, 6000, "4h"}};
  for (const Case& c : cases) {
    INFO("rate " << c.rate << "/s, mean " << c.mean_ms << " ms, p99 at most " << c.bound_ms
                 << " ms");
    const std::size_t expected = erlang_servers(c.rate, c.mean_ms, c.bound_ms);
    const Planned cold = run_plan(mmc_plan(c.rate, c.mean_ms, c.bound_ms, c.duration), 2, false);
    REQUIRE(cold.result.recommended);
    const auto& best = cold.result.trail[*cold.result.recommended];
    CHECK(cold.study.plan->knobs[0].value(best.point[0]) == static_cast<double>(expected));
    // The largest design, a bisection of 64 values (6 points, one more when
    // a probe repeats none), the verification.
    CHECK(cold.result.trail.size() <= 1 + 7 + 1);
    // The warm start is that same answer, so it settles the knob in two
    // points.
    const Planned warm = run_plan(mmc_plan(c.rate, c.mean_ms, c.bound_ms, c.duration), 2, true);
    REQUIRE(warm.result.warm.guess.front());
    CHECK(*warm.result.warm.guess.front() + 1 == expected);
    REQUIRE(warm.result.recommended);
    CHECK(warm.result.trail[*warm.result.recommended].point ==
          cold.result.trail[*cold.result.recommended].point);
    CHECK(warm.result.trail.size() == 4);
  }
}

TEST_CASE("a plan is the same bytes whatever the thread count", "[slow][planner]") {
  const std::string text = mmc_plan(90, 100, 550, "20m");
  const Planned one = run_plan(text, 1, true);
  const Planned three = run_plan(text, 3, true);
  const auto json = [](const Planned& p) {
    return report::plan_json({p.study, *p.study.plan, p.result, 7}).dump(2);
  };
  CHECK(json(one) == json(three));
  CHECK(json(one).find("\"schema\": \"edasim.plan/1\"") != std::string::npos);
}

namespace {

// 5,000 small records a second into a Kinesis stream, whose shards take
// 1,000 records/s each, and a plan over its shards.
constexpr const char* kShardPlan = R"(
[scenario]
name = "shard-plan"
duration = "10s"
seed = 3

[producers.clicks]
to = "stream.events"
rate = "5000/s"
key = "detail.id"

[[producers.clicks.events]]
name = "Click"
size = "100B"
[producers.clicks.events.fields]
"detail.id" = { sequence = "c-" }

[streams.events]
kind = "kinesis"
shards = 1

[plan]
vary = { "streams.events.shards" = { min = 1, max = 64 } }
slos = [{ name = "nothing lost", measure = "events.lost", at_most = 0 }]
)";

model::SystemConfig shards_at(std::int64_t shards) {
  return scenario::load_variant_text(
      kShardPlan, "shard-plan.toml",
      std::vector<scenario::Override>{{"streams.events.shards", std::to_string(shards)}});
}

// The most utilised limit of the stream that `edasim check` lists (0: none
// over 80 %).
double worst_stream_limit(const model::SystemConfig& config) {
  model::System system(config);
  double worst = 0;
  for (const model::CapacityLimit& l : system.capacity(system.offered_load(2000)).limits) {
    if (l.table == "streams") worst = std::max(worst, l.utilisation);
  }
  return worst;
}

}  // namespace

TEST_CASE(
    "the warm start sizes a stream's shards as the fewest that edasim check finds within "
    "their write limits",
    "[planner]") {
  const plan::StudyConfig study = scenario::load_study_text(kShardPlan, "shard-plan.toml");
  const plan::PlanConfig& p = *study.plan;
  const plan::DesignAt at = [&](const plan::Point& point) {
    return shards_at(static_cast<std::int64_t>(p.knobs[0].value(point[0])));
  };
  const plan::WarmStart start = plan::warm_start(p, study.slos, study.designs.front().system, at);
  REQUIRE(start.guess.size() == 1);
  REQUIRE(start.guess[0]);
  const auto shards = static_cast<std::int64_t>(p.knobs[0].value(*start.guess[0]));
  // 5,000 records/s need 5 shards evenly split; hashing is not even.
  CHECK(shards >= 5);
  CHECK(worst_stream_limit(shards_at(shards)) <= 1.0);
  CHECK(worst_stream_limit(shards_at(shards - 1)) > 1.0);
  CHECK(start.basis[0].find("no limit of streams.events over 100 %") != std::string::npos);
  // Without a way to make designs, only fleets are sized.
  const plan::WarmStart blind = plan::warm_start(p, study.slos, study.designs.front().system);
  CHECK_FALSE(blind.guess[0]);
}

namespace {

// One queue at 80 orders a second, read by two fleets at once: `slow`
// (100 ms an order, $0.50 an instance-hour) and `fast` (50 ms, $2.00), so
// the slow fleet's capacity costs half as much. The plan lists the slow
// fleet first: lowering it alone with the fast fleet at its top leaves 1
// slow instance, and then the fast fleet alone stops at the few instances
// that carry nearly the whole load, the expensive way.
constexpr const char* kTradePlan = R"(
[scenario]
name = "trade-plan"
duration = "10m"
seed = 5

[producers.orders]
to = "queue.work"
arrival = "poisson"
rate = "80/s"
batch = 1

[queues.work]
visibility_timeout = "1h"
api_latency = "0s"

[consumers.slow]
queue = "work"
instances = 1
pollers = 1
batch = 1
wait = "20s"
processing = { dist = "exponential", mean = "100ms" }
price_per_instance_hour = 0.50

[consumers.fast]
queue = "work"
instances = 1
pollers = 1
batch = 1
wait = "20s"
processing = { dist = "exponential", mean = "50ms" }
price_per_instance_hour = 2.00

[plan]
vary = { "consumers.slow.instances" = { min = 1, max = 32 }, "consumers.fast.instances" = { min = 1, max = 32 } }
slos = [{ name = "p99", measure = "latency.end_to_end.p99", at_most = "1.5s" }]
replications = 4
)";

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_CASE(
    "trade-off moves swap an expensive fleet's instances for a cheaper fleet's behind a "
    "shared SLO",
    "[slow][planner]") {
  const Planned planned = run_plan(kTradePlan, 2, true);
  const plan::PlanResult& r = planned.result;
  const plan::PlanConfig& p = *planned.study.plan;
  // Where lowering each knob alone stopped: the cheapest point the
  // coordinate search (the largest design and the bisections) met.
  const plan::Evaluation* coordinate = nullptr;
  for (const plan::Evaluation& e : r.trail) {
    if (!e.met || !(e.step == "largest design" || starts_with(e.step, "bisect "))) continue;
    REQUIRE(e.objective);
    if (coordinate == nullptr || e.objective->mean < coordinate->objective->mean) coordinate = &e;
  }
  REQUIRE(coordinate != nullptr);
  REQUIRE(r.recommended);
  const plan::Evaluation& best = r.trail[*r.recommended];
  INFO("coordinate search: " << plan::describe(p, coordinate->point)
                             << "; recommended: " << plan::describe(p, best.point));
  // The recommendation is verified: simulated again with 10 replications,
  // every SLO met.
  CHECK(best.step == "verify");
  CHECK(best.replications == p.verify_replications);
  CHECK(best.met);
  // It is cheaper, by more than both intervals, with fewer fast instances
  // and more slow ones: a move no knob could make alone.
  REQUIRE(best.objective);
  CHECK(best.objective->mean + best.objective->half_width <
        coordinate->objective->mean - coordinate->objective->half_width);
  CHECK(best.point[1] < coordinate->point[1]);
  CHECK(best.point[0] > coordinate->point[0]);
  // A trade-off move found it, and the trail says so.
  bool traded = false;
  for (const plan::Evaluation& e : r.trail) {
    if (e.point == best.point && e.replications == p.replications)
      traded = e.step == "trade-off: consumers.fast.instances down, consumers.slow.instances up";
  }
  CHECK(traded);
  CHECK_FALSE(r.budget_exhausted);
  CHECK(r.trail.size() <= 30);
  // The same bytes at one thread.
  const Planned one = run_plan(kTradePlan, 1, true);
  const auto json = [](const Planned& x) {
    return report::plan_json({x.study, *x.study.plan, x.result, 5}).dump(2);
  };
  CHECK(json(one) == json(planned));
}
