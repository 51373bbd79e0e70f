// ScatterChart: points of two measures against each other, as an inline SVG
// for the plan's page: each point the planner simulated, its objective
// across and one SLO's measure up, with the SLO's bound drawn, so a reader
// sees which points met it and what meeting it costs. compare.html draws a
// sweep with it too: a measure (with its interval as a whisker) against the
// swept value, the points joined in order of the swept value.
//
// Promises:
// - The SVG depends only on the data (coordinates with one decimal, no
//   locale), so the same chart is always the same bytes.
// - Both axes start at zero and reach past the largest value (its whisker
//   and the bound included); points without a value are left out, never
//   drawn at zero.
// - A chart that asks for none draws no whiskers and no joining line, so the
//   plan's charts are what they were before compare.html's sweeps used it.
// - Points may belong to named series (a sweep of several [[designs]]: one
//   line per design), each in a colour of its own, joined apart and named
//   in a legend under the chart; a chart without series names is drawn as
//   one series, in the first colour, with no legend.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace edasim::report {

struct ScatterPoint {
  double x = 0, y = 0;
  bool marked = false;  // drawn filled (a point that met every SLO)
  std::string label;    // its tooltip
  // The half width of y's interval, drawn as a vertical whisker when it is
  // finite and above zero (clipped at zero below).
  double y_half_width = 0;
  std::size_t series = 0;  // an index into ScatterChart::series
};

struct ScatterChart {
  std::string title;
  std::string x_label, y_label;
  std::vector<ScatterPoint> points;
  std::optional<double> y_bound;  // drawn as a dashed horizontal line
  std::string bound_label;
  bool joined = false;              // a line through the points, in order of x (each series')
  std::vector<std::string> series;  // the series' names, for the legend; none: one series
};

std::string to_svg(const ScatterChart& chart);

}  // namespace edasim::report
