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
    if (replications == plan_.replications) learn_influence(result.trail.back());
    return &result.trail.back();
  }

  // Whether `point` met every SLO at the plan's replications; nullopt once
  // the budget is spent. Once `infer_failures` is on, a point that a point
  // known to miss dominates (every knob at least as high) misses too, and
  // is not simulated.
  std::optional<bool> meets(const Point& point, const std::string& step) {
    if (infer_failures && known_to_miss(point)) return false;
    const Evaluation* e = evaluate(point, plan_.replications, step);
    if (e == nullptr) return std::nullopt;
    return e->met;
  }

  // The evaluation of `point` at the plan's replications, if simulated.
  const Evaluation* evaluated(const Point& point) const {
    const auto at = seen_.find(std::make_pair(point, plan_.replications));
    return at == seen_.end() ? nullptr : &result.trail[at->second];
  }

  // Whether a point simulated at the plan's replications missed an SLO with
  // every knob at least as high as `point`'s: knobs are capacity, so
  // `point` misses too.
  bool known_to_miss(const Point& point) const {
    return std::any_of(result.trail.begin(), result.trail.end(), [&](const Evaluation& e) {
      return !e.met && e.replications == plan_.replications && dominates(e.point, point);
    });
  }

  // The SLOs that `point` is known to miss: those missed by a point
  // simulated at the plan's replications that dominates it.
  std::vector<bool> known_misses(const Point& point) const {
    std::vector<bool> out(slos_.size(), false);
    for (const Evaluation& e : result.trail) {
      if (e.met || e.replications != plan_.replications || !dominates(e.point, point)) continue;
      for (std::size_t s = 0; s < slos_.size(); ++s)
        out[s] = out[s] || e.verdicts[s] != Verdict::met;
    }
    return out;
  }

  // Whether knob `k` moves SLO `s`'s measure: false only when some points
  // simulated at the plan's replications differ in knob `k` alone and the
  // measure's mean is the same at every such pair (a fleet's latency under
  // another fleet's instances, on common random numbers); true without
  // such a pair.
  bool moves(std::size_t k, std::size_t s) const {
    const Influence& i = influence_[k * slos_.size() + s];
    return i.differs || !i.compared;
  }

  // Whether `point` is known to have an objective of at least `bound`: a
  // point simulated at the plan's replications with no knob higher had
  // one, and the objective is taken not to fall as a knob rises.
  bool costs_at_least(const Point& point, double bound) const {
    return std::any_of(result.trail.begin(), result.trail.end(), [&](const Evaluation& e) {
      return e.replications == plan_.replications && e.objective && e.objective->mean >= bound &&
             dominates(point, e.point);
    });
  }

  // Set by the trade-off moves, which may skip points known to miss.
  bool infer_failures = false;

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

  static bool dominates(const Point& high, const Point& low) {
    for (std::size_t k = 0; k < high.size(); ++k) {
      if (high[k] < low[k]) return false;
    }
    return true;
  }

  // What the new evaluation `e` says of which knob moves which SLO measure:
  // it is compared with every earlier point at the same replications that
  // differs from it in one knob.
  void learn_influence(const Evaluation& e) {
    influence_.resize(plan_.knobs.size() * slos_.size());
    for (std::size_t t = 0; t + 1 < result.trail.size(); ++t) {
      const Evaluation& other = result.trail[t];
      if (other.replications != e.replications) continue;
      std::optional<std::size_t> knob;
      bool one = true;
      for (std::size_t k = 0; k < e.point.size() && one; ++k) {
        if (e.point[k] == other.point[k]) continue;
        one = !knob;
        knob = k;
      }
      if (!one || !knob) continue;
      for (std::size_t s = 0; s < slos_.size(); ++s) {
        const auto& a = e.slo_values[s];
        const auto& b = other.slo_values[s];
        if (!a || !b) continue;
        Influence& i = influence_[*knob * slos_.size() + s];
        i.compared = true;
        i.differs = i.differs || a->mean != b->mean;
      }
    }
  }

  struct Influence {
    bool compared = false;  // two points differing in the knob alone had the measure
    bool differs = false;   // and its mean differed at some such pair
  };

  const PlanConfig& plan_;
  std::vector<Slo> slos_;
  const PointRunner& run_;
  std::map<std::pair<Point, std::int32_t>, std::size_t> seen_;
  std::vector<Influence> influence_;  // by knob, then SLO
};

