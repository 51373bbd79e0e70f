#include "sim/plan/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "sim/plan/study.hpp"

namespace edasim::plan {

namespace {

const Row* row_of(const Comparison& c, const std::string& measure) {
  for (const Row& row : c.rows) {
    if (row.measure == measure) return &row;
  }
  return nullptr;
}

// The measure of `row` at the one design of a point's comparison.
std::optional<metrics::Estimate> value_of(const Row* row) {
  if (row == nullptr || row->cells.empty()) return std::nullopt;
  return row->cells.front().value;
}

class Search {
 public:
  Search(const PlanConfig& plan, std::span<const Slo> slos, const PointRunner& run)
      : plan_(plan), slos_(slos.begin(), slos.end()), run_(run) {}

  // The evaluation of `point` at `replications`, simulated unless it was
  // already; null once the budget is spent.
  // The search proper keeps the last evaluation of the budget for the
  // verification (`verifying`).
  const Evaluation* evaluate(const Point& point, std::int32_t replications, std::string step,
                             bool verifying = false) {
    const auto key = std::make_pair(point, replications);
    if (const auto at = seen_.find(key); at != seen_.end()) return &result.trail[at->second];
    const std::int32_t budget = verifying ? plan_.max_evaluations : plan_.max_evaluations - 1;
    if (std::cmp_greater_equal(result.trail.size(), std::max(budget, 1))) {
      result.budget_exhausted = true;
      return nullptr;
    }
    result.trail.push_back(judge_point(point, replications, std::move(step)));
    seen_.emplace(key, result.trail.size() - 1);
    return &result.trail.back();
  }

  // Whether `point` met every SLO at the plan's replications; nullopt once
  // the budget is spent.
  std::optional<bool> meets(const Point& point, const std::string& step) {
    const Evaluation* e = evaluate(point, plan_.replications, step);
    if (e == nullptr) return std::nullopt;
    return e->met;
  }

  PlanResult result;

 private:
  Evaluation judge_point(const Point& point, std::int32_t replications, std::string step) {
    StudyConfig study;
    study.confidence = plan_.confidence;
    study.slos = slos_;
    StudyResult runs;
    runs.seeds.resize(static_cast<std::size_t>(replications));
    DesignRuns design;
    design.name = "point";
    design.replications = run_(point, replications);
    runs.designs.push_back(std::move(design));
    const Comparison c = compare(study, runs);

    Evaluation e;
    e.point = point;
    e.replications = replications;
    e.step = std::move(step);
    const Row* objective = row_of(c, plan_.objective);
    e.objective = value_of(objective);
    if (objective != nullptr) result.objective_unit = objective->unit;
    result.slo_units.resize(slos_.size(), Unit::number);
    e.met = true;
    for (std::size_t i = 0; i < slos_.size(); ++i) {
      const Row* row = row_of(c, slos_[i].measure);
      if (row != nullptr) result.slo_units[i] = row->unit;
      e.slo_values.push_back(value_of(row));
      e.verdicts.push_back(c.slos[i].verdicts.front());
      e.met = e.met && e.verdicts.back() == Verdict::met;
    }
    return e;
  }

