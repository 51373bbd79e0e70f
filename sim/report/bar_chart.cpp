#include "sim/report/bar_chart.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

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

std::string to_svg(const BarChart& chart) {
  double top = 0;
  for (const Bar& b : chart.bars) {
    if (!b.value || !std::isfinite(*b.value)) continue;
    const double reach = std::isfinite(b.half_width) ? *b.value + b.half_width : *b.value;
    top = std::max(top, reach);
  }
  if (top <= 0) top = 1;
  const double plot = kWidth - kLabelWidth - kTextWidth;
  const auto x = [&](double v) { return kLabelWidth + std::clamp(v / top, 0.0, 1.0) * plot; };
  const double height = kTop + kRow * static_cast<double>(chart.bars.size()) + 8;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" "
      "height=\"{:.0f}\" role=\"img\" aria-label=\"{}\">\n",
      kWidth, height, kWidth, height, escape_html(chart.title));
  svg +=
      fmt::format("<text x=\"{:.1f}\" y=\"16\" font-size=\"13\" font-weight=\"bold\">{}</text>\n",
                  kLabelWidth, escape_html(chart.title));
  svg += fmt::format(
      "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#888\"/>\n",
      kLabelWidth, kTop - 4, kLabelWidth, height - 6);
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
  return svg + "</svg>\n";
}

}  // namespace edasim::report
