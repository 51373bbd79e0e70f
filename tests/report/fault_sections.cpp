// The report's fault, recovery and downstream-API sections.
#include "sim/report/fault_sections.hpp"

#include <catch2/catch.hpp>

#include "sample_run.hpp"
#include "sim/report/format.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::sample_run;

TEST_CASE("a run without faults, retries or APIs has none of their sections", "[sections]") {
  RunResult r = sample_run();
  for (FleetResult& f : r.fleets) f.failed = 0;
  CHECK_FALSE(faults_section(r).has_value());
  CHECK_FALSE(recovery_section(r).has_value());
  CHECK_FALSE(apis_section(r).has_value());
}

TEST_CASE("faults are listed with their windows", "[sections]") {
  RunResult r = sample_run();
  r.faults.push_back(
      FaultWindow{"email down", "downstream_outage", "api:email", minutes(30), minutes(10)});
  const auto s = faults_section(r);
  REQUIRE(s.has_value());
  REQUIRE(s->tables.at(0).rows().size() == 1);
  const auto& row = s->tables[0].rows()[0];
  CHECK(row[0] == "email down");
  CHECK(row[1] == "downstream_outage");
  CHECK(row[2] == "api:email");
  CHECK(row[3] == format_span(minutes(30)));
  CHECK(row[4] == format_span(minutes(40)));
}

TEST_CASE("recovery shows each consumer's retries, re-pushes and stops, and its amplification",
          "[sections]") {
  RunResult r = sample_run();
  FleetResult& f = r.fleets.at(0);
  f.processed = 100;
  f.failed = 50;
  f.failed_downstream = 40;
  f.retries = 30;
  f.repushed = 7;
  f.dead_lettered = 2;
  f.crashes = 1;
  f.abandoned = 3;
  f.duplicates_suppressed = 4;
  const auto s = recovery_section(r);
  REQUIRE(s.has_value());
  const auto& row = s->tables.at(0).rows().at(0);
  CHECK(row == std::vector<std::string>{f.name, "50", "40", "30", "7", "2", "1", "3", "4"});
  REQUIRE(s->notes.size() == 1);
  CHECK(s->notes[0].text == f.name + ": 1.500 attempts per successful processing.");
}

TEST_CASE("downstream APIs show their calls by outcome", "[sections]") {
  RunResult r = sample_run();
  ApiResult a;
  a.name = "payments";
  a.calls = 1200;
  a.succeeded = 1000;
  a.failed = 150;
  a.rejected = 50;
  a.peak_concurrency = 16;
  r.apis.push_back(a);
  const auto s = apis_section(r);
  REQUIRE(s.has_value());
  CHECK(s->tables.at(0).rows().at(0) == std::vector<std::string>{"payments", format_count(1200),
                                                                 format_count(1000), "150", "50",
                                                                 "16"});
}