// The smallest index of knob `k` at which `point` (with the other knobs as
// they are) meets the SLOs, knowing it meets at point[k]; `guess` is tried
// first; `step` labels its points. Stops early, keeping what it knows, when
// the budget is spent.
std::size_t lowest_meeting(Search& search, Point point, std::size_t k,
                           std::optional<std::size_t> guess, const std::string& step) {
  std::size_t lo = 0, hi = point[k];
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

double objective_of(const Evaluation& e) {
  return e.objective ? e.objective->mean : std::numeric_limits<double>::infinity();
}

// Whether trading knob `down` for knob `up` at `current` can work: every SLO
// that `current` with `down` one step lower is known to miss must be one
// whose measure `up` moves. Two fleets that each answer for their own
// latency never trade; when what the lower point misses is not known, the
// move is tried.
bool worth_trading(const Search& search, const Point& current, std::size_t down, std::size_t up) {
  Point below = current;
  --below[down];
  const std::vector<bool> missed = search.known_misses(below);
  for (std::size_t s = 0; s < missed.size(); ++s) {
    if (missed[s] && !search.moves(up, s)) return false;
  }
  return true;
}

// One trade-off move from `current`, which met every SLO with the
// objective `best`: knob `down` one step lower, and knob `up` raised by the
// least that meets every SLO, found by doubling the raise (1, 2, 4, ...
// steps) up to the knob's top and then bisecting between the last raise
// that missed and the first that met (meeting is monotone in `up`). The
// objective is taken not to fall as a knob rises (a larger fleet costs
// more), so a raise known to cost `best` or more (simulated, or above a
// point that did) ends the move without simulating it, and so does a raise
// that misses at such an objective: every raise that could meet costs at
// least as much. Returns the point when its objective is below `best`;
// none otherwise, or once the budget is spent.
std::optional<Point> trade(Search& search, const PlanConfig& plan, const Point& current,
                           double best, std::size_t down, std::size_t up) {
  const std::size_t top = plan.knobs[up].size() - 1;
  if (current[down] == 0 || current[up] >= top) return std::nullopt;
  const std::string step =
      "trade-off: " + plan.knobs[down].path + " down, " + plan.knobs[up].path + " up";
  Point point = current;
  --point[down];
  enum class Probe { met, missed, stop };
  const auto probe = [&](std::size_t at) {
    Point q = point;
    q[up] = at;
    if (search.costs_at_least(q, best)) return Probe::stop;
    const auto met = search.meets(q, step);
    if (!met) return Probe::stop;
    if (*met) return Probe::met;
    // Null when known to miss without simulating.
    const Evaluation* e = search.evaluated(q);
    if (e != nullptr && objective_of(*e) >= best) return Probe::stop;
    return Probe::missed;
  };
  std::size_t lo = current[up];  // `point` at lo misses: `current` is the least of `down` there
  std::optional<std::size_t> hi;
  for (std::size_t raise = 1; !hi; raise *= 2) {
    const std::size_t at = std::min(current[up] + raise, top);
    switch (probe(at)) {
      case Probe::stop:
        return std::nullopt;
      case Probe::met:
        hi = at;
        break;
      case Probe::missed:
        if (at == top) return std::nullopt;
        lo = at;
        break;
    }
  }
  while (*hi - lo > 1) {
    const std::size_t mid = lo + (*hi - lo) / 2;
    switch (probe(mid)) {
      case Probe::stop:
        return std::nullopt;
      case Probe::met:
        hi = mid;
        break;
      case Probe::missed:
        lo = mid;
        break;
    }
  }
  point[up] = *hi;
  const Evaluation* e = search.evaluated(point);
  if (e == nullptr || objective_of(*e) >= best) return std::nullopt;
  return point;
}

// After the coordinate search, where no knob can be lowered alone: trade-off
// moves over every ordered pair of knobs (lowered, raised), in turn, until
// a whole round of pairs improves nothing or the budget is spent. After a
// move that lowered the objective, each knob is lowered alone again as far
// as it goes. Returns the point the moves reached.
Point trade_offs(Search& search, const PlanConfig& plan, Point current) {
  const std::size_t n = plan.knobs.size();
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t down = 0; down < n; ++down) {
    for (std::size_t up = 0; up < n; ++up) {
      if (down != up) pairs.emplace_back(down, up);
    }
  }
  search.infer_failures = true;
  std::size_t idle = 0;  // pairs tried since the last move that lowered the objective
  for (std::size_t at = 0; idle < pairs.size() && !search.result.budget_exhausted;
       at = (at + 1) % pairs.size()) {
    const Evaluation* now = search.evaluated(current);
    if (now == nullptr || !now->objective) break;
    const auto [down, up] = pairs[at];
    std::optional<Point> moved;
    if (current[down] > 0 && worth_trading(search, current, down, up))
      moved = trade(search, plan, current, objective_of(*now), down, up);
    if (!moved) {
      ++idle;
      continue;
    }
    idle = 0;
    current = *moved;
    for (std::size_t k = 0; k < n && !search.result.budget_exhausted; ++k) {
      if (current[k] == 0) continue;
      current[k] = lowest_meeting(search, current, k, current[k] - 1,
                                  "trade-off: " + plan.knobs[k].path + " down alone");
    }
  }
  search.infer_failures = false;
  return current;
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
    current[k] = lowest_meeting(search, current, k, guess, "bisect " + plan.knobs[k].path);
  }

  // Then trade knobs against each other: one lower, another higher.
  if (current.size() >= 2 && !search.result.budget_exhausted) {
    const Point coordinate = current;
    current = trade_offs(search, plan, current);
    const Evaluation* from = search.evaluated(coordinate);
    const Evaluation* to = search.evaluated(current);
    if (current != coordinate && from != nullptr && to != nullptr) {
      search.result.notes.push_back(fmt::format(
          "Trading knobs against each other found {} ({} {}), where lowering each knob alone "
          "stopped at {} ({}).",
          describe(plan, current), plan.objective, quantity(objective_of(*to)),
          describe(plan, coordinate), quantity(objective_of(*from))));
    }
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
