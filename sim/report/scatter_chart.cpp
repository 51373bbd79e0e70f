#include "sim/report/scatter_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>
#include <vector>

#include "sim/report/table.hpp"

namespace edasim::report {

namespace {

constexpr double kWidth = 560;
constexpr double kHeight = 320;
constexpr double kLeft = 70, kRight = 20, kTop = 30, kBottom = 44;
constexpr double kLegendRow = 18;
// The series' colours, in turn; the first is the one a chart of one series
// has always been drawn in.
constexpr const char* kColours[] = {"#4c78a8", "#f58518", "#54a24b",
                                    "#b279a2", "#9d755d", "#e45756"};

const char* colour(std::size_t series) {
  return kColours[series % std::size(kColours)];
}

// Where each legend entry goes: (row, x), entries wrapped to the width.
std::vector<std::pair<std::size_t, double>> legend_places(const std::vector<std::string>& names) {
  std::vector<std::pair<std::size_t, double>> out;
  std::size_t row = 0;
  double x = kLeft;
  for (const std::string& name : names) {
    const double width = 28 + 6.5 * static_cast<double>(name.size()) + 16;
    if (x > kLeft && x + width > kWidth - kRight) {
      ++row;
      x = kLeft;
    }
    out.emplace_back(row, x);
    x += width;
  }
  return out;
}

// 1, 2 or 5 times a power of ten: the step of about five ticks up to `top`.
double tick_step(double top) {
  const double raw = top / 5;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (const double m : {1.0, 2.0, 5.0}) {
    if (m * power >= raw) return m * power;
  }
  return 10 * power;
}

}  // namespace

std::string to_svg(const ScatterChart& chart) {
  double x_top = 0, y_top = 0;
  for (const ScatterPoint& p : chart.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    x_top = std::max(x_top, p.x);
    y_top = std::max(y_top, p.y);
    if (std::isfinite(p.y_half_width) && p.y_half_width > 0)
      y_top = std::max(y_top, p.y + p.y_half_width);
  }
  if (chart.y_bound && std::isfinite(*chart.y_bound)) y_top = std::max(y_top, *chart.y_bound);
  x_top = x_top > 0 ? x_top * 1.05 : 1;
  y_top = y_top > 0 ? y_top * 1.05 : 1;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  const auto legend = legend_places(chart.series);
  const double height =
      legend.empty() ? kHeight
                     : kHeight + kLegendRow * static_cast<double>(legend.back().first + 1) + 4;
  const auto px = [&](double v) { return kLeft + std::clamp(v / x_top, 0.0, 1.0) * plot_w; };
  const auto py = [&](double v) {
    return kTop + plot_h - std::clamp(v / y_top, 0.0, 1.0) * plot_h;
  };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" "
      "height=\"{:.0f}\" role=\"img\" aria-label=\"{}\">\n",
      kWidth, height, kWidth, height, escape_html(chart.title));
  svg +=
      fmt::format("<text x=\"{:.1f}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{}</text>\n",
                  kLeft, escape_html(chart.title));
  svg += fmt::format("<path d=\"M{:.1f} {:.1f}V{:.1f}H{:.1f}\" stroke=\"#888\" fill=\"none\"/>\n",
                     kLeft, kTop, kTop + plot_h, kLeft + plot_w);
  const double xs = tick_step(x_top), ys = tick_step(y_top);
  for (double v = 0; v <= x_top; v += xs) {
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"middle\">{:.4g}</text>\n",
        px(v), kTop + plot_h + 14, v);
  }
  for (double v = 0; v <= y_top; v += ys) {
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\" "
        "dominant-baseline=\"middle\">{:.4g}</text>\n",
        kLeft - 6, py(v), v);
  }
  svg += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"middle\">{}</text>\n",
      kLeft + plot_w / 2, kHeight - 8, escape_html(chart.x_label));
  svg += fmt::format(
      "<text x=\"14\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"middle\" "
      "transform=\"rotate(-90 14 {:.1f})\">{}</text>\n",
      kTop + plot_h / 2, kTop + plot_h / 2, escape_html(chart.y_label));
  if (chart.y_bound && std::isfinite(*chart.y_bound)) {
    const double y = py(*chart.y_bound);
    svg += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#c33\" "
        "stroke-dasharray=\"6 4\"/>\n<text x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"11\" "
        "fill=\"#c33\" text-anchor=\"end\">{}</text>\n",
        kLeft, y, kLeft + plot_w, y, kLeft + plot_w, y - 4, escape_html(chart.bound_label));
  }
  const std::size_t series = std::max<std::size_t>(chart.series.size(), 1);
  for (std::size_t s = 0; s < series && chart.joined; ++s) {
    std::vector<const ScatterPoint*> in_order;
    for (const ScatterPoint& p : chart.points) {
      if (std::isfinite(p.x) && std::isfinite(p.y) && p.series % series == s)
        in_order.push_back(&p);
    }
    std::stable_sort(in_order.begin(), in_order.end(),
                     [](const ScatterPoint* a, const ScatterPoint* b) { return a->x < b->x; });
    std::string d;
    for (const ScatterPoint* p : in_order)
      d += fmt::format("{}{:.1f} {:.1f}", d.empty() ? "M" : "L", px(p->x), py(p->y));
    if (in_order.size() > 1)
      svg += fmt::format("<path d=\"{}\" stroke=\"{}\" fill=\"none\"/>\n", d, colour(s));
  }
  for (const ScatterPoint& p : chart.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
    if (std::isfinite(p.y_half_width) && p.y_half_width > 0) {
      svg += fmt::format(
          "<path d=\"M{0:.1f} {1:.1f}V{2:.1f}M{3:.1f} {1:.1f}H{4:.1f}M{3:.1f} {2:.1f}H{4:.1f}\" "
          "stroke=\"#333\" fill=\"none\"/>\n",
          px(p.x), py(p.y - p.y_half_width), py(p.y + p.y_half_width), px(p.x) - 4, px(p.x) + 4);
    }
    const char* c = colour(p.series % series);
    svg += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"5\" fill=\"{}\" stroke=\"{}\"><title>{}"
        "</title></circle>\n",
        px(p.x), py(p.y), p.marked ? c : "white", c, escape_html(p.label));
  }
  for (std::size_t s = 0; s < legend.size(); ++s) {
    const auto [row, x] = legend[s];
    const double y = kHeight + kLegendRow * static_cast<double>(row) + 6;
    svg += fmt::format(
        "<path d=\"M{0:.1f} {1:.1f}H{2:.1f}\" stroke=\"{3}\" fill=\"none\"/><circle cx=\"{4:.1f}\" "
        "cy=\"{1:.1f}\" r=\"4\" fill=\"white\" stroke=\"{3}\"/>\n<text x=\"{5:.1f}\" y=\"{1:.1f}\" "
        "font-size=\"11\" dominant-baseline=\"middle\">{6}</text>\n",
        x, y, x + 22, colour(s), x + 11, x + 28, escape_html(chart.series[s]));
  }
  return svg + "</svg>\n";
}

}  // namespace edasim::report
