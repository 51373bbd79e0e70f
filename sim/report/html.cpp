#include "sim/report/html.hpp"

#include <fmt/format.h>
#include <optional>
#include <utility>

#include "sim/report/format.hpp"
#include "sim/report/line_chart.hpp"
#include "sim/report/sections.hpp"
#include "sim/report/table.hpp"

namespace edasim::report {

namespace {

constexpr const char* kStyle =
    R"(body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
.question{font-size:1.1em;background:#f4f6f8;border-left:4px solid #0072b2;padding:.6em 1em}
.alert{background:#fde8e8;border:2px solid #c00;color:#900;font-weight:bold;padding:.6em 1em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;white-space:nowrap}
th{background:#f4f6f8}.num{text-align:right;font-variant-numeric:tabular-nums}
tfoot td{font-weight:bold;border-top:2px solid #888}
nav a{margin-right:1em}figure{margin:1em 0}
.scroll{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}
)";

std::string paragraph(const Note& note) {
  return fmt::format("<p{}>{}</p>\n", note.alert ? " class=\"alert\"" : "", escape_html(note.text));
}

// Offered load (messages created for the queues: one per event and target)
// and goodput (messages processed) per monitoring period, in messages per
// second, with the faults marked.
std::optional<LineChart> goodput_chart(const model::RunResult& r) {
  const metrics::MetricStore& m = r.metrics;
  const auto offered = m.find("run.Offered");
  const auto processed = m.find("run.Processed");
  if (!offered || !processed || m.period_count() == 0) return std::nullopt;
  LineChart chart;
  chart.title = "Offered load and goodput (messages/s)";
  chart.times = m.period_ends();
  const double seconds = m.period().seconds();
  for (const auto& [label, metric] : {std::pair{"offered", *offered}, {"processed", *processed}}) {
    std::vector<double> rates = m.values(metric, metrics::Statistic::sum);
    for (double& v : rates) v /= seconds;
    chart.lines.push_back({label, std::move(rates)});
  }
  return chart;
}

// Every time chart shades the faults' windows: what a curve did during one
// is then read at a glance.
void shade_faults(const model::RunResult& r, LineChart& chart) {
  for (const model::FaultWindow& f : r.faults) {
    chart.bands.push_back(
        {Time::zero() + f.start, Time::zero() + f.start + f.duration, "fault: " + f.name});
  }
}

// Each alarm's metric as the alarm sees it, its threshold, and its
// transitions.
std::vector<LineChart> alarm_charts(const model::RunResult& r) {
  std::vector<LineChart> charts;
  const metrics::MetricStore& m = r.metrics;
  if (m.period_count() == 0) return charts;
  for (const model::AlarmResult& a : r.alarms) {
    const auto metric = m.find(a.config.metric);
    if (!metric) continue;
    LineChart chart;
    chart.title = fmt::format("Alarm {}: {} of {} per {} period", a.config.name,
                              metrics::statistic_name(a.config.statistic), a.config.metric,
                              format_span(m.period()));
    chart.times = m.period_ends();
    chart.lines.push_back({std::string(metrics::statistic_name(a.config.statistic)),
                           m.values(*metric, a.config.statistic)});
    chart.lines.push_back({"threshold", std::vector<double>(m.period_count(), a.config.threshold)});
    for (const model::AlarmTransition& t : a.transitions) {
      chart.markers.push_back({Time::zero() + t.at, std::string(model::alarm_state_name(t.to))});
    }
    charts.push_back(std::move(chart));
  }
  return charts;
}

// Each autoscaled fleet's scaling actions, marked on the fleet-size chart.
void mark_scaling(const model::RunResult& r, std::vector<LineChart>& charts) {
  const std::string title = gauge_title("instances");
  for (LineChart& chart : charts) {
    if (chart.title != title) continue;
    for (const model::FleetResult& f : r.fleets) {
      for (const model::ScalingAction& a : f.scaling) {
        chart.markers.push_back(
            {Time::zero() + a.at, fmt::format("{} {}->{}", f.name, a.from, a.to)});
      }
    }
  }
}

}  // namespace

std::string to_html(const model::RunResult& result) {
  const std::vector<Section> sections = report_sections(result);
  std::vector<LineChart> charts = queue_charts(result.series);
  if (std::optional<LineChart> latency = latency_chart(result.series))
    charts.insert(charts.begin(), std::move(*latency));
  mark_scaling(result, charts);
  for (LineChart& chart : charts) shade_faults(result, chart);
  const std::string title = fmt::format("edasim report: {}", result.scenario);

  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{0}</title>\n<style>\n{1}</style>\n</head>\n<body>\n<h1>{0}</h1>\n",
                     escape_html(title), kStyle);
  if (!result.question.empty()) {
    out += fmt::format("<p class=\"question\"><strong>Question:</strong> {}</p>\n",
                       escape_html(result.question));
  }
  out += "<ul>\n";
  for (const std::string& fact : run_facts(result))
    out += fmt::format("<li>{}</li>\n", escape_html(fact));
  out += "</ul>\n";
  for (const std::string& alert : run_alerts(result)) out += paragraph({alert, true});

  out += "<nav>";
  for (const Section& s : sections) {
    out += fmt::format("<a href=\"#{}\">{}</a>", s.id, escape_html(s.title));
  }
  if (!charts.empty()) out += "<a href=\"#over-time\">Over time</a>";
  std::optional<LineChart> goodput = goodput_chart(result);
  std::vector<LineChart> alarms = alarm_charts(result);
  if (goodput) shade_faults(result, *goodput);
  for (LineChart& chart : alarms) shade_faults(result, chart);
  if (goodput || !alarms.empty()) out += "<a href=\"#monitoring\">Goodput and alarms</a>";
  out += "</nav>\n";

  for (const Section& s : sections) {
    out += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", s.id, escape_html(s.title));
    for (const Note& n : s.intro) out += paragraph(n);
    for (const Table& t : s.tables) out += t.to_html();
    for (const Note& n : s.notes) out += paragraph(n);
    out += "</section>\n";
  }
  if (!charts.empty()) {
    out += "<section id=\"over-time\">\n<h2>Over time</h2>\n";
    for (const LineChart& chart : charts)
      out += fmt::format("<figure>\n{}</figure>\n", to_svg(chart));
    out += "</section>\n";
  }
  if (goodput || !alarms.empty()) {
    out += "<section id=\"monitoring\">\n<h2>Goodput and alarms</h2>\n";
    if (goodput) out += fmt::format("<figure>\n{}</figure>\n", to_svg(*goodput));
    for (const LineChart& chart : alarms) {
      out += fmt::format("<figure>\n{}</figure>\n", to_svg(chart));
    }
    out += "</section>\n";
  }
  return out + "</body>\n</html>\n";
}

}  // namespace edasim::report
