#include "sim/core/units.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>

#include "sim/core/random.hpp"

using namespace edasim;
using namespace edasim::core;
using Catch::Matchers::Contains;

TEST_CASE("durations parse with every unit") {
  CHECK(parse_duration("250ms") == milliseconds(250));
  CHECK(parse_duration("2m") == minutes(2));
  CHECK(parse_duration("30min") == minutes(30));
  CHECK(parse_duration("1.5h") == minutes(90));
  CHECK(parse_duration("1d") == hours(24));
  CHECK(parse_duration("10us") == microseconds(10));
  CHECK(parse_duration("10\u00b5s") == microseconds(10));
  CHECK(parse_duration("500ns") == nanoseconds(500));
  CHECK(parse_duration("0s") == Duration::zero());
  CHECK(parse_duration("0.1s") == milliseconds(100));
  CHECK(parse_duration(".5s") == milliseconds(500));
  CHECK(parse_duration("9223372036854775807ns") == Duration::max());
}

TEST_CASE("a bare number is not a duration, size or rate") {
  CHECK_THROWS_AS(parse_duration("30"), UnitError);
  CHECK_THROWS_WITH(parse_duration("30"), Contains("unit is required") && Contains("250ms"));
  CHECK_THROWS_WITH(parse_size("2048"), Contains("unit is required"));
  CHECK_THROWS_WITH(parse_rate("1200"), Contains("unit is required"));
}

TEST_CASE("malformed durations are refused with a sentence") {
  CHECK_THROWS_WITH(parse_duration(""), Contains("empty"));
  CHECK_THROWS_WITH(parse_duration("   "), Contains("empty"));
  CHECK_THROWS_WITH(parse_duration("-5s"), Contains("negative"));
  CHECK_THROWS_WITH(parse_duration("nan s"), Contains("does not start with a number"));
  CHECK_THROWS_WITH(parse_duration("infs"), Contains("does not start with a number"));
  CHECK_THROWS_WITH(parse_duration("5msx"), Contains("unknown unit"));
  CHECK_THROWS_WITH(parse_duration("5 ms later"), Contains("no space"));
  CHECK_THROWS_WITH(parse_duration("5mslater"), Contains("unknown unit"));
  CHECK_THROWS_WITH(parse_duration("1e3ms"), Contains("unknown unit"));
  CHECK_THROWS_WITH(parse_duration("1..5s"), Contains("unknown unit"));
  CHECK_THROWS_WITH(parse_duration("5 parsecs"), Contains("ns, us"));
  CHECK_THROWS_WITH(parse_duration("9223372036854775808ns"), Contains("too long"));
  CHECK_THROWS_WITH(parse_duration("200000d"), Contains("too long"));
  CHECK_THROWS_WITH(parse_duration("99999999999999999999999s"), Contains("too long"));
}

TEST_CASE("a duration, size or rate is digits then its unit, nothing around or between") {
  CHECK_THROWS_WITH(parse_duration("20 s"), Contains("no space"));
  CHECK_THROWS_WITH(parse_duration(" 250ms"), Contains("does not start with a digit"));
  CHECK_THROWS_WITH(parse_duration("250ms "), Contains("end with the unit"));
  CHECK_THROWS_WITH(parse_duration("+20s"), Contains("does not start with a digit"));
  CHECK_THROWS_WITH(parse_size("1 KB"), Contains("no space"));
  CHECK_THROWS_WITH(parse_rate("+10/s"), Contains("does not start with a digit"));
  CHECK_THROWS_WITH(parse_rate("10 /s"), Contains("no space"));
}

TEST_CASE("a duration finer than a nanosecond is refused, not rounded to zero") {
  CHECK_THROWS_WITH(parse_duration("0.0001ns"), Contains("resolution of 1ns"));
  CHECK_THROWS_WITH(parse_duration("1.5ns"), Contains("resolution of 1ns"));
  CHECK_THROWS_WITH(parse_duration("0.0000000001s"), Contains("resolution of 1ns"));
  CHECK(parse_duration("0.000000001s") == nanoseconds(1));
  CHECK(parse_duration("1.5us") == nanoseconds(1500));
  CHECK(parse_duration("2.000ns") == nanoseconds(2));
}

TEST_CASE("converting seconds to a duration saturates instead of overflowing") {
  CHECK(from_seconds(1e300) == Duration::max());
  CHECK(from_seconds(9.3e9) == Duration::max());
  CHECK(from_seconds(std::numeric_limits<double>::infinity()) == Duration::max());
  CHECK(from_seconds(-1e300).ns == std::numeric_limits<std::int64_t>::min());
  CHECK(from_seconds(std::numeric_limits<double>::quiet_NaN()) == Duration::zero());
  CHECK(from_seconds(1.5) == milliseconds(1500));
}

