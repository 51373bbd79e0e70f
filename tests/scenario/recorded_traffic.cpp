// Recorded traffic: a producer replays a CSV of counts per period (the shape
// of a CloudWatch download) instead of a rate and profile, and every mistake
// in the file is placed at its line and column.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"
#include "sim/scenario/traffic_file.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::filesystem::path traffic_dir =
    std::filesystem::path(EDASIM_SOURCE_DIR) / "tests/scenario/data/traffic";

// A scenario placed in the traffic folder, so that its file names resolve
// there, with producer p's table ending in `producer_keys`.
std::string scenario_with(const std::string& producer_keys, const std::string& duration = "5m") {
  return "[scenario]\nduration = \"" + duration + "\"\n[producers.p]\nto = \"queue.q\"\n" +
         producer_keys + "\n[queues.q]\n[consumers.c]\nqueue = \"q\"\n";
}

SystemConfig load_here(const std::string& text) {
  return load_text(text, (traffic_dir / "scenario.toml").string());
}

std::vector<Diagnostic> problems_here(const std::string& text) {
  return problems_at(text, (traffic_dir / "scenario.toml").string());
}

TrafficFile read_ok(std::string_view csv, const TrafficFileOptions& options = {}) {
  std::vector<Diagnostic> problems;
  auto traffic = read_traffic_file(csv, "t.csv", "producers.p.traffic.file", options, problems);
  INFO((problems.empty() ? std::string() : problems.front().to_string()));
  REQUIRE(traffic.has_value());
  return *traffic;
}

Diagnostic read_fails(std::string_view csv, const TrafficFileOptions& options = {}) {
  std::vector<Diagnostic> problems;
  auto traffic = read_traffic_file(csv, "t.csv", "producers.p.traffic.file", options, problems);
  CHECK_FALSE(traffic.has_value());
  REQUIRE(problems.size() == 1);
  return problems.front();
}

constexpr std::int64_t ns = 1'000'000'000;
// 2026-11-27T10:00:00Z as Unix seconds.
constexpr std::int64_t friday_ten = 1'795'773'600;

}  // namespace

TEST_CASE("timestamps are read as ISO-8601 in UTC or with an offset, or as Unix time") {
  CHECK(parse_timestamp("1970-01-01T00:00:00Z") == 0);
  CHECK(parse_timestamp("2026-11-27T10:00:00Z") == friday_ten * ns);
  CHECK(parse_timestamp("2026-11-27 10:00:00") == friday_ten * ns);
  CHECK(parse_timestamp("2026-11-27T11:00:00+01:00") == friday_ten * ns);
  CHECK(parse_timestamp("2026-11-27T05:30:00-0430") == friday_ten * ns);
  CHECK(parse_timestamp("2026-11-27T10:00:00.250Z") == friday_ten * ns + 250'000'000);
  CHECK(parse_timestamp("2024-02-29T00:00Z").has_value());
  CHECK(parse_timestamp("1795773600") == friday_ten * ns);
  CHECK(parse_timestamp("1795773600000") == friday_ten * ns);  // milliseconds
  CHECK(parse_timestamp("1795773600.5") == friday_ten * ns + ns / 2);
  CHECK_FALSE(parse_timestamp("2025-02-29T00:00:00Z"));  // not a leap year
  CHECK_FALSE(parse_timestamp("2026-13-01T00:00:00Z"));
  CHECK_FALSE(parse_timestamp("2026-11-27T24:00:00Z"));
  CHECK_FALSE(parse_timestamp("Timestamp"));
  // Times whose nanoseconds since 1970 would overflow 64 bits.
  CHECK_FALSE(parse_timestamp("9999-12-31T23:59:59Z"));
  CHECK_FALSE(parse_timestamp("1000-01-01T00:00:00Z"));
  CHECK_FALSE(parse_timestamp("99999999999"));      // seconds, the year 5138
  CHECK_FALSE(parse_timestamp("999999999999999"));  // milliseconds, the year 33658
  CHECK(parse_timestamp("2261-12-31T23:59:59Z").has_value());
  CHECK(parse_timestamp("8999999999").has_value());
  CHECK_FALSE(parse_timestamp("12abc"));
}

