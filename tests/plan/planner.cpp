// The capacity planner's search, on designs whose figures are formulas: what
// it recommends, how many points it simulates, and what it says when the
// figures cannot decide.
#include "sim/plan/planner.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>

using namespace edasim;
using plan::Point;

namespace {

plan::Knob range(std::string path, std::int64_t min, std::int64_t max) {
  plan::Knob k;
  k.path = std::move(path);
  k.min = min;
  k.max = max;
  return k;
}

plan::PlanConfig plan_of(std::vector<plan::Knob> knobs, std::int32_t replications = 5) {
  plan::PlanConfig p;
  p.knobs = std::move(knobs);
  p.replications = replications;
  p.verify_replications = 2 * replications;
  return p;
}

plan::Slo at_most(std::string measure, double bound) {
  plan::Slo s;
  s.name = measure;
  s.measure = std::move(measure);
  s.bound = bound;
  return s;
}

// A design whose latency is `latency(values)` give or take `spread`,
// replication by replication, and whose cost is the sum of its values.
plan::PointRunner formula(const plan::PlanConfig& p,
                          std::function<double(const std::vector<double>&)> latency, double spread,
                          int* runs = nullptr) {
  return [&p, latency, spread, runs](const Point& point, std::int32_t replications) {
    std::vector<double> values;
    for (std::size_t k = 0; k < point.size(); ++k) values.push_back(p.knobs[k].value(point[k]));
    double cost = 0;
    for (double v : values) cost += v;
    if (runs != nullptr) ++*runs;
    std::vector<plan::Measures> out;
    for (std::int32_t r = 0; r < replications; ++r) {
      const double noise = spread * (static_cast<double>(r % 3) - 1.0);
      out.push_back({{"latency.p99", plan::Unit::seconds, latency(values) + noise},
                     {"cost.total", plan::Unit::usd, cost}});
    }
    return out;
  };
}

}  // namespace

TEST_CASE("one knob: the smallest value that meets the SLO, in about log2 of its range",
          "[planner]") {
  const plan::PlanConfig p = plan_of({range("consumers.f.instances", 1, 64)});
  const plan::Slo slos[] = {at_most("latency.p99", 0.52)};
  int runs = 0;
  // 10 / n <= 0.52 from n = 20 on (19.2...).
  const auto r = plan::search(p, slos,
                              formula(
                                  p, [](const auto& v) { return 10.0 / v[0]; }, 0.001, &runs));
  REQUIRE(r.recommended);
  const plan::Evaluation& best = r.trail[*r.recommended];
  CHECK(p.knobs[0].value(best.point[0]) == 20);
  CHECK(best.step == "verify");
  CHECK(best.replications == 10);
  CHECK(best.met);
  // The largest design, a bisection of 64 values, the verification.
  CHECK(r.trail.size() <= 1 + 6 + 1 + 1);
  CHECK(runs == static_cast<int>(r.trail.size()));
  CHECK(plan::describe(p, best.point) == "consumers.f.instances = 20");
}

TEST_CASE("a good warm start saves simulated points", "[planner]") {
  const plan::PlanConfig p = plan_of({range("consumers.f.instances", 1, 64)});
  const plan::Slo slos[] = {at_most("latency.p99", 0.52)};
  const auto latency = [](const auto& v) { return 10.0 / v[0]; };
  const auto cold = plan::search(p, slos, formula(p, latency, 0.001));
  // Index 19 is 20 instances: the answer itself.
  const auto warm = plan::search(p, slos, formula(p, latency, 0.001), {{std::size_t{19}}, {}});
  REQUIRE(warm.recommended);
  CHECK(warm.trail[*warm.recommended].point == Point{19});
  // The largest design, the guess and the value below it, the verification.
  CHECK(warm.trail.size() == 4);
  CHECK(warm.trail.size() < cold.trail.size());
  CHECK(warm.trail[1].point == Point{19});
  CHECK(warm.trail[2].point == Point{18});
  // A guess too low costs its neighbour and the bisection above them.
  const auto low = plan::search(p, slos, formula(p, latency, 0.001), {{std::size_t{4}}, {}});
  REQUIRE(low.recommended);
  CHECK(low.trail[*low.recommended].point == Point{19});
  CHECK(low.trail.size() <= cold.trail.size() + 2);
}