TEST_CASE("a unit error is an invalid_argument") {
  CHECK_THROWS_AS(parse_duration("x"), std::invalid_argument);
}

TEST_CASE("sizes parse in decimal and binary units") {
  CHECK(parse_size("2KB") == Bytes{2000});
  CHECK(parse_size("1MiB") == Bytes{1 << 20});
  CHECK(parse_size("1.5KiB") == Bytes{1536});
  CHECK(parse_size("3GB") == Bytes{3'000'000'000});
  CHECK(parse_size("2GiB") == Bytes{std::int64_t{2} << 30});
  CHECK(parse_size("0B") == Bytes{0});
  CHECK(parse_size("256B") == Bytes{256});
}

TEST_CASE("malformed sizes are refused") {
  CHECK_THROWS_WITH(parse_size("1.5B"), Contains("whole number of bytes"));
  CHECK_THROWS_WITH(parse_size("-1KB"), Contains("negative"));
  CHECK_THROWS_WITH(parse_size("2kb"), Contains("unknown unit"));
  CHECK_THROWS_WITH(parse_size("99999999999GiB"), Contains("too large"));
  CHECK_THROWS_WITH(parse_size(""), Contains("empty"));
}

TEST_CASE("rates parse per second, minute and hour") {
  CHECK(parse_rate("1200/s") == Rate{1200});
  CHECK(parse_rate("5/sec") == Rate{5});
  CHECK(parse_rate("30/min") == Rate{0.5});
  CHECK(parse_rate("3600/h") == Rate{1});
  CHECK(parse_rate("0.25/s") == Rate{0.25});
  CHECK(parse_rate("0/s") == Rate{0});
}

TEST_CASE("malformed rates are refused") {
  CHECK_THROWS_WITH(parse_rate("-5/s"), Contains("negative"));
  CHECK_THROWS_WITH(parse_rate("5/day"), Contains("/s, /sec, /min or /h"));
  CHECK_THROWS_WITH(parse_rate("5 per second"), Contains("no space"));
  CHECK_THROWS_WITH(parse_rate("5/fortnight"), Contains("unknown unit"));
  CHECK_THROWS_WITH(parse_rate("nan/s"), Contains("does not start with a number"));
  CHECK_THROWS_WITH(parse_rate(""), Contains("empty"));
}

TEST_CASE("durations format in their largest exact unit") {
  CHECK(format_duration(milliseconds(250)) == "250ms");
  CHECK(format_duration(minutes(2)) == "2m");
  CHECK(format_duration(minutes(90)) == "1.5h");
  CHECK(format_duration(seconds(90)) == "1.5m");
  CHECK(format_duration(Duration::zero()) == "0s");
  CHECK(format_duration(nanoseconds(1'234'567)) == "1234.567us");
  CHECK(format_duration(nanoseconds(7)) == "7ns");
  CHECK(format_duration(Duration{-1'500'000}) == "-1.5ms");
}

TEST_CASE("sizes and rates format canonically") {
  CHECK(format_size(Bytes{262144}) == "256KiB");
  CHECK(format_size(Bytes{2000}) == "2KB");
  CHECK(format_size(Bytes{1536}) == "1.5KiB");
  CHECK(format_size(Bytes{1 << 20}) == "1MiB");
  CHECK(format_size(Bytes{7}) == "7B");
  CHECK(format_size(Bytes{0}) == "0B");
  CHECK(format_rate(Rate{1200}) == "1200/s");
  CHECK(format_rate(Rate{0.5}) == "30/min");
  CHECK(format_rate(Rate{2.5}) == "150/min");
}

TEST_CASE("formatted quantities parse back to the same value") {
  RandomStream rng(4, "units");
  for (int i = 0; i < 20000; ++i) {
    // Values of every magnitude, and round ones that format with a fraction.
    const auto magnitude = rng.below(62);
    const auto ns = static_cast<std::int64_t>(rng.next() >> (63 - magnitude) >> 1);
    const Duration d{i % 2 == 0 ? ns : static_cast<std::int64_t>(rng.below(10000)) * 100'000'000};
    INFO(d.ns << " -> " << format_duration(d));
    REQUIRE(parse_duration(format_duration(d)) == d);
    const Bytes b{ns >> 2};
    INFO(b.n << " -> " << format_size(b));
    REQUIRE(parse_size(format_size(b)) == b);
  }
  for (const double r : {0.5, 1.0, 1200.0, 1.0 / 3, 0.1, 123.456, 1e-3}) {
    INFO(r << " -> " << format_rate(Rate{r}));
    CHECK(parse_rate(format_rate(Rate{r})).per_second == Approx(r).epsilon(1e-15));
  }
}
