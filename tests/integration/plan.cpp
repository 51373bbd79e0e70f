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
    return scenario::load_variant_text(
        text, "mmc-plan.toml",
        std::vector<scenario::Override>{{p.knobs[0].path, p.knobs[0].text(point[0])}});
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