TEST_CASE("a plan no design meets says so and names the closest point", "[planner]") {
  const plan::PlanConfig p = plan_of({range("consumers.f.instances", 1, 8)});
  const plan::Slo slos[] = {at_most("latency.p99", 0.5)};
  const auto r = plan::search(p, slos,
                              formula(
                                  p, [](const auto& v) { return 10.0 / v[0]; }, 0));
  CHECK_FALSE(r.recommended);
  REQUIRE(r.closest);
  CHECK(r.trail[*r.closest].point == Point{7});
  CHECK(r.trail.size() == 1);
  REQUIRE_FALSE(r.notes.empty());
  CHECK(r.notes.front().find("even the largest misses") != std::string::npos);
}

TEST_CASE("an objective the knob does not move recommends the smallest value that meets",
          "[planner]") {
  // A Kafka topic's cost is its brokers', whatever its partitions.
  const plan::PlanConfig p = plan_of({range("streams.s.partitions", 1, 64)});
  const plan::Slo slos[] = {at_most("latency.p99", 0.52)};
  const plan::PointRunner flat = [&p](const Point& point, std::int32_t replications) {
    const double latency = 10.0 / p.knobs[0].value(point[0]);
    return std::vector<plan::Measures>(
        static_cast<std::size_t>(replications),
        {{"latency.p99", plan::Unit::seconds, latency}, {"cost.total", plan::Unit::usd, 100.0}});
  };
  const auto r = plan::search(p, slos, flat);
  REQUIRE(r.recommended);
  CHECK(p.knobs[0].value(r.trail[*r.recommended].point[0]) == 20);
}

TEST_CASE("two knobs: a point where neither can be lowered alone", "[planner]") {
  const plan::PlanConfig p =
      plan_of({range("consumers.a.instances", 1, 32), range("consumers.b.instances", 1, 32)});
  const plan::Slo slos[] = {at_most("latency.p99", 1.0)};
  const auto latency = [](const std::vector<double>& v) { return 4.0 / v[0] + 2.0 / v[1]; };
  const auto r = plan::search(p, slos, formula(p, latency, 0));
  REQUIRE(r.recommended);
  const Point best = r.trail[*r.recommended].point;
  std::vector<double> v{p.knobs[0].value(best[0]), p.knobs[1].value(best[1])};
  CHECK(latency(v) <= 1.0);
  for (std::size_t k = 0; k < 2; ++k) {
    std::vector<double> lower = v;
    lower[k] -= 1;
    CHECK(latency(lower) > 1.0);
  }
}

TEST_CASE("a point just below the recommendation that was only uncertain is named", "[planner]") {
  const plan::PlanConfig p = plan_of({range("consumers.f.instances", 1, 64)});
  const plan::Slo slos[] = {at_most("latency.p99", 0.5)};
  // At 20 the latency is exactly the bound, and replications spread it by
  // 0.05 either way: whether 20 suffices is uncertain.
  const auto r = plan::search(p, slos,
                              formula(
                                  p, [](const auto& v) { return 10.0 / v[0]; }, 0.05));
  REQUIRE(r.recommended);
  const double chosen = p.knobs[0].value(r.trail[*r.recommended].point[0]);
  CHECK(chosen > 20);
  bool named = false;
  for (const std::string& note : r.notes)
    named = named || note.find("might also do") != std::string::npos;
  CHECK(named);
}

TEST_CASE("the search stops at its budget", "[planner]") {
  plan::PlanConfig p = plan_of({range("consumers.f.instances", 1, 1000)});
  p.max_evaluations = 4;
  const plan::Slo slos[] = {at_most("latency.p99", 0.5)};
  const auto r = plan::search(p, slos,
                              formula(
                                  p, [](const auto& v) { return 10.0 / v[0]; }, 0));
  CHECK(r.trail.size() <= 4);
  CHECK(r.budget_exhausted);
  REQUIRE(r.recommended);
  CHECK(r.trail[*r.recommended].met);
}

TEST_CASE("list knobs are searched over their values in ascending order", "[planner]") {
  plan::Knob partitions;
  partitions.path = "streams.s.partitions";
  partitions.range = false;
  partitions.list = {32, 64, 96, 128};
  const plan::PlanConfig p = plan_of({partitions});
  const plan::Slo slos[] = {at_most("latency.p99", 1.0)};
  const auto r = plan::search(p, slos,
                              formula(
                                  p, [](const auto& v) { return 90.0 / v[0]; }, 0));
  REQUIRE(r.recommended);
  CHECK(p.knobs[0].value(r.trail[*r.recommended].point[0]) == 96);
  CHECK(p.knobs[0].text(0) == "32");
}
