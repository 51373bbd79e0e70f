#include "sim/report/line_chart.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <limits>
#include <string_view>
#include <utility>

#include "sim/report/format.hpp"
#include "sim/report/table.hpp"

namespace edasim::report {

namespace {

constexpr double kWidth = 760;
constexpr double kPlotLeft = 64;
constexpr double kPlotRight = 560;
constexpr double kPlotTop = 32;
constexpr double kPlotHeight = 200;
constexpr double kLegendX = 580;
constexpr double kLegendRow = 18;

// Colour-blind-safe categorical colours; past them, lines repeat a colour
// with a dash pattern so that no two lines look alike.
constexpr std::array<const char*, 8> kColours = {"#0072b2", "#e69f00", "#009e73", "#d55e00",
                                                 "#cc79a7", "#56b4e9", "#000000", "#f0e442"};
constexpr std::array<const char*, 3> kDashes = {"", "6 3", "2 2"};

std::string stroke_of(std::size_t i) {
  std::string s = fmt::format("stroke=\"{}\"", kColours[i % kColours.size()]);
  const char* dash = kDashes[(i / kColours.size()) % kDashes.size()];
  if (*dash != '\0') s += fmt::format(" stroke-dasharray=\"{}\"", dash);
  return s;
}

// The smallest 1, 2 or 5 times a power of ten that splits [0, top] into at
// most `ticks` steps.
double nice_step(double top, int ticks) {
  const double raw = top / ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (m * magnitude >= raw) return m * magnitude;
  }
  return 10.0 * magnitude;
}

std::int64_t time_step(std::int64_t span_s) {
  constexpr std::array<std::int64_t, 19> kSteps = {1,     2,     5,     10,    15,    30,   60,
                                                   120,   300,   600,   900,   1800,  3600, 7200,
                                                   10800, 21600, 43200, 86400, 172800};
  for (const std::int64_t s : kSteps) {
    if (span_s / s <= 6) return s;
  }
  return 86400 * ((span_s / 86400) / 6 + 1);
}

std::string time_label(std::int64_t s) {
  if (s == 0) return "0";
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600)
    return s % 60 == 0 ? fmt::format("{}m", s / 60) : fmt::format("{}m{}s", s / 60, s % 60);
  if (s < 86400) {
    return s % 3600 == 0 ? fmt::format("{}h", s / 3600)
                         : fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
  }
  return s % 86400 == 0 ? fmt::format("{}d", s / 86400)
                        : fmt::format("{}d{:02}h", s / 86400, (s % 86400) / 3600);
}

std::string value_label(double v, double step) {
  int decimals = 0;
  while (decimals < 6 && std::fabs(step * std::pow(10.0, decimals) -
                                   std::round(step * std::pow(10.0, decimals))) > 1e-9) {
    ++decimals;
  }
  return format_fixed(v, decimals);
}

// Keeps the largest sample of each run of consecutive samples, so the
// thinned line never hides a peak; a run of gaps stays a gap.
LineChart thinned(const LineChart& chart) {
  const std::size_t n = chart.times.size();
  if (n <= kMaxPoints) return chart;
  LineChart out;
  out.title = chart.title;
  out.markers = chart.markers;
  out.bands = chart.bands;
  const std::size_t per = (n + kMaxPoints - 1) / kMaxPoints;
  for (std::size_t b = 0; b < n; b += per) out.times.push_back(chart.times[b]);
  for (const ChartLine& line : chart.lines) {
    ChartLine t{line.label, {}};
    for (std::size_t b = 0; b < n; b += per) {
      double best = std::numeric_limits<double>::quiet_NaN();
      for (std::size_t i = b; i < std::min(n, b + per); ++i) {
        if (std::isnan(line.values[i])) continue;
        if (std::isnan(best) || line.values[i] > best) best = line.values[i];
      }
      t.values.push_back(best);
    }
    out.lines.push_back(std::move(t));
  }
  return out;
}

}  // namespace

std::string gauge_title(const std::string& gauge) {
  if (gauge == "visible") return "Visible messages (count)";
  if (gauge == "in_flight") return "In-flight messages (count)";
  if (gauge == "oldest_age_s") return "Age of the oldest visible message (s)";
  if (gauge == "instances") return "Fleet size (instances running or starting, count)";
  if (gauge == "running") return "Running instances (count)";
  return gauge;
}