TEST_CASE("rows in any order become one count per period, absent periods counting zero") {
  const TrafficFile t = read_ok(
      "Timestamp,Sum\n"
      "2026-11-27T10:04:00Z,60\n"
      "2026-11-27T10:03:00Z,\n"
      "2026-11-27T10:01:00Z,120\n"
      "2026-11-27T10:00:00Z,30\n");
  CHECK(t.period == minutes(1));
  CHECK(t.first_row == friday_ten * ns);
  CHECK(t.rows == 4);
  // Events per second: 30, 120, (absent), (empty), 60 per minute.
  CHECK(t.rates == std::vector<double>{0.5, 2.0, 0.0, 0.0, 1.0});
}

TEST_CASE("the period is the median gap unless given, and values may be per second") {
  TrafficFileOptions options;
  options.per_second = true;
  const TrafficFile t = read_ok("0,1\n10,2\n20,3\n50,4\n", options);
  CHECK(t.period == seconds(10));
  CHECK(t.rates == std::vector<double>{1, 2, 3, 0, 0, 4});

  options.period = seconds(5);
  CHECK(read_ok("0,1\n10,2\n", options).rates == std::vector<double>{1, 0, 2});
}

TEST_CASE("a column is chosen by its header name or its number") {
  const std::string csv = "time,a,b\n2026-11-27T10:00:00Z,1,\"2\"\n2026-11-27T10:00:01Z,3,4\n";
  CHECK(read_ok(csv).rates == std::vector<double>{1, 3});
  TrafficFileOptions by_name;
  by_name.column_name = "b";
  CHECK(read_ok(csv, by_name).rates == std::vector<double>{2, 4});
  TrafficFileOptions by_number;
  by_number.column_number = 3;
  CHECK(read_ok(csv, by_number).rates == std::vector<double>{2, 4});

  by_name.column_name = "c";
  const Diagnostic d = read_fails(csv, by_name);
  CHECK(d.line == 1);
  CHECK(d.message == "no column is named \"c\" (the header names \"a\", \"b\")");
}

TEST_CASE("a start replays from that period on") {
  TrafficFileOptions options;
  options.period = minutes(1);
  options.start = (friday_ten + 60) * ns;
  const std::string csv = std::to_string(friday_ten) + ",5\n" + std::to_string(friday_ten + 60) +
                          ",6\n" + std::to_string(friday_ten + 120) + ",7\n";
  CHECK(read_ok(csv, options).rates == std::vector<double>{6.0 / 60, 7.0 / 60});
}

TEST_CASE("mistakes in a traffic file are placed at its line and column") {
  Diagnostic d = read_fails("Timestamp,Sum\n2026-11-27T10:00:00Z,60\n2026-11-27T10:01:00Z,-5\n");
  CHECK(d.to_string() ==
        "t.csv:3:22: producers.p.traffic.file: expected a count of events, a number >= 0, got "
        "\"-5\"");

  d = read_fails(
      "2026-11-27T10:00:00Z,1\n2026-11-27T10:01:00Z,1\n2026-11-27T10:02:30Z,1\n"
      "2026-11-27T10:03:00Z,1\n");
  CHECK(d.line == 3);
  CHECK(d.column == 1);
  CHECK(contains(d.message, "not on the grid of 1m periods (the median gap)"));

  d = read_fails("0,1\n10,1\n10,2\n");
  CHECK(d.line == 3);
  CHECK(d.message == "the same timestamp as line 2: each period is one row");

  d = read_fails("0,1\nyesterday,2\n");
  CHECK(d.line == 2);
  CHECK(contains(d.message, "expected a timestamp"));

  d = read_fails("0,1\n10\n");
  CHECK(d.line == 2);
  CHECK(d.message == "the row has 1 columns; the values are in column 2");

  CHECK(read_fails("# nothing\n").message == "the file has no rows of data");
  CHECK(read_fails("0,1\n").message == "one row cannot show its period: give the traffic's period");
  // Two rows a year apart at one second would be 31 million periods.
  TrafficFileOptions every_second;
  every_second.period = seconds(1);
  d = read_fails("0,1\n31536000,1\n", every_second);
  CHECK(contains(d.message, "more than the limit of 1000000"));
}

