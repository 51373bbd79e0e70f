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
//   When the values span more than two decades (the largest over the
//   smallest above zero), the axis is logarithmic, from the decade below
//   the smallest to the one above the largest, with a tick per decade and
//   "log scale" in the title: a 5.5 s bar beside a 957 s one would
//   otherwise be invisible. A zero has no bar on it; its text says 0.
// - A bound (an SLO's) is drawn as a dashed red line across the bars.
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
  std::string title;    // in words, with the unit
  std::string measure;  // the measure's name, for programs (data-measure)
  std::vector<Bar> bars;
  std::optional<double> bound;  // in the bars' unit
  std::string bound_label;
};

// Whether values this far apart are drawn on a logarithmic axis: more than
// two decades between the smallest above zero and the largest.
bool spans_decades(double smallest_positive, double largest);

std::string to_svg(const BarChart& chart);

}  // namespace edasim::report
