#include "sim/report/format.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

using namespace edasim;
using namespace edasim::report;

TEST_CASE("counts are grouped in thousands", "[format]") {
  CHECK(format_count(0) == "0");
  CHECK(format_count(999) == "999");
  CHECK(format_count(1000) == "1,000");
  CHECK(format_count(1234567) == "1,234,567");
  CHECK(format_count(std::numeric_limits<std::uint64_t>::max()) == "18,446,744,073,709,551,615");
}

TEST_CASE("nanoseconds print as milliseconds rounded half up to the microsecond", "[format]") {
  CHECK(format_ms(std::int64_t{0}) == "0.000");
  CHECK(format_ms(std::int64_t{1'499}) == "0.001");
  CHECK(format_ms(std::int64_t{1'500}) == "0.002");
  CHECK(format_ms(std::int64_t{1'234'567'891}) == "1,234.568");
  CHECK(format_ms(29'900'000.0) == "29.900");
  CHECK(format_ms(std::nan("")) == "n/a");
}

TEST_CASE("spans read in the largest sensible units", "[format]") {
  CHECK(format_span(milliseconds(850)) == "850ms");
  CHECK(format_span(milliseconds(12'340)) == "12.3s");
  CHECK(format_span(milliseconds(252'500)) == "4m 13s");
  CHECK(format_span(hours(1)) == "1h 00m");
  CHECK(format_span(hours(76)) == "3d 04h");
  CHECK(format_span(milliseconds(999'700)) == "16m 40s");
  CHECK(format_span(microseconds(999'900)) == "1.0s");
}

TEST_CASE("fixed decimals never print a negative zero", "[format]") {
  CHECK(format_fixed(1234.56, 1) == "1,234.6");
  CHECK(format_fixed(-0.0001, 2) == "0.00");
  CHECK(format_fixed(-1234.5, 0) == "-1,234");
  CHECK(format_fixed(std::numeric_limits<double>::infinity(), 2) == "n/a");
}

TEST_CASE("dollars under a cent are not shown as zero", "[format]") {
  CHECK(format_dollars(0) == "$0.00");
  CHECK(format_dollars(0.004) == "<$0.01");
  CHECK(format_dollars(1234.567) == "$1,234.57");
  CHECK(format_percent(0.456789) == "45.7%");
}

TEST_CASE("a rate per 1,000 events needs at least one event", "[format]") {
  CHECK_FALSE(per_thousand(10, 0).has_value());
  CHECK(*per_thousand(2100, 1000) == Approx(2100.0));
  CHECK(round_to(1.23456, 3) == 1.235);
  CHECK(round_to(-0.0001, 3) == 0.0);
}

TEST_CASE("latencies read in the unit a person would say, with four significant digits",
          "[format]") {
  CHECK(format_latency(std::int64_t{412'345}) == "0.412ms");
  CHECK(format_latency(std::int64_t{4'731'175}) == "4.731ms");
  CHECK(format_latency(std::int64_t{29'900'000}) == "29.90ms");
  CHECK(format_latency(std::int64_t{291'504'000}) == "291.5ms");
  CHECK(format_latency(std::int64_t{4'731'175'000}) == "4.731s");
  CHECK(format_latency(std::int64_t{16'441'672'000}) == "16.44s");
  // flash-sale's worst: 2,087,354.106 ms in the old tables.
  CHECK(format_latency(std::int64_t{2'087'354'106'000}) == "34m 47s");
  CHECK(format_latency(std::int64_t{7'380'000'000'000}) == "2h 03m");
  CHECK(format_latency(std::nan("")) == "n/a");
  CHECK(format_latency(2.5e6) == "2.500ms");
}

TEST_CASE("a latency rounded up to the next unit is spelled in that unit", "[format]") {
  CHECK(format_latency(std::int64_t{9'999'600}) == "10.00ms");
  CHECK(format_latency(std::int64_t{999'960'000}) == "1.000s");
  CHECK(format_latency(std::int64_t{59'996'000'000}) == "1m 00s");
}
