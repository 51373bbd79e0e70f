// Comparisons: intervals per design, paired deltas and SLO verdicts.
#include "sim/plan/comparison.hpp"

#include <catch2/catch.hpp>

using namespace edasim;
using namespace edasim::metrics;

namespace {

plan::DesignRuns runs(const std::string& name, std::vector<double> latency, bool with_dlq = true) {
  plan::DesignRuns d;
  d.name = name;
  for (double x : latency) {
    plan::Measures m{{"latency.p99", plan::Unit::seconds, x, true}};
    if (with_dlq) m.push_back({"events.dlq", plan::Unit::count, 0, true});
    d.replications.push_back(std::move(m));
  }
  return d;
}

plan::StudyResult result_of(std::vector<plan::DesignRuns> designs) {
  plan::StudyResult r;
  r.name = "t";
  r.designs = std::move(designs);
  r.seeds.resize(r.designs.front().replications.size());
  return r;
}

}  // namespace

TEST_CASE("a delta is estimated from the paired per-replication differences") {
  // Large spread within each design, a constant difference between them:
  // only pairing shows that the difference is exact.
  const auto result = result_of({runs("base", {1, 5, 9, 13}), runs("new", {1.5, 5.5, 9.5, 13.5})});
  plan::StudyConfig study;
  const plan::Comparison c = plan::compare(study, result);
  REQUIRE(c.rows.size() == 2);
  const plan::Row& p99 = c.rows.front();
  CHECK(p99.measure == "latency.p99");
  CHECK(p99.family == "latency");
  REQUIRE(p99.cells.size() == 2);
  CHECK_FALSE(p99.cells[0].delta);
  CHECK(p99.cells[0].value->mean == Approx(7));
  CHECK(p99.cells[0].value->half_width > 5);
  REQUIRE(p99.cells[1].delta);
  CHECK(p99.cells[1].delta->mean == Approx(0.5));
  CHECK(p99.cells[1].delta->half_width == Approx(0).margin(1e-12));
  CHECK(*p99.cells[1].delta_percent == Approx(100.0 * 0.5 / 7));
  // A zero baseline has no percentage.
  const plan::Row& dlq = c.rows.back();
  CHECK(dlq.cells[1].delta->mean == 0);
  CHECK_FALSE(dlq.cells[1].delta_percent);
}

TEST_CASE("rows follow the baseline's order and a missing measure leaves an empty cell") {
  auto other = runs("other", {2, 3}, false);
  for (auto& m : other.replications)
    m.push_back({"queues.x.max_depth", plan::Unit::count, 7, true});
  const auto result = result_of({runs("base", {1, 2}), other});
  const plan::Comparison c = plan::compare(plan::StudyConfig{}, result);
  REQUIRE(c.rows.size() == 3);
  CHECK(c.rows[0].measure == "latency.p99");
  CHECK(c.rows[1].measure == "events.dlq");
  CHECK(c.rows[2].measure == "queues.x.max_depth");
  CHECK_FALSE(c.rows[1].cells[1].value);
  CHECK_FALSE(c.rows[2].cells[0].value);
  CHECK(c.rows[2].cells[1].value->mean == 7);
  CHECK_FALSE(c.rows[2].cells[1].delta);
}

TEST_CASE("a cost a design does not have is $0, not an empty cell") {
  auto with_sns = runs("fan-out", {2, 3});
  for (auto& m : with_sns.replications) m.push_back({"cost.sns", plan::Unit::usd, 5, true});
  const plan::Comparison c =
      plan::compare(plan::StudyConfig{}, result_of({runs("base", {1, 2}), with_sns}));
  REQUIRE(c.rows.size() == 3);
  const plan::Row& sns = c.rows[2];
  CHECK(sns.measure == "cost.sns");
  REQUIRE(sns.cells[0].value);
  CHECK(sns.cells[0].value->mean == 0);
  CHECK(sns.cells[1].delta->mean == 5);
}