namespace {

// Where a chart's values and times fall on the page. Time runs from the
// start of the run, not from the first sample, so that charts of one report
// line up and a late start is visible.
struct Frame {
  static constexpr std::int64_t kSecond = 1'000'000'000;
  std::int64_t end = 0;  // ns: the last sample's time
  double span_ns = 1e9;
  double top = 1;  // the value at the top of the plot: a whole number of steps
  double ystep = 1;
  double bottom = kPlotTop + kPlotHeight;

  explicit Frame(const LineChart& chart) {
    double highest = 0;
    for (const ChartLine& line : chart.lines) {
      for (const double v : line.values) {
        if (std::isfinite(v)) highest = std::max(highest, v);
      }
    }
    if (highest <= 0) highest = 1;
    ystep = nice_step(highest, 5);
    top = ystep * std::ceil(highest / ystep);
    end = chart.times.empty() ? 0 : chart.times.back().ns;
    span_ns = end > 0 ? static_cast<double>(end) : 1e9;
  }
  double x_of(std::int64_t ns) const {
    return kPlotLeft + (kPlotRight - kPlotLeft) * static_cast<double>(ns) / span_ns;
  }
  double y_of(double v) const { return bottom - kPlotHeight * v / top; }
};

// The opening tag and the title. A long title (an alarm's, naming its
// metric and period) starts at the left edge and gets a smaller type, down
// to 9 px, rather than run past the chart: a bold sans-serif character is
// about 0.6 of its size wide.
std::string svg_head(const LineChart& chart) {
  const double height =
      std::max(kPlotTop + kPlotHeight + 40,
               kPlotTop + kLegendRow * static_cast<double>(chart.lines.size()) + 8);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" "
      "height=\"{:.0f}\" role=\"img\" aria-label=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"11\">\n",
      kWidth, height, kWidth, height, escape_html(chart.title));
  const double title_chars = static_cast<double>(display_width(chart.title));
  const bool long_title = title_chars * 13 * 0.6 > kWidth - kPlotLeft - 8;
  const double title_x = long_title ? 8 : kPlotLeft;
  const double title_size =
      long_title ? std::max(9.0, std::floor((kWidth - 16) / (title_chars * 0.6))) : 13;
  svg += fmt::format(
      "<text x=\"{:.1f}\" y=\"18\" font-size=\"{:.0f}\" font-weight=\"bold\">{}</text>\n", title_x,
      title_size, escape_html(chart.title));
  return svg;
}

// Shaded windows (faults), drawn first so the grid and lines go over them.
void draw_bands(std::string& svg, const LineChart& chart, const Frame& f) {
  for (const ChartBand& b : chart.bands) {
    const std::int64_t from = std::clamp<std::int64_t>(b.from.ns, 0, f.end);
    const std::int64_t to = std::clamp<std::int64_t>(b.to.ns, 0, f.end);
    if (to <= from) continue;
    svg += fmt::format(
        "<rect class=\"fault\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"#c00\" fill-opacity=\"0.08\"><title>{}</title></rect>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\" fill=\"#900\">{}</text>\n",
        f.x_of(from), kPlotTop, f.x_of(to) - f.x_of(from), kPlotHeight, escape_html(b.label),
        f.x_of(from) + 2, f.bottom - 4, escape_html(b.label));
  }
}

// The value grid, the time ticks, both axes and the time axis's name.
void draw_axes(std::string& svg, const Frame& f) {
  const auto yticks = static_cast<int>(std::lround(f.top / f.ystep));
  for (int k = 0; k <= yticks; ++k) {
    const double v = f.ystep * k;
    const double y = f.y_of(v);
    svg += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
        kPlotLeft, y, kPlotRight, y, kPlotLeft - 6, y + 4, value_label(v, f.ystep));
  }
  const std::int64_t xstep = time_step(std::max<std::int64_t>(f.end / Frame::kSecond, 1));
  for (std::int64_t s = 0; s == 0 || s * Frame::kSecond <= f.end; s += xstep) {
    const double x = f.x_of(s * Frame::kSecond);
    svg += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#999\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>\n",
        x, f.bottom, x, f.bottom + 4, x, f.bottom + 16, time_label(s));
  }
  svg += fmt::format(
      "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#999\"/>"
      "<line x1=\"{0:.1f}\" y1=\"{3:.1f}\" x2=\"{0:.1f}\" y2=\"{1:.1f}\" stroke=\"#999\"/>\n",
      kPlotLeft, f.bottom, kPlotRight, kPlotTop);
  svg +=
      fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">simulated time</text>\n",
                  (kPlotLeft + kPlotRight) / 2, f.bottom + 32);
}

