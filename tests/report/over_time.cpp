// The end-to-end latency over time: each series period's p50 and p99 of
// what finished in it, as series.csv columns and the first chart of the
// HTML report's "Over time" section.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "sim/model/system.hpp"
#include "sim/report/html.hpp"
#include "sim/report/line_chart.hpp"
#include "sim/scenario/load.hpp"
#include "tests/report/text.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::has;

namespace {

// 10 orders a second to a queue one instance drains in 50 ms each; the
// instance is out from 2m to 3m, so what arrives then waits for it.
RunResult outage_run() {
  const std::string text = R"(
[scenario]
duration = "5m"
series_period = "30s"
[producers.orders]
to = "queue.orders"
rate = "10/s"
arrival = "constant"
[queues.orders]
[consumers.orders]
queue = "orders"
processing = "50ms"
[[faults]]
name = "out"
kind = "consumer_outage"
target = "orders"
start = "2m"
duration = "1m"
)";
  System system(scenario::load_text(text, "outage.toml"));
  system.run();
  return system.result();
}

// The value of `column` in the period that ends at `seconds`.
double at(const RunResult& r, std::size_t column, double seconds) {
  const std::vector<Time>& times = r.series.times();
  for (std::size_t i = 0; i < times.size(); ++i) {
    if (std::abs(times[i].seconds() - seconds) < 1e-9) return r.series.column(column)[i];
  }
  FAIL("no period ends at " << seconds << " s");
  return 0;
}

}  // namespace

TEST_CASE("each series period carries the p50 and p99 end-to-end latency of what finished in it",
          "[over_time]") {
  const RunResult r = outage_run();
  REQUIRE(r.series.column_count() >= 2);
  CHECK(r.series.columns()[0] == "end_to_end.p50_ms");
  CHECK(r.series.columns()[1] == "end_to_end.p99_ms");
  // Before the outage each order waits for little more than its processing.
  for (const double end : {30.0, 60.0, 90.0, 120.0}) {
    CHECK(at(r, 0, end) >= 50);
    CHECK(at(r, 1, end) < 1000);
    CHECK(at(r, 0, end) <= at(r, 1, end));
  }
  // While the only instance is out nothing finishes: the cells are empty.
  CHECK(std::isnan(at(r, 0, 180)));
  // When it comes back, the orders that waited for it finish: the period's
  // p99 is near the whole minute they waited.
  CHECK(at(r, 1, 210) > 45'000);
  // Afterwards the backlog is drained and latency is back to normal.
  CHECK(at(r, 1, 300) < 1000);
}

TEST_CASE("the HTML report draws the latency over time first, with the fault shaded",
          "[over_time]") {
  const RunResult r = outage_run();
  const auto chart = latency_chart(r.series);
  REQUIRE(chart);
  REQUIRE(chart->lines.size() == 2);
  CHECK(chart->lines[0].label == "p50");
  CHECK(chart->lines[1].label == "p99");
  for (const LineChart& c : queue_charts(r.series)) CHECK_FALSE(has(c.title, "latency"));
  const std::string html = to_html(r);
  const auto latency = html.find("End-to-end latency of what finished in each period (ms)");
  const auto visible = html.find("Visible messages (count)");
  REQUIRE(latency != std::string::npos);
  REQUIRE(visible != std::string::npos);
  CHECK(latency < visible);
  CHECK(has(html, "<a href=\"#over-time\">Over time</a>"));
}

TEST_CASE("a series in which nothing finished has no latency chart", "[over_time]") {
  metrics::TimeSeries series(minutes(1));
  series.add_column("end_to_end.p50_ms");
  series.add_column("end_to_end.p99_ms");
  series.add_column("q.visible");
  const double nan = std::nan("");
  const std::vector<double> row = {nan, nan, 3};
  series.append_row(Time::zero() + minutes(1), row);
  CHECK_FALSE(latency_chart(series));
  CHECK(queue_charts(series).size() == 1);
}
