// BarChart: one measure across designs, as an inline SVG of horizontal bars
// with their confidence intervals drawn as whiskers, for compare.html.
//
// Promises:
// - The SVG depends only on the data (coordinates with one decimal, no
//   locale), so the same chart is always the same bytes.
// - A bar without a value (a design lacking the measure) is labelled "no
//   data", never drawn as zero; an infinite or NaN half width draws no
//   whisker.
// - The axis starts at zero and reaches the largest mean plus half width;
//   negative values are drawn from zero to the left edge's zero, clipped.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace edasim::report {

struct Bar {
  std::string label;            // the design
  std::optional<double> value;  // the mean
  double half_width = 0;        // of its interval; not finite: none
  std::string text;             // the value as the tables spell it
};

struct BarChart {
  std::string title;
  std::vector<Bar> bars;
};

std::string to_svg(const BarChart& chart);

}  // namespace edasim::report
