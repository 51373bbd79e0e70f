#include "sim/report/html.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "sim/report/line_chart.hpp"
#include "tests/report/sample_run.hpp"
#include "tests/report/text.hpp"

using namespace edasim;
using namespace edasim::metrics;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::has;
using edasim::report::testing::occurrences;
using edasim::report::testing::sample_run;

TEST_CASE("the html page needs nothing from outside itself", "[html]") {
  const std::string html = to_html(sample_run());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK_FALSE(has(html, "<script"));
  CHECK_FALSE(has(html, "<link"));
  CHECK_FALSE(has(html, "src="));
  CHECK_FALSE(has(html, "@import"));
  CHECK_FALSE(has(html, "url("));
  // The one address is the SVG namespace, which browsers never fetch.
  CHECK(occurrences(html, "http") == occurrences(html, "xmlns=\"http://www.w3.org/2000/svg\""));
}

TEST_CASE("the html page has the tables and one chart per queue gauge", "[html]") {
  const std::string html = to_html(sample_run());
  CHECK(has(html, "<p class=\"question\"><strong>Question:</strong> How deep"));
  CHECK(has(html, "<td class=\"num\">7,530</td>"));
  CHECK(occurrences(html, "<svg") == 3);
  CHECK(has(html, "Visible messages"));
  CHECK(has(html, "In-flight messages"));
  CHECK(has(html, "Age of the oldest visible message (s)"));
  CHECK(occurrences(html, "<polyline") == 6);
  CHECK(html == to_html(sample_run()));
}

TEST_CASE("the html page escapes names from the scenario", "[html]") {
  RunResult r = sample_run();
  r.scenario = "<b>&co";
  const std::string html = to_html(r);
  CHECK(has(html, "<title>edasim report: &lt;b&gt;&amp;co</title>"));
  CHECK_FALSE(has(html, "<b>&co"));
}

TEST_CASE("the html page shows an unbalanced ledger as an alert", "[html]") {
  RunResult r = sample_run();
  r.events.copies += 1;
  CHECK(has(to_html(r), "<p class=\"alert\">NOT BALANCED"));
  CHECK_FALSE(has(to_html(sample_run()), "class=\"alert\""));
}

TEST_CASE("a missing sample breaks the line instead of dropping to zero", "[line_chart]") {
  LineChart chart{"depth", {}, {{"q", {}}}, {}, {}};
  for (int i = 0; i < 5; ++i) chart.times.push_back(Time::zero() + seconds(i));
  chart.lines[0].values = {1, 2, std::nan(""), 4, 5};
  const std::string svg = to_svg(chart);
  CHECK(occurrences(svg, "<polyline") == 2);
}

TEST_CASE("a long series is thinned without losing its peak", "[line_chart]") {
  LineChart chart{"depth", {}, {{"q", {}}}, {}, {}};
  for (int i = 0; i < 5000; ++i) {
    chart.times.push_back(Time::zero() + seconds(i));
    chart.lines[0].values.push_back(i == 2501 ? 1000.0 : 1.0);
  }
  const std::string svg = to_svg(chart);
  CHECK(svg.size() < 20 * kMaxPoints);
  // The y axis tops out at the peak, and the peak is drawn at the top.
  CHECK(has(svg, ">1,000</text>"));
  CHECK(has(svg, ",32.0"));
}

TEST_CASE("queue gauges are grouped into one chart each, one line per queue", "[line_chart]") {
  const auto charts = queue_charts(sample_run().series);
  REQUIRE(charts.size() == 3);
  CHECK(charts[0].title == "Visible messages (count)");
  REQUIRE(charts[0].lines.size() == 2);
  CHECK(charts[0].lines[0].label == "fraud");
  CHECK(charts[0].lines[1].label == "fraud-dlq");
  CHECK(charts[2].lines[0].values.back() == Approx(0.0));
}

TEST_CASE("a run without a time series has no chart section", "[html]") {
  RunResult r = sample_run();
  r.series = TimeSeries(minutes(1));
  const std::string html = to_html(r);
  CHECK_FALSE(has(html, "<svg"));
  CHECK_FALSE(has(html, "over-time"));
}

TEST_CASE("a series of one sample still draws a chart", "[line_chart]") {
  TimeSeries series(minutes(1));
  series.add_column("q.visible");
  const std::vector<double> row = {5};
  series.append_row(Time::zero() + minutes(1), row);
  const auto charts = queue_charts(series);
  REQUIRE(charts.size() == 1);
  const std::string svg = to_svg(charts[0]);
  CHECK(occurrences(svg, "<polyline") == 1);
  CHECK(has(svg, "</svg>"));
}

TEST_CASE("the html page charts goodput and each alarm, marking transitions and shading faults",
          "[html]") {
  const std::string html = to_html(edasim::report::testing::monitored_run());
  CHECK(has(html, "<section id=\"monitoring\">"));
  CHECK(has(html, "Offered load and goodput (messages/s)"));
  CHECK(has(html, "Alarm fraud-dlq-not-empty: Maximum of run.Processed"));
  // 3 queue gauges, goodput, one alarm.
  CHECK(occurrences(html, "<svg") == 5);
  // The fault's window is shaded on every time chart: 3 queue gauges,
  // goodput and the alarm.
  CHECK(occurrences(html, "<rect class=\"fault\"") == 5);
  CHECK(occurrences(html, ">fault: fraud outage</text>") == 5);
  CHECK(occurrences(html, ">ALARM</text>") == 1);
  CHECK(occurrences(html, ">OK</text>") == 2);
  CHECK(has(html, "<h2>Alarms</h2>"));
  CHECK(has(html, "<h2>Faults</h2>"));
}

TEST_CASE("a fault's window is shaded from its start to its end, clipped to the run",
          "[line_chart]") {
  LineChart chart{"Visible messages (count)", {}, {{"q", {1, 2, 3}}}, {}, {}};
  for (int s = 1; s <= 3; ++s)
    chart.times.push_back(edasim::Time::zero() + edasim::seconds(100 * s));
  chart.bands.push_back({edasim::Time::zero() + edasim::seconds(150),
                         edasim::Time::zero() + edasim::seconds(900), "fault: outage"});
  const std::string svg = to_svg(chart);
  // The plot spans 64 to 560 for 300 s: from 150 s (312.0) to the end (560.0).
  CHECK(has(svg, "<rect class=\"fault\" x=\"312.0\" y=\"32.0\" width=\"248.0\""));
  CHECK(has(svg, ">fault: outage</text>"));
}

TEST_CASE("a wide table scrolls in its own box instead of running off the page", "[html]") {
  const std::string html = to_html(sample_run());
  CHECK(occurrences(html, "<div class=\"scroll\"><table>") == occurrences(html, "<table>"));
  CHECK(has(html, ".scroll{overflow-x:auto"));
}
