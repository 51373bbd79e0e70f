// compare.json, schema "edasim.compare/1". Every field is documented in
// docs/reports.md ("Studies: compare.json, compare.md, compare.csv,
// compare.html").
#include <algorithm>
#include <cmath>

#include "sim/report/comparison.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json.hpp"

namespace edasim::report {

namespace {

using nlohmann::ordered_json;

// Non-finite figures (the half width of one replication) are null.
ordered_json number(double v) {
  return std::isfinite(v) ? ordered_json(round_to(v, 9)) : ordered_json(nullptr);
}

ordered_json estimate_json(const metrics::Estimate& e) {
  ordered_json j;
  j["mean"] = number(e.mean);
  j["half_width"] = number(e.half_width);
  j["stddev"] = number(e.stddev);
  j["n"] = e.n;
  return j;
}

// A measure's value also gives its interval's bounds; no measure can be
// negative, so the lower bound is clipped at 0 (and says so).
ordered_json value_json(const metrics::Estimate& e) {
  ordered_json j = estimate_json(e);
  const bool finite = std::isfinite(e.half_width);
  j["lower"] = finite ? number(std::max(0.0, e.lower())) : ordered_json(nullptr);
  j["upper"] = finite ? number(e.upper()) : ordered_json(nullptr);
  j["lower_clipped_at_zero"] = finite && e.lower() < 0;
  return j;
}

// A swept value: a number (a whole one written whole, as the file had
// it), else the string as set.
ordered_json swept_json(const plan::SweptValue& v) {
  if (!v.number) return v.text;
  const double x = *v.number;
  if (std::trunc(x) == x && std::abs(x) < 1e15) return static_cast<std::int64_t>(x);
  return number(x);
}

}  // namespace

ordered_json comparison_json(const plan::Comparison& c,
                             const std::vector<const model::RunResult*>& first) {
  ordered_json j;
  j["schema"] = kCompareSchema;
  j["study"] = c.name;
  j["question"] = c.question;
  j["baseline"] = c.designs.empty() ? "" : c.designs.front();
  ordered_json designs = ordered_json::array();
  for (std::size_t d = 0; d < c.designs.size(); ++d) {
    ordered_json design = {{"name", c.designs[d]}, {"description", c.descriptions[d]}};
    // A sweep's design: its value of each swept path, a number when it is one.
    if (!c.sweep_paths.empty() && d < c.swept.size()) {
      ordered_json swept = ordered_json::object();
      for (const plan::SweptValue& v : c.swept[d]) swept[v.path] = swept_json(v);
      design["swept"] = std::move(swept);
    }
    designs.push_back(std::move(design));
  }
  j["designs"] = designs;
  if (!c.sweep_paths.empty()) j["sweep"] = c.sweep_paths;
  j["replications"] = c.replications;
  j["confidence"] = c.confidence;
  j["rough_intervals"] = rough_intervals(c);
  j["warmup_s"] = number(c.warmup.seconds());
  j["automatic_warmup"] = c.automatic_warmup;
  if (c.stopping) {
    j["stopping"] = {{"measure", c.stopping->measure},
                     {"relative_half_width", c.stopping->relative_half_width},
                     {"max_replications", c.stopping->max_replications},
                     {"precision_reached", c.precision_reached},
                     {"precision_below_resolution", c.precision_below_resolution},
                     {"finest_relative_half_width", c.finest_relative_half_width}};
  } else {
    j["stopping"] = nullptr;
  }
  ordered_json measures = ordered_json::array();
  for (const plan::Row& row : c.rows) {
    ordered_json m;
    m["name"] = row.measure;
    m["family"] = row.family;
    m["unit"] = plan::unit_name(row.unit);
    m["lower_is_better"] = row.lower_is_better;
    ordered_json cells = ordered_json::array();
    for (std::size_t d = 0; d < row.cells.size(); ++d) {
      const plan::Cell& cell = row.cells[d];
      ordered_json x;
      x["design"] = c.designs[d];
      x["value"] = cell.value ? value_json(*cell.value) : ordered_json(nullptr);
      x["delta"] = cell.delta ? estimate_json(*cell.delta) : ordered_json(nullptr);
      x["delta_percent"] = cell.delta_percent ? number(*cell.delta_percent) : ordered_json(nullptr);
      x["delta_percent_half_width"] = cell.delta_percent_half_width
                                          ? number(*cell.delta_percent_half_width)
                                          : ordered_json(nullptr);
      cells.push_back(std::move(x));
    }
    m["designs"] = std::move(cells);
    measures.push_back(std::move(m));
  }
  j["measures"] = std::move(measures);
  ordered_json slos = ordered_json::array();
  for (const plan::SloRow& s : c.slos) {
    ordered_json verdicts = ordered_json::object();
    for (std::size_t d = 0; d < s.verdicts.size(); ++d)
      verdicts[c.designs[d]] = std::string(plan::verdict_name(s.verdicts[d]));
    slos.push_back({{"name", s.slo.name},
                    {"measure", s.slo.measure},
                    {"comparison", s.slo.at_most ? "at_most" : "at_least"},
                    {"bound", s.slo.bound},
                    {"verdicts", verdicts}});
  }
  j["slos"] = std::move(slos);
  ordered_json reports = ordered_json::object();
  for (std::size_t d = 0; d < first.size() && d < c.designs.size(); ++d) {
    reports[c.designs[d]] = to_json(*first[d]);
  }
  j["reports"] = std::move(reports);
  return j;
}

}  // namespace edasim::report