TEST_CASE("a producer with recorded traffic takes its rate and profile from the file") {
  const SystemConfig config =
      load_here(scenario_with("traffic = { file = \"orders-per-minute.csv\" }"));
  const ArrivalConfig& a = config.producers.at(0).arrival;
  REQUIRE(a.recorded.has_value());
  CHECK(a.recorded->periods == 5);
  CHECK(a.recorded->period == minutes(1));
  CHECK(a.recorded->mean_rate == Approx(210.0 / 300));
  CHECK(a.rate.per_second == 2.0);  // the peak: 120 in a minute
  REQUIRE(a.profile.size() == 5);   // 0.25, 1, 0, 0.5 of the peak, then 0 at the end
  CHECK(a.profile[0].factor == 0.25);
  CHECK(a.profile[1].at == minutes(1));
  CHECK(a.profile[2].factor == 0.0);
  CHECK(a.profile[3].at == minutes(4));
  CHECK(a.profile[3].factor == 0.5);
  CHECK(a.profile[4].at == minutes(5));
  CHECK(a.profile[4].factor == 0.0);
  CHECK(a.recorded->counts.empty());

  const SystemConfig scaled = load_here(scenario_with(
      "arrival = \"exact\"\ntraffic = { file = \"orders-per-minute.csv\", scale = 1.5 }"));
  CHECK(scaled.producers.at(0).arrival.rate.per_second == 3.0);
  CHECK(scaled.producers.at(0).arrival.recorded->counts ==
        std::vector<std::int64_t>{45, 180, 0, 0, 90});
}

TEST_CASE("recorded traffic excludes a rate and a profile, and its problems are located") {
  auto found = problems_here(
      scenario_with("rate = \"5/s\"\ntraffic = { file = \"orders-per-minute.csv\" }"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].key == "producers.p.rate");
  CHECK(found[0].message ==
        "a producer with recorded traffic takes its rate from the traffic file: remove rate");

  found = problems_here(scenario_with("traffic = { file = \"missing.csv\" }"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].key == "producers.p.traffic.file");
  CHECK(contains(found[0].message, "cannot open the traffic file: no such file"));

  found = problems_here(scenario_with("traffic = { file = \"negative.csv\" }"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].where == (traffic_dir / "negative.csv").string());
  CHECK(found[0].line == 3);
  CHECK(found[0].column == 22);

  found = problems_here(scenario_with("arrival = \"exact\"\nrate = \"1/s\""));
  REQUIRE(found.size() == 1);
  CHECK(found[0].message == "\"exact\" replays recorded traffic's counts: it needs traffic");

  found = problems_here(scenario_with("traffic = { file = \"two-series.csv\", column = \"c\" }"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].line == 1);

  found =
      problems_here(scenario_with("traffic = { file = \"epoch-seconds.csv\", values = \"x\" }"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].key == "producers.p.traffic.values");
}

TEST_CASE("a recording shorter than the run is warned about") {
  std::vector<Diagnostic> warnings;
  load_study_text(scenario_with("traffic = { file = \"orders-per-minute.csv\" }", "10m"),
                  (traffic_dir / "scenario.toml").string(), {}, &warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].key == "producers.p.traffic.file");
  CHECK(warnings[0].message ==
        "the recording ends after 5m, before the run's end (10m): no events come after it");
}
