// LineChart: a time series drawn as an inline SVG line chart, with axes, a
// grid and a legend, for the self-contained HTML report.
//
// Promises:
// - The SVG depends only on the data (coordinates printed with one decimal,
//   no locale), so the same chart is always the same bytes.
// - NaN samples are gaps in the line, never drawn as zero.
// - A band (a fault's window) is shaded behind the lines, labelled, and
//   clipped to the chart's time span.
// - Long series are thinned to at most kMaxPoints per line by keeping each
//   stretch's largest sample, so a short peak still shows.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/metrics/time_series.hpp"

namespace edasim::report {

struct ChartLine {
  std::string label;
  std::vector<double> values;  // one per time of the chart
};

// A moment worth pointing at (an alarm's transition, a fault's start),
// drawn as a labelled vertical line.
struct ChartMarker {
  Time at;
  std::string label;
};

// A stretch of time worth seeing behind the lines (a fault's window).
struct ChartBand {
  Time from, to;
  std::string label;
};

struct LineChart {
  std::string title;  // in words, with the unit
  std::vector<Time> times;
  std::vector<ChartLine> lines;
  std::vector<ChartMarker> markers;
  std::vector<ChartBand> bands;
};

inline constexpr std::size_t kMaxPoints = 1000;

std::string to_svg(const LineChart& chart);

// The title of the chart of one gauge, in words with its unit ("visible" ->
// "Visible messages (count)").
std::string gauge_title(const std::string& gauge);

// One chart per gauge of the series: columns named "<queue>.<gauge>" are
// grouped by gauge ("visible", "in_flight", "oldest_age_s", in the order the
// gauges first appear), one line per queue. The end-to-end latency columns
// are left to latency_chart.
std::vector<LineChart> queue_charts(const metrics::TimeSeries& series);

// The end-to-end latency of each period, p50 and p99 (the series' columns
// "end_to_end.p50_ms" and "end_to_end.p99_ms"); none when the series has
// no such columns or nothing finished in any period.
std::optional<LineChart> latency_chart(const metrics::TimeSeries& series);

}  // namespace edasim::report
