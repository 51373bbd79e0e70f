// ScatterChart: points of two measures against each other, as an inline SVG
// for the plan's page: each point the planner simulated, its objective
// across and one SLO's measure up, with the SLO's bound drawn, so a reader
// sees which points met it and what meeting it costs.
//
// Promises:
// - The SVG depends only on the data (coordinates with one decimal, no
//   locale), so the same chart is always the same bytes.
// - Both axes start at zero and reach past the largest value (and the
//   bound); points without a value are left out, never drawn at zero.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace edasim::report {

struct ScatterPoint {
  double x = 0, y = 0;
  bool marked = false;  // drawn filled (a point that met every SLO)
  std::string label;    // its tooltip
};

struct ScatterChart {
  std::string title;
  std::string x_label, y_label;
  std::vector<ScatterPoint> points;
  std::optional<double> y_bound;  // drawn as a dashed horizontal line
  std::string bound_label;
};

std::string to_svg(const ScatterChart& chart);

}  // namespace edasim::report
