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
