#include "sim/metrics/time_series.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <vector>

using edasim::Time;
using edasim::metrics::format_sample;
using edasim::metrics::format_seconds;
using edasim::metrics::TimeSeries;

TEST_CASE("the CSV has a time_s header, one line per row and integers without decimals") {
  TimeSeries ts(edasim::minutes(1));
  CHECK(ts.add_column("orders.visible") == 0);
  CHECK(ts.add_column("orders.in_flight") == 1);
  CHECK(ts.add_column("orders.oldest_age_s") == 2);
  const std::vector<double> first = {0, 0, 0};
  const std::vector<double> second = {1500, 12, 2.5};
  ts.append_row(Time{0}, first);
  ts.append_row(Time{60'000'000'000}, second);
  std::ostringstream csv;
  ts.write_csv(csv);
  CHECK(csv.str() ==
        "time_s,orders.visible,orders.in_flight,orders.oldest_age_s\n"
        "0,0,0,0\n"
        "60,1500,12,2.5\n");
}

TEST_CASE("non-integral samples print with six significant digits") {
  CHECK(format_sample(1.0 / 3.0) == "0.333333");
  CHECK(format_sample(2.0 / 3.0) == "0.666667");
  CHECK(format_sample(1234567.25) == "1.23457e+06");
  CHECK(format_sample(0.000012345678) == "1.23457e-05");
  CHECK(format_sample(-7.5) == "-7.5");
}

TEST_CASE("integral samples print as integers, without exponent or decimals") {
  CHECK(format_sample(0.0) == "0");
  CHECK(format_sample(-0.0) == "0");
  CHECK(format_sample(42.0) == "42");
  CHECK(format_sample(-3.0) == "-3");
  CHECK(format_sample(123456789012.0) == "123456789012");
}

TEST_CASE("a missing sample is an empty field and infinities are spelled out") {
  CHECK(format_sample(std::numeric_limits<double>::quiet_NaN()).empty());
  CHECK(format_sample(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(format_sample(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("sample times print as exact seconds without trailing zeros") {
  CHECK(format_seconds(Time{0}) == "0");
  CHECK(format_seconds(Time{3'600'000'000'000}) == "3600");
  CHECK(format_seconds(Time{1'500'000'000}) == "1.5");
  CHECK(format_seconds(Time{1}) == "0.000000001");
  CHECK(format_seconds(Time{90'000'000'123}) == "90.000000123");
  CHECK(format_seconds(Time{-250'000'000}) == "-0.25");
}

TEST_CASE("column names holding commas or quotes are quoted in the header") {
  TimeSeries ts;
  ts.add_column("a,b");
  ts.add_column("say \"hi\"");
  std::ostringstream csv;
  ts.write_csv(csv);
  CHECK(csv.str() == "time_s,\"a,b\",\"say \"\"hi\"\"\"\n");
}

TEST_CASE("rows and columns read back what was appended") {
  TimeSeries ts(edasim::seconds(10));
  CHECK(ts.period() == edasim::seconds(10));
  ts.add_column("x");
  ts.add_column("y");
  const std::vector<double> r0 = {1, 2};
  const std::vector<double> r1 = {3, 4};
  ts.append_row(Time{10}, r0);
  ts.append_row(Time{20}, r1);
  CHECK(ts.row_count() == 2);
  CHECK(ts.column_count() == 2);
  CHECK(ts.times()[1] == Time{20});
  CHECK(ts.at(1, 0) == 3);
  CHECK(ts.row(0)[1] == 2);
  CHECK(ts.column(1) == std::vector<double>{2, 4});
  CHECK_THROWS_AS(ts.row(2), std::out_of_range);
  CHECK_THROWS_AS(ts.column(2), std::out_of_range);
}

TEST_CASE("malformed rows and late or duplicate columns are rejected") {
  TimeSeries ts;
  ts.add_column("x");
  CHECK_THROWS_AS(ts.add_column("x"), std::invalid_argument);
  CHECK_THROWS_AS(ts.add_column(""), std::invalid_argument);
  const std::vector<double> one = {1};
  const std::vector<double> two = {1, 2};
  CHECK_THROWS_AS(ts.append_row(Time{0}, two), std::invalid_argument);
  ts.append_row(Time{5}, one);
  CHECK_THROWS_AS(ts.append_row(Time{5}, one), std::invalid_argument);
  CHECK_THROWS_AS(ts.append_row(Time{4}, one), std::invalid_argument);
  CHECK_THROWS_AS(ts.add_column("y"), std::logic_error);
  CHECK(ts.row_count() == 1);
}

TEST_CASE("a time series needs a positive period") {
  CHECK_THROWS_AS(TimeSeries(edasim::Duration::zero()), std::invalid_argument);
  CHECK_THROWS_AS(TimeSeries(edasim::seconds(-1)), std::invalid_argument);
}
