// The capacity planner: the cheapest values of a plan's knobs
// (sim/plan/plan_config.hpp) that meet every SLO with the plan's confidence.
//
// How it searches, so that a plan costs few runs:
// - It simulates the largest design first (every knob at its top): if that
//   misses an SLO, no design in the plan meets it, and the plan says so and
//   which SLO fails.
// - Knobs are capacity, so meeting the SLOs is monotone in each knob: it
//   lowers one knob at a time by bisection, holding the others (a coordinate
//   search, in the order the plan lists its knobs). A warm start (an
//   analytic estimate per knob, such as an Erlang C sizing) is the first
//   value each bisection tries, with its neighbour: an exact estimate
//   settles the knob in two points, a wrong one costs about two more than
//   plain bisection (log2 of the knob's range).
// - With two or more knobs, once no knob can be lowered alone, trade-off
//   moves: for each ordered pair of knobs, one a step lower and the other
//   raised by the least that meets every SLO (doubling the raise, then
//   bisecting), kept when the objective falls, round the pairs until a
//   whole round keeps none. They take the objective not to fall as a knob
//   rises (a larger fleet costs more) to end a move early, skip points a
//   point known to miss dominates, and skip a pair when the raised knob has
//   not moved the measure of an SLO the lowered one misses. A plan of one
//   knob makes none, and simulates the points it did without them.
// - A point meets an SLO only when the whole confidence interval of its
//   measure is on the right side of the bound; an uncertain point counts as
//   missing it, so a recommendation is never a coin toss.
// - Among the points that met every SLO, the one with the lowest objective
//   is recommended, then simulated again with more replications to verify
//   it; if the verification misses, the planner moves one knob up at a time
//   until a point verifies or the budget runs out.
// - Where a point just below the recommendation was uncertain, the result
//   says how many replications would likely settle it.
//
// Promises: every point is simulated on common random numbers (replication
// r of every point has the same seed), the search's decisions depend only on
// the figures, so the result is the same whatever the thread count, and at
// most max_evaluations points are simulated.
//
// Limits: a trade-off move lowers a knob one step at a time, so a trade
// whose first step saves nothing (equal prices, a plateau) is not taken even
// where later steps would save; moves trade two knobs, never three at once.
// The trail lists every point tried.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/metrics/estimate.hpp"
#include "sim/plan/comparison.hpp"
#include "sim/plan/measure.hpp"
#include "sim/plan/plan_config.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/study_config.hpp"

namespace edasim::plan {

// One index into each knob's values.
using Point = std::vector<std::size_t>;

// One simulated point.
struct Evaluation {
  Point point;
  std::int32_t replications = 0;
  // Why it was tried: "largest design", "bisect <knob>", "trade-off: <knob>
  // down, <knob> up", "trade-off: <knob> down alone", "verify".
  std::string step;
  std::optional<metrics::Estimate> objective;
  std::vector<std::optional<metrics::Estimate>> slo_values;  // by SLO
  std::vector<Verdict> verdicts;                             // by SLO
  bool met = false;                                          // every verdict met
};

// A first guess per knob, made before anything is simulated (an analytic
// sizing), and how each was made or why there is none.
struct WarmStart {
  std::vector<std::optional<std::size_t>> guess;  // by knob: an index into its values
  std::vector<std::string> basis;                 // by knob
};

struct PlanResult {
  WarmStart warm;
  std::vector<Evaluation> trail;  // every point simulated, in order
  // The point recommended and its verification (an index into trail); none
  // when no point met every SLO.
  std::optional<std::size_t> recommended;
  // When none met: the point that missed the fewest SLOs (an index into
  // trail), the largest design when they tie.
  std::optional<std::size_t> closest;
  bool budget_exhausted = false;
  // The units of the objective and of each SLO's measure, as the runs
  // reported them.
  Unit objective_unit = Unit::usd;
  std::vector<Unit> slo_units;
  // What the figures cannot settle, in words.
  std::vector<std::string> notes;
};

// Simulates `replications` replications of the design at `point` and
// returns each replication's measures (replication r with seed
// replication_seed(seed, r)).
using PointRunner =
    std::function<std::vector<Measures>(const Point& point, std::int32_t replications)>;

// The design at a point: the scenario with each knob set to its value.
using DesignAt = std::function<model::SystemConfig(const Point& point)>;

// A PointRunner that simulates `design_at(point)` as a study of one design,
// with `study`'s warm-up (no stopping rule: the search sets the
// replications, and judges points at the plan's confidence), each run's
// measures taken by `measure`, on `options`' threads.
PointRunner simulate_points(const StudyConfig& study, DesignAt design_at, Measurer measure,
                            StudyOptions options);

// The search. `slos` are what every recommendation must meet.
PlanResult search(const PlanConfig& plan, std::span<const Slo> slos, const PointRunner& run,
                  const WarmStart& warm = {});

// "consumers.x.instances = 8, streams.s.partitions = 64"
std::string describe(const PlanConfig& plan, const Point& point);

}  // namespace edasim::plan