// Markers (alarm transitions, ...); labels of markers close together step
// down, so they stay readable.
void draw_markers(std::string& svg, const LineChart& chart, const Frame& f) {
  for (std::size_t k = 0; k < chart.markers.size(); ++k) {
    const ChartMarker& m = chart.markers[k];
    if (m.at.ns < 0 || m.at.ns > f.end) continue;
    const double x = f.x_of(m.at.ns);
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#c00\" "
        "stroke-dasharray=\"3 3\"/><text x=\"{3:.1f}\" y=\"{4:.1f}\" font-size=\"9\" "
        "fill=\"#c00\">{5}</text>\n",
        x, kPlotTop, f.bottom, x + 2, kPlotTop + 10 + 10 * static_cast<double>(k % 4),
        escape_html(m.label));
  }
}

// Each line, broken where a value is missing, and its legend entry.
void draw_lines(std::string& svg, const LineChart& chart, const Frame& f) {
  for (std::size_t i = 0; i < chart.lines.size(); ++i) {
    const ChartLine& line = chart.lines[i];
    std::string points;
    const auto flush = [&] {
      if (points.empty()) return;
      svg += fmt::format("<polyline fill=\"none\" stroke-width=\"1.5\" {} points=\"{}\"/>\n",
                         stroke_of(i), points);
      points.clear();
    };
    for (std::size_t r = 0; r < chart.times.size() && r < line.values.size(); ++r) {
      if (!std::isfinite(line.values[r])) {
        flush();
        continue;
      }
      if (!points.empty()) points += ' ';
      points += fmt::format("{:.1f},{:.1f}", f.x_of(chart.times[r].ns), f.y_of(line.values[r]));
    }
    flush();
    const double ly = kPlotTop + kLegendRow * static_cast<double>(i) + 6;
    svg += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke-width=\"2\" {}/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
        kLegendX, ly, kLegendX + 20, ly, stroke_of(i), kLegendX + 26, ly + 4,
        escape_html(line.label));
  }
}

}  // namespace

std::string to_svg(const LineChart& input) {
  const LineChart chart = thinned(input);
  const Frame frame(chart);
  std::string svg = svg_head(chart);
  draw_bands(svg, chart, frame);
  draw_axes(svg, frame);
  draw_markers(svg, chart, frame);
  draw_lines(svg, chart, frame);
  return svg + "</svg>\n";
}

namespace {

constexpr std::string_view kLatencyColumns[] = {"end_to_end.p50_ms", "end_to_end.p99_ms"};

bool latency_column(std::string_view name) {
  return std::find(std::begin(kLatencyColumns), std::end(kLatencyColumns), name) !=
         std::end(kLatencyColumns);
}

}  // namespace

std::optional<LineChart> latency_chart(const metrics::TimeSeries& series) {
  LineChart chart{
      "End-to-end latency of what finished in each period (ms)", series.times(), {}, {}, {}};
  bool measured = false;
  for (std::size_t c = 0; c < series.column_count(); ++c) {
    const std::string& name = series.columns()[c];
    if (!latency_column(name)) continue;
    std::vector<double> values = series.column(c);
    for (const double v : values) measured = measured || std::isfinite(v);
    chart.lines.push_back({name.substr(name.find('.') + 1, 3), std::move(values)});
  }
  if (!measured) return std::nullopt;
  return chart;
}

std::vector<LineChart> queue_charts(const metrics::TimeSeries& series) {
  std::vector<LineChart> charts;
  std::vector<std::string> gauges;
  for (std::size_t c = 0; c < series.column_count(); ++c) {
    const std::string& name = series.columns()[c];
    if (latency_column(name)) continue;
    const std::size_t dot = name.rfind('.');
    const std::string gauge = dot == std::string::npos ? name : name.substr(dot + 1);
    const std::string queue = dot == std::string::npos ? name : name.substr(0, dot);
    const auto known = std::find(gauges.begin(), gauges.end(), gauge);
    const auto index = static_cast<std::size_t>(known - gauges.begin());
    if (known == gauges.end()) {
      gauges.push_back(gauge);
      charts.push_back({gauge_title(gauge), series.times(), {}, {}, {}});
    }
    charts[index].lines.push_back({queue, series.column(c)});
  }
  return charts;
}

}  // namespace edasim::report
