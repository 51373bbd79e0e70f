#include "sim/report/comparison.hpp"

#include "sim/report/document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include "sim/report/bar_chart.hpp"
#include "sim/report/document.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json.hpp"
#include "sim/report/scatter_chart.hpp"
#include "sim/report/table.hpp"

namespace edasim::report {

namespace {

using plan::Cell;
using plan::Comparison;
using plan::Row;
using plan::Unit;

// How one measure is spelled: a scale, a number of decimals and a suffix
// chosen once from the mean, so a value and its half width read alike.
struct Spelling {
  double scale = 1;
  int decimals = 0;
  std::string prefix, suffix;
};

Spelling spelling(Unit unit, double mean) {
  const double a = std::abs(mean);
  switch (unit) {
    case Unit::seconds:
      if (a < 1) return {1e3, 1, "", " ms"};
      return {1, 2, "", " s"};
    case Unit::count:
      // Whole counts (one replication, or the same in every one) read whole.
      return {1, a >= 1000 || a == std::floor(a) ? 0 : 1, "", ""};
    case Unit::usd:
      return {1, 2, "$", ""};
    case Unit::ratio:
      return {100, 1, "", "%"};
    case Unit::number:
      return {1, a >= 100 ? 0 : (a >= 10 ? 1 : 2), "", ""};
  }
  return {};
}

std::string spell(const Spelling& s, double v) {
  return s.prefix + format_fixed(v * s.scale, s.decimals) + s.suffix;
}

std::string signed_spell(const Spelling& s, double v) {
  const std::string magnitude = s.prefix + format_fixed(std::abs(v) * s.scale, s.decimals);
  if (magnitude.find_first_not_of("$0.,") == std::string::npos) return magnitude + s.suffix;
  return (v < 0 ? "-" : "+") + magnitude + s.suffix;
}

// No more digits than the interval supports: the half width to two
// significant digits at most, and never more than the unit's own decimals.
Spelling resolved(Spelling s, double half_width) {
  const double scaled = half_width * s.scale;
  if (!std::isfinite(scaled) || scaled <= 0) return s;
  const int supported = 1 - static_cast<int>(std::floor(std::log10(scaled)));
  s.decimals = std::clamp(supported, 0, s.decimals);
  return s;
}

std::string with_interval(Spelling s, double mean, double half_width, bool sign) {
  s = resolved(s, half_width);
  std::string out = sign ? signed_spell(s, mean) : spell(s, mean);
  if (std::isfinite(half_width)) {
    // The unit is said once, after the interval.
    const std::string hw = spell(s, half_width);
    if (!s.suffix.empty()) out.resize(out.size() - s.suffix.size());
    out += " ± " + hw;
  }
  return out;
}

// Every measure is a count, a duration, money or a share: none can be
// negative, so an interval reaching below zero is shown clipped at 0 as a
// range (and the designs section says so).
bool clipped_at_zero(const metrics::Estimate& e) {
  return std::isfinite(e.half_width) && e.lower() < 0;
}

std::string value_cell(const Row& row, const Cell& cell) {
  if (!cell.value) return "—";
  return format_estimate(row.unit, *cell.value);
}

std::string delta_cell(const Row& row, const Cell& base, const Cell& cell) {
  if (!cell.delta) return "—";
  const Spelling s = spelling(row.unit, base.value ? base.value->mean : cell.delta->mean);
  std::string out = with_interval(s, cell.delta->mean, cell.delta->half_width, true);
  if (cell.delta_percent) {
    out += " (" + (*cell.delta_percent > 0 ? std::string("+") : std::string()) +
           format_fixed(*cell.delta_percent, 1);
    if (cell.delta_percent_half_width && std::isfinite(*cell.delta_percent_half_width))
      out += " ± " + format_fixed(*cell.delta_percent_half_width, 1);
    out += "%)";
  }
  return out;
}

struct Family {
  std::string id;
  std::string title;
};

// A family is a measure's first segment (plan::family_of): the run's
// figures, then each kind's components (`consumers.fulfilment.…`), then
// calls and cost.
const Family kFamilies[] = {
    {"latency", "Latency (produced to processed)"},
    {"events", "Events"},
    {"queues", "Queues"},
    {"topics", "SNS topics"},
    {"streams", "Streams"},
    {"tables", "DynamoDB tables"},
    {"consumers", "Consumer fleets"},
    {"functions", "Lambda functions"},
    {"consumer_groups", "Consumer groups"},
    {"state_machines", "Step Functions state machines"},
    {"chains", "Synchronous call chains"},
    {"pollers", "Polling integrations"},
    {"apis", "Downstream APIs"},
    {"flows", "Flows"},
    {"calls", "API calls"},
    {"cost", "Cost: this run (cost.run) and a month at the run's average rate"},
};

std::string family_title(const std::string& id) {
  for (const Family& f : kFamilies) {
    if (f.id == id) return f.title;
  }
  return id;
}

// The rows a terminal summary keeps.
bool headline(const Row& row) {
  if (row.family == "latency") {
    return row.measure.starts_with("latency.end_to_end.") || row.measure.ends_with(".p50") ||
           row.measure.ends_with(".p99");
  }
  if (row.family == "calls")
    return row.measure == "calls.total" || row.measure.starts_with("calls.per_1000_events");
  return row.family == "events" || row.family == "cost";
}

Table family_table(const Comparison& c, const std::string& family, bool terminal) {
  std::vector<Column> columns{{"measure", Align::left}};
  for (std::size_t d = 0; d < c.designs.size(); ++d) {
    columns.push_back({d == 0 ? c.designs[d] + " (baseline)" : c.designs[d]});
    if (d > 0) columns.push_back({"Δ " + c.designs[d], Align::right, true});
  }
  Table t(std::move(columns));
  for (const Row& row : c.rows) {
    const bool wanted = family.empty()
                            ? std::find(headline_measures().begin(), headline_measures().end(),
                                        row.measure) != headline_measures().end()
                            : row.family == family && (!terminal || headline(row));
    if (!wanted) continue;
    std::vector<std::string> cells{family.empty() ? row.measure
                                                  : row.measure.substr(family.size() + 1)};
    for (std::size_t d = 0; d < row.cells.size(); ++d) {
      cells.push_back(value_cell(row, row.cells[d]));
      if (d > 0) cells.push_back(delta_cell(row, row.cells[0], row.cells[d]));
    }
    t.add_row(std::move(cells));
  }
  return t;
}

std::string slo_bound(const plan::SloRow& s);

Section slo_section(const Comparison& c) {
  Section s;
  s.id = "slos";
  s.title = "Service-level objectives";
  std::vector<Column> columns{{"objective", Align::left}, {"measure", Align::left}, {"bound"}};
  for (const std::string& d : c.designs) columns.push_back({d, Align::left});
  Table t(std::move(columns));
  for (const plan::SloRow& slo : c.slos) {
    std::vector<std::string> cells{slo.slo.name, slo.slo.measure, slo_bound(slo)};
    for (plan::Verdict v : slo.verdicts) cells.emplace_back(plan::verdict_name(v));
    t.add_row(std::move(cells));
  }
  s.tables.push_back(std::move(t));
  s.notes.push_back(
      {"Met: the whole confidence interval satisfies the bound; not met: none of "
       "it does; uncertain: the interval straddles the bound (more replications "
       "may decide)."});
  return s;
}

std::string slo_bound(const plan::SloRow& s) {
  const Spelling sp = spelling(s.unit, s.slo.bound);
  return (s.slo.at_most ? "≤ " : "≥ ") + spell(sp, s.slo.bound);
}

bool any_clipped(const Comparison& c) {
  for (const Row& row : c.rows) {
    for (const Cell& cell : row.cells) {
      if (cell.value && clipped_at_zero(*cell.value)) return true;
    }
  }
  return false;
}

std::vector<std::string> study_facts(const Comparison& c) {
  std::vector<std::string> facts;
  facts.push_back(fmt::format("Designs: {} (baseline {})", c.designs.size(), c.designs.front()));
  std::string reps =
      fmt::format("Replications: {} per design, on common random numbers", c.replications);
  if (c.stopping) {
    reps += fmt::format(" (stopping rule on {}: {} within ±{}% at {} replications)",
                        c.stopping->measure, c.precision_reached ? "reached" : "NOT reached",
                        format_fixed(c.stopping->relative_half_width * 100, 1), c.replications);
  }
  facts.push_back(reps);
  facts.push_back(
      fmt::format("Intervals: {}% Student t across replications; deltas from "
                  "paired (same-seed) differences",
                  format_fixed(c.confidence * 100, 0)));
  if (c.warmup > Duration::zero() || c.automatic_warmup) {
    facts.push_back(fmt::format("Warm-up: {}{} dropped from latencies, utilizations and maxima",
                                format_span(c.warmup), c.automatic_warmup ? " (MSER-5)" : ""));
  } else {
    facts.push_back("Warm-up: none (a transient study keeps everything)");
  }
  return facts;
}

}  // namespace

std::string format_estimate(Unit unit, const metrics::Estimate& e) {
  Spelling s = spelling(unit, e.mean);
  if (clipped_at_zero(e)) {
    s = resolved(s, e.half_width);
    return spell(s, e.mean) + " (0 to " + spell(s, e.upper()) + ")";
  }
  return with_interval(s, e.mean, e.half_width, false);
}

std::string format_measure(Unit unit, double value) {
  return spell(spelling(unit, value), value);
}

std::vector<Section> comparison_sections(const Comparison& c, bool terminal) {
  std::vector<Section> out;
  if (c.designs.empty()) return out;
  {
    Section s;
    s.id = "designs";
    s.title = "Designs";
    // A sweep's designs show their values of each swept path.
    std::vector<Column> columns{{"design", Align::left}};
    for (const std::string& path : c.sweep_paths) columns.push_back({path});
    columns.push_back({"description", Align::left});
    Table t(std::move(columns));
    for (std::size_t d = 0; d < c.designs.size(); ++d) {
      std::vector<std::string> cells{d == 0 ? c.designs[d] + " (baseline)" : c.designs[d]};
      for (std::size_t k = 0; k < c.sweep_paths.size(); ++k)
        cells.push_back(d < c.swept.size() && k < c.swept[d].size() ? c.swept[d][k].text : "");
      cells.push_back(c.descriptions[d]);
      t.add_row(std::move(cells));
    }
    s.tables.push_back(std::move(t));
    for (std::string& f : study_facts(c)) s.notes.push_back({std::move(f)});
    if (c.replications < 2) {
      s.notes.push_back(
          {"One replication: no interval can be given; run more replications "
           "(--replications) before trusting a difference.",
           true});
    } else if (rough_intervals(c)) {
      s.notes.push_back(
          {fmt::format("Only {} replications: the intervals are rough (with fewer than {} the "
                       "spread itself is poorly known); run more replications (--replications) "
                       "before trusting a difference.",
                       c.replications, kSteadyReplications),
           true});
    }
    if (c.stopping && c.precision_below_resolution) {
      s.notes.push_back(
          {fmt::format("The stopping rule asks for {} within ±{}%, finer than its histogram "
                       "buckets can show (±{}% at best): more replications cannot reach it, so "
                       "the study stopped at {}. Ask for at least ±{}%.",
                       c.stopping->measure, format_fixed(c.stopping->relative_half_width * 100, 1),
                       format_fixed(c.finest_relative_half_width * 100, 2), c.replications,
                       format_fixed(c.finest_relative_half_width * 100, 2)),
           true});
    }
    s.notes.push_back(
        {"Latency quantiles are read from histogram buckets: an interval is never narrower than "
         "the bucket's width at its value (about 1/64 to 1/128 of it), and figures carry no more "
         "digits than their interval supports."});
    if (any_clipped(c)) {
      s.notes.push_back(
          {"A measure that cannot be negative whose interval would reach below zero is shown as "
           "\"mean (0 to upper)\": the lower bound is clipped at 0."});
    }
    out.push_back(std::move(s));
  }
  for (const Family& f : kFamilies) {
    Table t = family_table(c, f.id, terminal);
    if (t.empty()) continue;
    Section s;
    s.id = f.id;
    s.title = family_title(f.id);
    s.tables.push_back(std::move(t));
    if (f.id == "cost") {
      s.notes.push_back(
          {"cost.run is what each design's simulated window cost; every other line is that "
           "window's average rate assumed for every second of 30 days (a peak or a start-up burst "
           "in the window is billed all month; a backlog left at the end is in neither), at list "
           "prices, no free tier: SQS, EventBridge and SNS requests in 64 KB billing units, S3 "
           "claim checks, "
           "Lambda requests and GB-seconds, Kinesis and Kafka capacity, and each downstream API's "
           "admitted calls at its price_per_million. A service a design does not use costs it "
           "$0. Consumer instances count where their fleet has a price_per_instance_hour; data "
           "transfer is not included."});
    }
    out.push_back(std::move(s));
  }
  if (!c.slos.empty()) out.push_back(slo_section(c));
  return out;
}

const std::vector<std::string>& headline_measures() {
  static const std::vector<std::string> measures = {
      "latency.end_to_end.p99", "events.dlq", "events.lost", "calls.per_1000_events", "cost.total"};
  return measures;
}

void write_comparison_summary(const Comparison& c, std::ostream& out, std::size_t width,
                              bool headline_only) {
  out << "edasim compare: " << c.name << '\n';
  if (!c.question.empty()) out << wrap_text("Question: " + c.question, "", "  ", width);
  if (!headline_only) {
    out << sections_text(comparison_sections(c, true), width);
    return;
  }
  std::vector<Section> sections;
  Section s;
  s.id = "headline";
  s.title = "Headline";
  for (std::string& f : study_facts(c)) s.intro.push_back({std::move(f)});
  if (Table t = family_table(c, "", true); !t.empty()) s.tables.push_back(std::move(t));
  sections.push_back(std::move(s));
  if (!c.slos.empty()) sections.push_back(slo_section(c));
  out << sections_text(sections, width);
}

std::string comparison_markdown(const Comparison& c) {
  std::string out = fmt::format("# edasim comparison: {}\n\n", c.name);
  if (!c.question.empty()) out += fmt::format("> **Question:** {}\n\n", c.question);
  out += sections_markdown(comparison_sections(c, false));
  while (out.size() > 1 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

namespace {

// A chart's title: the headline measures in words, any other measure by its
// name; each with the unit its bars or axis are drawn in (`unit`, when the
// chart scales its values, else the measure's own).
std::string chart_title(const std::string& measure, Unit unit, const std::string& scaled = "") {
  static const std::map<std::string, std::string, std::less<>> kWords = {
      {"latency.end_to_end.p99", "End-to-end latency, p99"},
      {"events.dlq", "Events in dead-letter queues at the end"},
      {"events.lost", "Events lost (expired or refused)"},
      {"calls.per_1000_events", "API calls per 1,000 produced events"},
      {"cost.total", "Cost of a month"},
  };
  const auto words = kWords.find(measure);
  std::string title = words != kWords.end() ? words->second : measure;
  if (!scaled.empty()) return title + " (" + scaled + ")";
  switch (unit) {
    case Unit::seconds:
      return title + " (seconds)";
    case Unit::count:
      return words != kWords.end() ? title : title + " (count)";
    case Unit::usd:
      return title + " (USD)";
    case Unit::ratio:
      return title + " (fraction)";
    case Unit::number:
      return title;
  }
  return title;
}

// The [[designs]] entry each design of a sweep was made from ("" for a
// sweep without [[designs]]).
const std::string& swept_from(const Comparison& c, std::size_t d) {
  static const std::string none;
  return d < c.swept_from.size() ? c.swept_from[d] : none;
}

// The series of a chart against the swept value: the [[designs]] entries
// the designs were made from, in order of first appearance; none for a
// sweep without [[designs]].
std::vector<std::string> sweep_series(const Comparison& c) {
  std::vector<std::string> out;
  for (std::size_t d = 0; d < c.designs.size(); ++d) {
    const std::string& from = swept_from(c, d);
    if (!from.empty() && std::find(out.begin(), out.end(), from) == out.end()) out.push_back(from);
  }
  return out;
}

// A sweep of one path whose every value is a number is charted against it,
// one line per [[designs]] entry in a study that has them (each takes every
// value once); a grid of several paths keeps one bar per design.
bool numeric_sweep(const Comparison& c) {
  if (c.sweep_paths.size() != 1 || c.swept.size() != c.designs.size()) return false;
  std::set<std::pair<std::string, double>> seen;
  for (std::size_t d = 0; d < c.swept.size(); ++d) {
    const std::vector<plan::SweptValue>& v = c.swept[d];
    if (v.size() != 1 || !v.front().number || !std::isfinite(*v.front().number) ||
        !seen.emplace(swept_from(c, d), *v.front().number).second)
      return false;
  }
  return true;
}

// One measure against the swept value: each design's mean with its interval
// as a whisker, joined in order of the swept value (a line per [[designs]]
// entry in a study that has them), and the bound of the first SLO on the
// measure as a dashed line. Nothing when no design has it.
std::string sweep_chart(const Comparison& c, const Row& row) {
  double largest = 0;
  for (const Cell& cell : row.cells) {
    if (cell.value && std::isfinite(cell.value->mean))
      largest = std::max(largest, std::abs(cell.value->mean));
  }
  // The axis reads in the unit the tables use for the largest mean.
  const Spelling s = spelling(row.unit, largest);
  std::string unit = s.prefix == "$" ? "USD" : s.suffix;
  if (unit.starts_with(' ')) unit.erase(0, 1);
  ScatterChart chart;
  chart.title = chart_title(row.measure, row.unit, unit);
  chart.x_label = c.sweep_paths.front();
  chart.y_label = unit.empty() ? row.measure : row.measure + " (" + unit + ")";
  chart.joined = true;
  chart.series = sweep_series(c);
  bool any = false;
  for (std::size_t d = 0; d < row.cells.size(); ++d) {
    const Cell& cell = row.cells[d];
    if (!cell.value || !std::isfinite(cell.value->mean)) continue;
    ScatterPoint p;
    p.x = *c.swept[d].front().number;
    p.y = cell.value->mean * s.scale;
    p.y_half_width = cell.value->half_width * s.scale;
    p.marked = d == 0;
    p.label = c.designs[d] + ": " + value_cell(row, cell);
    const auto series = std::find(chart.series.begin(), chart.series.end(), swept_from(c, d));
    if (series != chart.series.end())
      p.series = static_cast<std::size_t>(series - chart.series.begin());
    chart.points.push_back(std::move(p));
    any = true;
  }
  for (const plan::SloRow& slo : c.slos) {
    if (slo.slo.measure != row.measure) continue;
    chart.y_bound = slo.slo.bound * s.scale;
    chart.bound_label = slo.slo.name + " " + slo_bound(slo);
    break;
  }
  return any ? to_svg(chart) : std::string();
}

// The headline measures, then each SLO's measure, drawn one chart each.
std::string charts_html(const Comparison& c) {
  std::vector<std::string> measures = headline_measures();
  for (const plan::SloRow& slo : c.slos) {
    if (std::find(measures.begin(), measures.end(), slo.slo.measure) == measures.end())
      measures.push_back(slo.slo.measure);
  }
  const bool against_sweep = numeric_sweep(c);
  std::string out;
  for (const std::string& measure : measures) {
    const auto row = std::find_if(c.rows.begin(), c.rows.end(),
                                  [&](const Row& r) { return r.measure == measure; });
    if (row == c.rows.end()) continue;
    if (against_sweep) {
      out += sweep_chart(c, *row);
      continue;
    }
    BarChart chart;
    chart.title = chart_title(measure, row->unit);
    chart.measure = measure;
    // The first SLO on the measure draws its bound.
    for (const plan::SloRow& slo : c.slos) {
      if (slo.slo.measure != measure) continue;
      chart.bound = slo.slo.bound;
      chart.bound_label = slo.slo.name + " " + slo_bound(slo);
      break;
    }
    bool any = false;
    for (std::size_t d = 0; d < row->cells.size(); ++d) {
      const Cell& cell = row->cells[d];
      Bar bar;
      bar.label = c.designs[d];
      if (cell.value && std::isfinite(cell.value->mean)) {
        bar.value = cell.value->mean;
        bar.half_width = cell.value->half_width;
        bar.text = value_cell(*row, cell);
        any = true;
      }
      chart.bars.push_back(std::move(bar));
    }
    if (any) out += to_svg(chart);
  }
  if (out.empty()) return out;
  if (against_sweep) {
    const std::string lines =
        sweep_series(c).empty() ? "" : ", one line per design of the study (its legend below)";
    return "<section id=\"charts\">\n<h2>At a glance</h2>\n<p>Each measure against " +
           escape_html(c.sweep_paths.front()) + lines + ": each design's mean, with its " +
           fmt::format("{:g}", c.confidence * 100) +
           "% confidence interval as a whisker; the baseline's point is filled, and a dashed "
           "line is an SLO's bound.</p>\n" +
           out + "</section>\n";
  }
  return "<section id=\"charts\">\n<h2>At a glance</h2>\n<p>Each design's mean, with its " +
         fmt::format("{:g}", c.confidence * 100) +
         "% confidence interval as a whisker; the baseline's bar is grey.</p>\n" + out +
         "</section>\n";
}

}  // namespace

std::string comparison_html(const Comparison& c) {
  return html_page("edasim comparison: " + c.name, c.question,
                   charts_html(c) + sections_html(comparison_sections(c, false)));
}

namespace {

// A field with a comma, a quote or a line break is quoted, its quotes
// doubled (a quoted key path, a string a sweep set).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

}  // namespace

std::string comparison_csv(const Comparison& c) {
  std::ostringstream out;
  const auto field = csv_field;
  out << "measure,family,unit,design,mean,half_width,n,delta,delta_half_width,delta_percent,"
         "delta_percent_half_width";
  // A sweep adds a column per swept path, named after it.
  for (const std::string& path : c.sweep_paths) out << ',' << field(path);
  out << '\n';
  const auto number = [](std::optional<double> v) {
    return v && std::isfinite(*v) ? fmt::format("{}", *v) : std::string();
  };
  for (const Row& row : c.rows) {
    for (std::size_t d = 0; d < row.cells.size(); ++d) {
      const Cell& cell = row.cells[d];
      out << row.measure << ',' << row.family << ',' << plan::unit_name(row.unit) << ','
          << field(c.designs[d]) << ','
          << number(cell.value ? std::optional(cell.value->mean) : std::nullopt) << ','
          << number(cell.value ? std::optional(cell.value->half_width) : std::nullopt) << ','
          << (cell.value ? std::to_string(cell.value->n) : "") << ','
          << number(cell.delta ? std::optional(cell.delta->mean) : std::nullopt) << ','
          << number(cell.delta ? std::optional(cell.delta->half_width) : std::nullopt) << ','
          << number(cell.delta_percent) << ',' << number(cell.delta_percent_half_width);
      for (std::size_t k = 0; k < c.sweep_paths.size(); ++k) {
        const plan::SweptValue* v =
            d < c.swept.size() && k < c.swept[d].size() ? &c.swept[d][k] : nullptr;
        out << ',' << (v == nullptr ? "" : v->number ? number(v->number) : field(v->text));
      }
      out << '\n';
    }
  }
  return out.str();
}

std::string replications_csv(const Comparison& c, const plan::StudyResult& result) {
  std::string out = "measure,design,replication,value\n";
  // Each replication's measures by name, looked up once per row.
  std::vector<std::vector<std::map<std::string_view, double>>> values;
  for (const plan::DesignRuns& d : result.designs) {
    auto& by_replication = values.emplace_back();
    for (const plan::Measures& measures : d.replications) {
      auto& named = by_replication.emplace_back();
      for (const plan::Measure& m : measures) named.emplace(m.name, m.value);
    }
  }
  for (const Row& row : c.rows) {
    for (std::size_t d = 0; d < values.size() && d < c.designs.size(); ++d) {
      for (std::size_t r = 0; r < values[d].size(); ++r) {
        const auto at = values[d][r].find(row.measure);
        if (at == values[d][r].end()) continue;
        out += fmt::format("{},{},{},{}\n", csv_field(row.measure), csv_field(c.designs[d]), r,
                           std::isfinite(at->second) ? fmt::format("{}", at->second) : "");
      }
    }
  }
  return out;
}

std::vector<ReportFile> render_comparison(const Comparison& c, const plan::StudyResult& result) {
  std::vector<const model::RunResult*> first;
  for (const plan::DesignRuns& d : result.designs) first.push_back(&d.first);
  return {
      {"compare.json", comparison_json(c, first).dump(2) + "\n"},
      {"compare.md", comparison_markdown(c)},
      {"compare.csv", comparison_csv(c)},
      {"replications.csv", replications_csv(c, result)},
      {"compare.html", comparison_html(c)},
  };
}

}  // namespace edasim::report
