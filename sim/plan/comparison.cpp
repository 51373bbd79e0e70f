#include "sim/plan/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace edasim::plan {

namespace {

// Each design's replications of one measure; empty when a replication
// lacks it or a value is not finite. A cost or an API call a design lacks is
// 0: it does not use that service or make that call, so it pays and counts
// nothing for it. `resolution` gets the coarsest resolution among them.
std::vector<double> samples(const DesignRuns& runs, const std::string& name, Unit unit,
                            double& resolution) {
  const bool absent_is_zero = unit == Unit::usd || family_of(name) == "calls";
  std::vector<double> xs;
  resolution = 0;
  for (const Measures& ms : runs.replications) {
    bool found = false;
    for (const Measure& m : ms) {
      if (m.name != name) continue;
      if (!std::isfinite(m.value)) return {};
      resolution = std::max(resolution, m.resolution);
      xs.push_back(m.value);
      found = true;
      break;
    }
    if (!found && !absent_is_zero) return {};
    if (!found) xs.push_back(0.0);
  }
  return xs;
}

}  // namespace

Verdict judge(const Slo& slo, const metrics::Estimate& e) {
  const bool single = e.n < 2;
  const double low = single ? e.mean : e.lower();
  const double high = single ? e.mean : e.upper();
  if (slo.at_most) {
    if (high <= slo.bound) return Verdict::met;
    if (low > slo.bound) return Verdict::not_met;
  } else {
    if (low >= slo.bound) return Verdict::met;
    if (high < slo.bound) return Verdict::not_met;
  }
  return Verdict::uncertain;
}

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::met:
      return "met";
    case Verdict::not_met:
      return "not met";
    case Verdict::uncertain:
      return "uncertain";
    case Verdict::no_data:
      return "no data";
  }
  return "";
}

Comparison compare(const StudyConfig& study, const StudyResult& result) {
  Comparison c;
  c.name = result.name;
  c.question = result.question;
  c.confidence = study.confidence;
  c.warmup = result.warmup;
  c.automatic_warmup = result.automatic_warmup;
  c.stopping = study.stopping;
  c.precision_reached = result.precision_reached;
  c.precision_below_resolution = result.precision_below_resolution;
  c.finest_relative_half_width = result.finest_relative_half_width;
  c.replications = result.seeds.size();
  for (const DesignRuns& d : result.designs) {
    c.designs.push_back(d.name);
    c.descriptions.push_back(d.description);
    c.swept.push_back(d.swept);
    c.swept_from.push_back(d.swept_from);
  }
  // Every design of a sweep sets the same paths, in the same order.
  if (!result.designs.empty()) {
    for (const SweptValue& v : result.designs.front().swept) c.sweep_paths.push_back(v.path);
  }
  if (c.sweep_paths.empty()) c.swept.clear();
  if (std::all_of(c.swept_from.begin(), c.swept_from.end(),
                  [](const std::string& from) { return from.empty(); }))
    c.swept_from.clear();
  if (result.designs.empty()) return c;

  // Row order: first appearance, baseline first.
  std::map<std::string, std::size_t> index;
  for (const DesignRuns& d : result.designs) {
    if (d.replications.empty()) continue;
    for (const Measure& m : d.replications.front()) {
      if (index.contains(m.name)) continue;
      index.emplace(m.name, c.rows.size());
      Row row;
      row.measure = m.name;
      row.family = family_of(m.name);
      row.unit = m.unit;
      row.lower_is_better = m.lower_is_better;
      c.rows.push_back(std::move(row));
    }
  }
  const DesignRuns& baseline = result.designs.front();
  for (Row& row : c.rows) {
    double base_resolution = 0;
    const std::vector<double> base = samples(baseline, row.measure, row.unit, base_resolution);
    for (const DesignRuns& d : result.designs) {
      Cell cell;
      double resolution = 0;
      const std::vector<double> xs = samples(d, row.measure, row.unit, resolution);
      // An interval is never narrower than what the estimator can resolve:
      // replications whose quantiles share a histogram bucket agree exactly,
      // which says nothing about the truth within the bucket.
      if (!xs.empty())
        cell.value = metrics::at_least(metrics::estimate(xs, study.confidence), resolution);
      if (&d != &baseline && !xs.empty() && xs.size() == base.size()) {
        std::vector<double> diffs;
        for (std::size_t r = 0; r < xs.size(); ++r) diffs.push_back(xs[r] - base[r]);
        cell.delta = metrics::at_least(metrics::estimate(diffs, study.confidence),
                                       resolution + base_resolution);
        const double base_mean = metrics::estimate(base, study.confidence).mean;
        if (base_mean != 0) {
          cell.delta_percent = 100.0 * cell.delta->mean / std::abs(base_mean);
          cell.delta_percent_half_width = 100.0 * cell.delta->half_width / std::abs(base_mean);
        }
      }
      row.cells.push_back(std::move(cell));
    }
  }

  for (const Slo& slo : study.slos) {
    SloRow s;
    s.slo = slo;
    const auto at = index.find(slo.measure);
    if (at != index.end()) s.unit = c.rows[at->second].unit;
    for (std::size_t d = 0; d < result.designs.size(); ++d) {
      const Cell* cell = at == index.end() ? nullptr : &c.rows[at->second].cells[d];
      s.verdicts.push_back(cell != nullptr && cell->value ? judge(slo, *cell->value)
                                                          : Verdict::no_data);
    }
    c.slos.push_back(std::move(s));
  }
  return c;
}

}  // namespace edasim::plan
