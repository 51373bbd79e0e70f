// The comparison's bar charts: deterministic SVG, whiskers for intervals,
// and no bar where a design has no value.
#include "sim/report/bar_chart.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace edasim::report;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

BarChart chart() {
  BarChart c;
  c.title = "latency.end_to_end.p99";
  c.bars.push_back({"baseline", 2.0, 0.5, "2.00 ± 0.50 s"});
  c.bars.push_back({"candidate", 1.0, std::numeric_limits<double>::infinity(), "1.00 s"});
  c.bars.push_back({"absent", std::nullopt, 0, ""});
  return c;
}

}  // namespace

TEST_CASE("a bar chart draws a bar per design with a value and says when there is none") {
  const std::string svg = to_svg(chart());
  CHECK(svg.starts_with("<svg"));
  CHECK(count(svg, "<rect") == 2);
  CHECK(count(svg, "no data") == 1);
  CHECK(svg.find("2.00 ± 0.50 s") != std::string::npos);
  CHECK(svg.find("aria-label=\"latency.end_to_end.p99\"") != std::string::npos);
}

TEST_CASE("only a finite half width draws a whisker, and the axis reaches its end") {
  const std::string svg = to_svg(chart());
  CHECK(count(svg, "<path") == 1);
  // The axis ends at 2.5 (mean plus half width): the baseline's bar of 2.0
  // spans 0.8 of the 370-unit plot, the candidate's half that.
  CHECK(svg.find("width=\"296.0\"") != std::string::npos);
  CHECK(svg.find("width=\"148.0\"") != std::string::npos);
}

TEST_CASE("the same chart is always the same bytes") {
  CHECK(to_svg(chart()) == to_svg(chart()));
}

TEST_CASE("values spanning more than two decades are drawn on a log scale, a decade a tick") {
  BarChart c;
  c.title = "End-to-end latency, p99 (seconds)";
  c.bars.push_back({"short", 5.5, 0, "5.50 s"});
  c.bars.push_back({"long", 957.0, 0, "957 s"});
  const std::string svg = to_svg(c);
  CHECK(svg.find("(log scale)") != std::string::npos);
  // From the decade below 5.5 (1) to the one above 957 (1,000): three
  // decades over the 370-unit plot; 5.5 s reaches log10(5.5)/3 of it.
  CHECK(svg.find(">1,000</text>") != std::string::npos);
  CHECK(svg.find(">1</text>") != std::string::npos);
  CHECK(svg.find("width=\"91.3\"") != std::string::npos);
  // Within two decades the scale stays linear.
  c.bars[1].value = 300.0;
  CHECK(to_svg(c).find("(log scale)") == std::string::npos);
  CHECK(spans_decades(1, 101));
  CHECK_FALSE(spans_decades(1, 100));
  CHECK_FALSE(spans_decades(0, 100));
}

TEST_CASE("an SLO's bound is drawn as a dashed red line at its value") {
  BarChart c = chart();
  c.bound = 1.25;
  c.bound_label = "fast ≤ 1.25 s";
  const std::string svg = to_svg(c);
  CHECK(count(svg, "stroke-dasharray") == 1);
  CHECK(svg.find("fast ≤ 1.25 s") != std::string::npos);
  // 1.25 of an axis ending at 2.5: half of the 370-unit plot after 180.
  CHECK(svg.find("x1=\"365.0\"") != std::string::npos);
}
