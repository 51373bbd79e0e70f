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

namespace {

// Two fleets behind one queue, as a formula: `fast` serves 2 messages a
// second per instance at 4 a month, `cheap` 1 at 1 a month, and the
// latency is 10 over their capacity, give or take 0.001. Capacity 20 meets
// a bound of 0.52; per unit of capacity `cheap` costs half what `fast`
// does, so the cheapest point is 1 fast instance and 18 cheap ones (22).
plan::PointRunner two_fleets(const plan::PlanConfig& p, int* runs = nullptr) {
  return [&p, runs](const Point& point, std::int32_t replications) {
    const double cheap = p.knobs[0].value(point[0]), fast = p.knobs[1].value(point[1]);
    if (runs != nullptr) ++*runs;
    std::vector<plan::Measures> out;
    for (std::int32_t r = 0; r < replications; ++r) {
      const double noise = 0.001 * (static_cast<double>(r % 3) - 1.0);
      out.push_back({{"latency.p99", plan::Unit::seconds, 10.0 / (2 * fast + cheap) + noise},
                     {"cost.total", plan::Unit::usd, 4 * fast + cheap}});
    }
    return out;
  };
}

plan::PlanConfig two_fleets_plan() {
  return plan_of(
      {range("consumers.cheap.instances", 1, 32), range("consumers.fast.instances", 1, 32)});
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

}  // namespace

TEST_CASE("trade-off moves find the cheaper point the coordinate search stops short of",
          "[planner]") {
  plan::PlanConfig p = two_fleets_plan();
  p.max_evaluations = 100;
  const plan::Slo slos[] = {at_most("latency.p99", 0.52)};
  int runs = 0;
  const auto r = plan::search(p, slos, two_fleets(p, &runs));
  // Lowering each knob alone, cheap first with fast at its top, stops at 1
  // cheap and 10 fast instances (capacity 21, cost 41).
  const Point coordinate{0, 9};
  const plan::Evaluation* stopped = nullptr;
  for (const plan::Evaluation& e : r.trail) {
    if (e.point == coordinate && e.replications == p.replications) stopped = &e;
  }
  REQUIRE(stopped != nullptr);
  CHECK(stopped->met);
  CHECK(starts_with(stopped->step, "bisect "));
  REQUIRE(stopped->objective);
  CHECK(stopped->objective->mean == 41);
  // Trading fast instances for cheap ones, one fast instance at a time,
  // reaches 18 cheap and 1 fast (cost 22), verified.
  REQUIRE(r.recommended);
  const plan::Evaluation& best = r.trail[*r.recommended];
  CHECK(best.point == Point{17, 0});
  CHECK(best.step == "verify");
  CHECK(best.replications == 10);
  CHECK(best.met);
  REQUIRE(best.objective);
  CHECK(best.objective->mean == 22);
  // The point verified was found by a trade-off move, and every such point
  // says so.
  bool traded = false;
  for (const plan::Evaluation& e : r.trail) {
    if (e.point != best.point || e.replications != p.replications) continue;
    traded = e.step == "trade-off: consumers.fast.instances down, consumers.cheap.instances up";
  }
  CHECK(traded);
  std::size_t trades = 0;
  for (const plan::Evaluation& e : r.trail) trades += starts_with(e.step, "trade-off: ") ? 1 : 0;
  CHECK(trades > 0);
  bool noted = false;
  for (const std::string& note : r.notes) {
    noted = noted || note ==
                         "Trading knobs against each other found consumers.cheap.instances = 18, "
                         "consumers.fast.instances = 1 (cost.total 22), where lowering each knob "
                         "alone stopped at consumers.cheap.instances = 1, consumers.fast.instances "
                         "= 10 (41).";
  }
  CHECK(noted);
  // The largest design, two bisections of 32 values, nine moves of three
  // points each at most (a raise that misses, one that meets, the fast
  // fleet lowered alone), the verification.
  CHECK(runs == static_cast<int>(r.trail.size()));
  CHECK(r.trail.size() <= 1 + 2 * 6 + 9 * 3 + 1);
  CHECK_FALSE(r.budget_exhausted);
  // The same plan again simulates the same points in the same order.
  const auto again = plan::search(p, slos, two_fleets(p));
  REQUIRE(again.trail.size() == r.trail.size());
  for (std::size_t i = 0; i < r.trail.size(); ++i) {
    CHECK(again.trail[i].point == r.trail[i].point);
    CHECK(again.trail[i].step == r.trail[i].step);
  }
}

TEST_CASE("trade-off moves stop at the budget, keeping a recommendation that met", "[planner]") {
  plan::PlanConfig p = two_fleets_plan();
  p.max_evaluations = 20;
  const plan::Slo slos[] = {at_most("latency.p99", 0.52)};
  const auto r = plan::search(p, slos, two_fleets(p));
  CHECK(r.trail.size() <= 20);
  CHECK(r.budget_exhausted);
  REQUIRE(r.recommended);
  const plan::Evaluation& best = r.trail[*r.recommended];
  CHECK(best.met);
  REQUIRE(best.objective);
  // Some moves were made before the budget ran out.
  CHECK(best.objective->mean < 41);
  CHECK(best.objective->mean > 22);
}

TEST_CASE("knobs that each answer for an SLO of their own are never traded", "[planner]") {
  // Two fleets, each with its own latency and its own SLO: 10 / n within
  // 0.52 needs 20 instances of each, and nothing one fleet does moves the
  // other's latency.
  const plan::PlanConfig p =
      plan_of({range("consumers.a.instances", 1, 32), range("consumers.b.instances", 1, 32)});
  plan::Slo a = at_most("latency.a", 0.52), b = at_most("latency.b", 0.52);
  const plan::Slo slos[] = {a, b};
  const plan::PointRunner separate = [&p](const Point& point, std::int32_t replications) {
    const double na = p.knobs[0].value(point[0]), nb = p.knobs[1].value(point[1]);
    std::vector<plan::Measures> out;
    for (std::int32_t r = 0; r < replications; ++r) {
      const double noise = 0.001 * (static_cast<double>(r % 3) - 1.0);
      out.push_back({{"latency.a", plan::Unit::seconds, 10.0 / na + noise},
                     {"latency.b", plan::Unit::seconds, 10.0 / nb + noise},
                     {"cost.total", plan::Unit::usd, na + 3 * nb}});
    }
    return out;
  };
  const auto r = plan::search(p, slos, separate);
  REQUIRE(r.recommended);
  CHECK(r.trail[*r.recommended].point == Point{19, 19});
  for (const plan::Evaluation& e : r.trail) CHECK_FALSE(starts_with(e.step, "trade-off"));
}
