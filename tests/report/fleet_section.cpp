// The report's fleet-sizes section and the fleet's autoscaling in report.json.
#include "sim/report/fleet_section.hpp"

#include <catch2/catch.hpp>

#include "sample_run.hpp"
#include "sim/report/html.hpp"
#include "sim/report/json.hpp"
#include "sim/report/line_chart.hpp"

using namespace edasim;
using namespace edasim::metrics;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::sample_run;

namespace {

RunResult with_autoscaled_fleet() {
  RunResult r = sample_run();
  FleetResult& f = r.fleets.at(0);
  f.autoscaled = true;
  f.min_instances = 2;
  f.max_instances = 16;
  f.peak_instances = 16;
  f.final_instances = 2;
  f.scale_outs = 1;
  f.scale_ins = 1;
  f.scaling = {{minutes(23), 2, 16}, {minutes(43), 16, 2}};
  f.instance_hours = 6.6666667;
  return r;
}

}  // namespace

TEST_CASE("a run without autoscaled fleets has no fleet-sizes section", "[sections]") {
  CHECK_FALSE(fleet_sizes_section(sample_run()).has_value());
}

TEST_CASE("the fleet-sizes section lists sizes, instance-hours and every action", "[sections]") {
  const RunResult r = with_autoscaled_fleet();
  const auto s = fleet_sizes_section(r);
  REQUIRE(s.has_value());
  REQUIRE(s->tables.size() == 2);
  const auto& row = s->tables[0].rows().at(0);
  CHECK(row ==
        std::vector<std::string>{r.fleets[0].name, "yes", "2", "16", "16", "2", "1", "1", "6.67"});
  REQUIRE(s->tables[1].rows().size() == 2);
  CHECK(s->tables[1].rows()[0] == std::vector<std::string>{r.fleets[0].name, "23m 00s", "2", "16"});
  CHECK(s->tables[1].rows()[1] == std::vector<std::string>{r.fleets[0].name, "43m 00s", "16", "2"});
}

TEST_CASE("report.json carries instance-hours and the autoscaling actions", "[json]") {
  const RunResult r = with_autoscaled_fleet();
  const auto j = to_json(r);
  const auto& fleet = j.at("consumers").at(r.fleets[0].name);
  CHECK(fleet.at("instance_hours").get<double>() == 6.6667);
  const auto& a = fleet.at("autoscaling");
  CHECK(a.at("peak_instances") == 16);
  CHECK(a.at("scale_outs") == 1);
  REQUIRE(a.at("actions").size() == 2);
  CHECK(a.at("actions")[0].at("at_s").get<double>() == 1380.0);
  CHECK(a.at("actions")[1].at("to") == 2);
}

TEST_CASE("the HTML fleet-size chart marks every scaling action", "[html]") {
  RunResult r = with_autoscaled_fleet();
  const std::string& name = r.fleets[0].name;
  r.series = TimeSeries(minutes(1));
  r.series.add_column(name + ".instances");
  r.series.add_column(name + ".running");
  // Markers are drawn within the chart's time span: an hour here.
  for (int m = 1; m <= 60; ++m) {
    const double size = m > 23 && m <= 43 ? 16 : 2;
    const std::vector<double> row{size, size};
    r.series.append_row(Time::zero() + minutes(m), row);
  }
  const std::string html = to_html(r);
  CHECK(html.find(gauge_title("instances")) != std::string::npos);
  CHECK(html.find(name + " 2-&gt;16") != std::string::npos);
  CHECK(html.find(name + " 16-&gt;2") != std::string::npos);
}
