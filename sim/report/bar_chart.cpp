#include "sim/report/bar_chart.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "sim/report/format.hpp"
#include "sim/report/table.hpp"

namespace edasim::report {

namespace {

constexpr double kWidth = 720;
constexpr double kLabelWidth = 180;
constexpr double kTextWidth = 170;
constexpr double kTop = 28;
constexpr double kRow = 26;
constexpr double kBar = 16;

}  // namespace

bool spans_decades(double smallest_positive, double largest) {
  return smallest_positive > 0 && std::isfinite(largest) && largest / smallest_positive > 100;
}

std::string to_svg(const BarChart& chart) {
  double top = 0;
  double smallest = 0;  // the smallest value above zero, 0 if none
  for (const Bar& b : chart.bars) {
    if (!b.value || !std::isfinite(*b.value)) continue;
    const double reach = std::isfinite(b.half_width) ? *b.value + b.half_width : *b.value;
    top = std::max(top, reach);
    if (*b.value > 0 && (smallest == 0 || *b.value < smallest)) smallest = *b.value;
  }
  if (chart.bound && std::isfinite(*chart.bound) && *chart.bound > 0) {
    top = std::max(top, *chart.bound);
    if (smallest == 0 || *chart.bound < smallest) smallest = *chart.bound;
  }
  if (top <= 0) top = 1;
  const bool log = spans_decades(smallest, top);
  const double plot = kWidth - kLabelWidth - kTextWidth;
  // On a log axis the bars start at the decade below the smallest value.
  const double low_decade = log ? std::floor(std::log10(smallest)) : 0;
  const double high_decade = log ? std::ceil(std::log10(top)) : 0;
  const auto x = [&](double v) {
    if (!log) return kLabelWidth + std::clamp(v / top, 0.0, 1.0) * plot;
    if (v <= 0) return kLabelWidth;
    const double at = (std::log10(v) - low_decade) / (high_decade - low_decade);
    return kLabelWidth + std::clamp(at, 0.0, 1.0) * plot;
  };
  const double axis = kTop + kRow * static_cast<double>(chart.bars.size());
  const double height = axis + (log ? 22 : 8);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" "
      "height=\"{:.0f}\" role=\"img\" aria-label=\"{}\" data-measure=\"{}\">\n",
      kWidth, height, kWidth, height, escape_html(chart.title), escape_html(chart.measure));
  svg +=
      fmt::format("<text x=\"{:.1f}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{}{}</text>\n",
                  kLabelWidth, escape_html(chart.title), log ? " (log scale)" : "");
  svg += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#888\"/>\n",
      kLabelWidth, kTop - 4, kLabelWidth, axis);
  if (log) {
    for (double d = low_decade; d <= high_decade; ++d) {
      const double at = x(std::pow(10.0, d));
      svg += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#ddd\"/>"
          "<text x=\"{0:.1f}\" y=\"{3:.1f}\" font-size=\"10\" text-anchor=\"middle\">{4}</text>\n",
          at, kTop - 4, axis, axis + 14, format_fixed(std::pow(10.0, d), d < 0 ? -d : 0));
    }
  }
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const Bar& b = chart.bars[i];
    const double y = kTop + kRow * static_cast<double>(i);
    const double mid = y + kBar / 2;
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"end\" "
        "dominant-baseline=\"middle\">{}</text>\n",
        kLabelWidth - 6, mid, escape_html(b.label));
    if (!b.value || !std::isfinite(*b.value)) {
      svg += fmt::format(
          "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" fill=\"#888\" "
          "dominant-baseline=\"middle\">no data</text>\n",
          kLabelWidth + 6, mid);
      continue;
    }
    const double end = x(*b.value);
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"{}\"/>\n",
        kLabelWidth, y, end - kLabelWidth, kBar, i == 0 ? "#7a8fa6" : "#4c78a8");
    if (std::isfinite(b.half_width) && b.half_width > 0) {
      const double lo = x(*b.value - b.half_width), hi = x(*b.value + b.half_width);
      svg += fmt::format(
          "<path d=\"M{:.1f} {:.1f}H{:.1f}M{:.1f} {:.1f}V{:.1f}M{:.1f} {:.1f}V{:.1f}\" "
          "stroke=\"#222\" fill=\"none\"/>\n",
          lo, mid, hi, lo, mid - 4, mid + 4, hi, mid - 4, mid + 4);
    }
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" dominant-baseline=\"middle\">{}</text>\n",
        kWidth - kTextWidth + 8, mid, escape_html(b.text));
  }
  if (chart.bound && std::isfinite(*chart.bound)) {
    const double at = x(*chart.bound);
    svg += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#c00\" "
        "stroke-dasharray=\"5 3\"/><text x=\"{3:.1f}\" y=\"{4:.1f}\" font-size=\"10\" "
        "fill=\"#c00\">{5}</text>\n",
        at, kTop - 4, axis, at + 3, kTop + 4, escape_html(chart.bound_label));
  }
  return svg + "</svg>\n";
}

}  // namespace edasim::report