  const PlanConfig& plan_;
  std::vector<Slo> slos_;
  const PointRunner& run_;
  std::map<std::pair<Point, std::int32_t>, std::size_t> seen_;
};

// The smallest index of knob `k` at which `point` (with the other knobs as
// they are) meets the SLOs, knowing it meets at point[k]; `guess` is tried
// first. Stops early, keeping what it knows, when the budget is spent.
std::size_t lowest_meeting(Search& search, const PlanConfig& plan, Point point, std::size_t k,
                           std::optional<std::size_t> guess) {
  std::size_t lo = 0, hi = point[k];
  const std::string step = "bisect " + plan.knobs[k].path;
  const auto probe = [&](std::size_t at) -> std::optional<bool> {
    point[k] = at;
    return search.meets(point, step);
  };
  // A guess is tried with its neighbour on the side the answer lies: an
  // exact guess settles the knob in two points. No guess reads as the top,
  // which is known to meet and so tries nothing.
  const std::size_t first = guess.value_or(hi);
  if (first < hi) {
    const auto met = probe(first);
    if (!met) return hi;
    if (*met) {
      hi = first;
      if (hi > lo) {
        const auto below = probe(hi - 1);
        if (!below) return hi;
        if (!*below) return hi;
        hi = hi - 1;
      }
    } else {
      lo = first + 1;
      if (lo < hi) {
        const auto above = probe(lo);
        if (!above) return hi;
        if (*above) return lo;
        lo = lo + 1;
      }
    }
  }
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const auto met = probe(mid);
    if (!met) break;
    if (*met) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return hi;
}

std::size_t violations(const Evaluation& e) {
  return static_cast<std::size_t>(std::count_if(e.verdicts.begin(), e.verdicts.end(),
                                                [](Verdict v) { return v != Verdict::met; }));
}

// The met evaluation at the plan's replications with the lowest objective;
// on a tie (an objective the knobs do not move, such as a Kafka topic's
// cost over its partitions) the one with the smaller knob values, knob by
// knob in the plan's order, then the first in the trail.
std::optional<std::size_t> cheapest_met(const PlanResult& r, std::int32_t replications) {
  std::optional<std::size_t> best;
  const auto cost = [](const Evaluation& e) {
    return e.objective ? e.objective->mean : std::numeric_limits<double>::infinity();
  };
  for (std::size_t i = 0; i < r.trail.size(); ++i) {
    const Evaluation& e = r.trail[i];
    if (!e.met || e.replications != replications) continue;
    if (!best || cost(e) < cost(r.trail[*best]) ||
        (cost(e) == cost(r.trail[*best]) && e.point < r.trail[*best].point))
      best = i;
  }
  return best;
}

std::string quantity(double x) {
  return fmt::format("{:.6g}", x);
}

// Where a point just below the recommendation missed an SLO only by being
// uncertain, more replications might have shown it meets.
void note_uncertain_neighbours(PlanResult& r, const PlanConfig& plan, std::span<const Slo> slos,
                               const Point& best) {
  for (std::size_t k = 0; k < best.size(); ++k) {
    if (best[k] == 0) continue;
    Point below = best;
    --below[k];
    for (const Evaluation& e : r.trail) {
      if (e.point != below || e.met) continue;
      const bool only_uncertain = std::all_of(e.verdicts.begin(), e.verdicts.end(), [](Verdict v) {
        return v == Verdict::met || v == Verdict::uncertain;
      });
      if (!only_uncertain) break;
      for (std::size_t s = 0; s < slos.size(); ++s) {
        if (e.verdicts[s] != Verdict::uncertain || !e.slo_values[s]) continue;
        const metrics::Estimate& v = *e.slo_values[s];
        const double gap = std::abs(v.mean - slos[s].bound);
        std::string settle = "its mean sits on the bound, so no number of replications settles it";
        if (gap > 0 && std::isfinite(v.half_width)) {
          const double needed =
              std::ceil(e.replications * (v.half_width / gap) * (v.half_width / gap));
          settle =
              fmt::format("about {} replications would likely settle it",
                          static_cast<std::int64_t>(std::max<double>(needed, e.replications + 1)));
        }
        r.notes.push_back(fmt::format(
            "{} = {} might also do: SLO \"{}\" was uncertain there ({} +- {} against {}); {}.",
            plan.knobs[k].path, plan.knobs[k].text(below[k]), slos[s].name, quantity(v.mean),
            quantity(v.half_width), quantity(slos[s].bound), settle));
      }
      break;
    }
  }
}

}  // namespace

std::string describe(const PlanConfig& plan, const Point& point) {
  std::string out;
  for (std::size_t k = 0; k < plan.knobs.size() && k < point.size(); ++k) {
    out += (out.empty() ? "" : ", ") + plan.knobs[k].path + " = " + plan.knobs[k].text(point[k]);
  }
  return out;
}

PointRunner simulate_points(const StudyConfig& study, DesignAt design_at, Measurer measure,
                            StudyOptions options) {
  StudyConfig settings = study;
  settings.designs.clear();
  settings.stopping.reset();
  return [settings = std::move(settings), design_at = std::move(design_at),
          measure = std::move(measure),
          options = std::move(options)](const Point& point, std::int32_t replications) {
    StudyConfig one = settings;
    one.replications = replications;
    DesignConfig design;
    design.name = "point";
    design.system = design_at(point);
    one.designs.push_back(std::move(design));
    return run_study(one, measure, options).designs.front().replications;
  };
}

PlanResult search(const PlanConfig& plan, std::span<const Slo> slos, const PointRunner& run,
                  const WarmStart& warm) {
  Search search(plan, slos, run);
  search.result.warm = warm;
  Point top;
  for (const Knob& k : plan.knobs) top.push_back(k.size() - 1);
  const auto largest = search.meets(top, "largest design");
  if (!largest || !*largest) {
    PlanResult r = std::move(search.result);
    if (!r.trail.empty()) r.closest = 0;
    for (std::size_t i = 1; i < r.trail.size(); ++i) {
      if (violations(r.trail[i]) < violations(r.trail[*r.closest])) r.closest = i;
    }
    r.notes.push_back(
        "No design in the plan meets every SLO: even the largest misses. Widen the knobs' "
        "ranges, or vary another knob.");
    return r;
  }

  // Lower one knob at a time while the others hold. One round is enough:
  // lowering a later knob can only raise an earlier one's threshold, never
  // lower it, and the earlier one stays at a value that met.
  Point current = top;
  for (std::size_t k = 0; k < current.size() && !search.result.budget_exhausted; ++k) {
    std::optional<std::size_t> guess;
    if (k < warm.guess.size()) guess = warm.guess[k];
    current[k] = lowest_meeting(search, plan, current, k, guess);
  }

  // Verify the cheapest point that met, with more replications; if it
  // misses, move up one knob at a time until one verifies.
  std::optional<std::size_t> best = cheapest_met(search.result, plan.replications);
  Point chosen = search.result.trail[*best].point;
  const Evaluation* verified = search.evaluate(chosen, plan.verify_replications, "verify", true);
  std::vector<Point> tried{chosen};
  for (std::size_t k = 0; verified != nullptr && !verified->met && k < chosen.size(); ++k) {
    search.result.notes.push_back(
        fmt::format("{} met every SLO with {} replications but not with {}; trying one step up.",
                    describe(plan, tried.back()), plan.replications, plan.verify_replications));
    if (chosen[k] + 1 >= plan.knobs[k].size()) continue;
    Point up = chosen;
    ++up[k];
    tried.push_back(up);
    verified = search.evaluate(up, plan.verify_replications, "verify", true);
  }
  PlanResult r = std::move(search.result);
  if (verified != nullptr && verified->met) {
    r.recommended = static_cast<std::size_t>(verified - r.trail.data());
    note_uncertain_neighbours(r, plan, slos, verified->point);
  } else if (verified == nullptr && tried.size() == 1) {
    // No budget left to verify: the point met every SLO at the plan's own
    // replications, which is what a recommendation needs.
    r.recommended = best;
    r.notes.push_back(
        "The recommendation was not verified with more replications: the budget "
        "(plan.max_evaluations) ran out first.");
    note_uncertain_neighbours(r, plan, slos, chosen);
  } else {
    r.closest = best;
    r.notes.push_back(
        "No point verified: the recommendation is uncertain. Raise plan.replications so the "
        "search itself tells met from uncertain.");
  }
  if (r.budget_exhausted) {
    r.notes.push_back(fmt::format(
        "The search stopped at plan.max_evaluations ({} points): a cheaper point may exist.",
        plan.max_evaluations));
  }
  return r;
}

}  // namespace edasim::plan