TEST_CASE("an API call a design never makes counts 0 of it, not an empty cell") {
  auto with_bus = runs("bus", {2, 3});
  for (auto& m : with_bus.replications) {
    m.push_back({"calls.PutEvents", plan::Unit::count, 40, true});
    m.push_back({"calls.per_1000_events.PutEvents", plan::Unit::number, 4, true});
  }
  const plan::Comparison c =
      plan::compare(plan::StudyConfig{}, result_of({runs("base", {1, 2}), with_bus}));
  REQUIRE(c.rows.size() == 4);
  for (const plan::Row* row : {&c.rows[2], &c.rows[3]}) {
    INFO(row->measure);
    REQUIRE(row->cells[0].value);
    CHECK(row->cells[0].value->mean == 0);
    REQUIRE(row->cells[1].delta);
  }
  CHECK(c.rows[2].cells[1].delta->mean == 40);
  // A latency the design lacks stays empty: no latency is not zero latency.
  auto without_latency = runs("quiet", {1, 2});
  for (auto& m : without_latency.replications) m.erase(m.begin());
  const plan::Comparison q =
      plan::compare(plan::StudyConfig{}, result_of({runs("base", {1, 2}), without_latency}));
  CHECK_FALSE(q.rows[0].cells[1].value);
}

TEST_CASE("an SLO is met, not met or uncertain by where its interval lies") {
  plan::Slo slo{"p99", "latency.p99", 1.0, true, ""};
  CHECK(plan::judge(slo, Estimate{0.8, 0.1, 0.1, 5}) == plan::Verdict::met);
  CHECK(plan::judge(slo, Estimate{1.3, 0.1, 0.2, 5}) == plan::Verdict::not_met);
  CHECK(plan::judge(slo, Estimate{0.95, 0.1, 0.1, 5}) == plan::Verdict::uncertain);
  // One replication: the point decides.
  CHECK(plan::judge(slo, Estimate{0.95, 0, 1e300, 1}) == plan::Verdict::met);
  plan::Slo floor{"goodput", "events.processed", 100, false, ""};
  CHECK(plan::judge(floor, Estimate{150, 1, 10, 5}) == plan::Verdict::met);
  CHECK(plan::judge(floor, Estimate{50, 1, 10, 5}) == plan::Verdict::not_met);

  plan::StudyConfig study;
  study.slos = {slo, plan::Slo{"nothing", "latency.p50", 1, true, ""}};
  const plan::Comparison c =
      plan::compare(study, result_of({runs("a", {0.5, 0.6, 0.55}), runs("b", {2, 2.1, 2.2})}));
  REQUIRE(c.slos.size() == 2);
  CHECK(c.slos[0].verdicts == std::vector{plan::Verdict::met, plan::Verdict::not_met});
  CHECK(c.slos[1].verdicts == std::vector{plan::Verdict::no_data, plan::Verdict::no_data});
}

TEST_CASE("a quantile's interval is never narrower than its histogram bucket") {
  // Two replications whose p99 landed in the same bucket (2.9 ms wide at
  // 203 ms): they agree to the last digit, which says nothing about the
  // truth within the bucket.
  const auto with_resolution = [](const std::string& name, double x, int reps) {
    plan::DesignRuns d;
    d.name = name;
    for (int r = 0; r < reps; ++r)
      d.replications.push_back({{"latency.p99", plan::Unit::seconds, x, true, 0.002883584}});
    return d;
  };
  const auto result =
      result_of({with_resolution("base", 0.2031, 2), with_resolution("new", 0.2031, 2)});
  plan::StudyConfig study;
  const plan::Comparison c = plan::compare(study, result);
  REQUIRE(c.rows.size() == 1);
  CHECK(c.rows[0].cells[0].value->half_width == Approx(0.002883584));
  // A difference of two bucketed figures can be off by both buckets.
  CHECK(c.rows[0].cells[1].delta->half_width == Approx(2 * 0.002883584));
  // A wider statistical interval is kept as it is.
  const auto spread = result_of({runs("base", {1, 5, 9, 13})});
  CHECK(plan::compare(study, spread).rows[0].cells[0].value->half_width > 5);
}
