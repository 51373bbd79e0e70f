#include "sim/metrics/histogram.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

using edasim::metrics::Histogram;

namespace {

// The nearest-rank quantile straight from the definition: the smallest
// sorted value with at least q * n values at or below it.
std::int64_t exact_quantile(const std::vector<std::int64_t>& sorted, double q) {
  const double n = static_cast<double>(sorted.size());
  std::size_t rank = 1;
  while (static_cast<double>(rank) < q * n) ++rank;
  return sorted[rank - 1];
}

std::vector<double> probe_quantiles() {
  std::vector<double> qs = {0.0,  1e-6, 1e-4, 0.001, 0.01,  0.05,   0.25,    0.5,
                            0.75, 0.9,  0.95, 0.99,  0.999, 0.9999, 0.99999, 1.0};
  for (int k = 1; k < 100; ++k) qs.push_back(k / 100.0);
  return qs;
}

// Records every value, then checks each probed quantile against sorting.
void check_quantiles(std::vector<std::int64_t> values, double tolerance) {
  Histogram h;
  for (std::int64_t v : values) h.record(v);
  std::sort(values.begin(), values.end());
  for (double q : probe_quantiles()) {
    const std::int64_t exact = exact_quantile(values, q);
    const std::int64_t got = h.quantile(q);
    INFO("q=" << q << " exact=" << exact << " histogram=" << got);
    CHECK(std::abs(static_cast<double>(got - exact)) <= tolerance * static_cast<double>(exact));
  }
}

std::vector<std::int64_t> draw(std::size_t n, const std::function<double(std::mt19937_64&)>& f) {
  std::mt19937_64 rng(20240611);
  std::vector<std::int64_t> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(static_cast<std::int64_t>(f(rng)));
  return out;
}

double unit(std::mt19937_64& rng) {
  // (0, 1], from the top 53 bits, so log(unit) is always finite.
  return (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53;
}

constexpr std::size_t kDraws = 100'000;

}  // namespace

TEST_CASE("every quantile of a uniform distribution is within 1% of the sorted value") {
  check_quantiles(draw(kDraws, [](auto& r) { return 1e3 + unit(r) * 99e3; }), 0.01);
}

TEST_CASE("every quantile of an exponential distribution is within 1% of the sorted value") {
  // Mean 20 ms in nanoseconds.
  check_quantiles(draw(kDraws, [](auto& r) { return -std::log(unit(r)) * 20e6; }), 0.01);
}

TEST_CASE("every quantile of a heavy-tailed Pareto distribution is within 1% of the sorted value") {
  // Shape 1.1: the variance is infinite and the top quantiles are huge.
  check_quantiles(draw(kDraws, [](auto& r) { return 1e5 * std::pow(unit(r), -1.0 / 1.1); }), 0.01);
}

TEST_CASE("every quantile of values spanning 1 ns to 1 hour is within 1% of the sorted value") {
  const double span = std::log(3600e9);
  check_quantiles(draw(kDraws, [span](auto& r) { return std::exp(unit(r) * span); }), 0.01);
}

TEST_CASE("every quantile of a two-mode mixture is within 1% of the sorted value") {
  // Most messages are fast, a few wait out a 30 s visibility timeout.
  check_quantiles(draw(kDraws,
                       [](auto& r) {
                         const double fast = 2e6 + unit(r) * 1e6;
                         return unit(r) < 0.97 ? fast : 30e9 + fast;
                       }),
                  0.01);
}

TEST_CASE("small counts are recorded exactly") {
  check_quantiles(draw(kDraws, [](auto& r) { return std::floor(unit(r) * 128.0); }), 0.0);
}

TEST_CASE("a constant distribution reports that constant at every quantile") {
  for (std::int64_t c : {std::int64_t{0}, std::int64_t{1}, std::int64_t{12'345'678},
                         std::numeric_limits<std::int64_t>::max()}) {
    Histogram h;
    h.record(c, 1000);
    for (double q : probe_quantiles()) REQUIRE(h.quantile(q) == c);
  }
}

TEST_CASE("the worst quantile error is 1/128, at the lowest value of a power of two") {
  // 2^30 opens a bucket 2^24 wide whose midpoint is 2^23 = 2^30 / 128 above
  // it; the values on either side keep the min/max clamp out of the way.
  const std::int64_t low = std::int64_t{1} << 30;
  Histogram h;
  h.record(low - 1);
  h.record(low, 100);
  h.record(low * 2);
  CHECK(h.quantile(0.5) == low + low / 128);
}

TEST_CASE("bucket bounds tile the whole non-negative range without gaps") {
  CHECK(Histogram::bucket_lowest(0) == 0);
  for (std::size_t b = 0; b + 1 < Histogram::kBuckets; ++b) {
    const std::int64_t lo = Histogram::bucket_lowest(b);
    const std::int64_t hi = Histogram::bucket_highest(b);
    REQUIRE(Histogram::bucket_of(lo) == b);
    REQUIRE(Histogram::bucket_of(hi) == b);
    REQUIRE(Histogram::bucket_lowest(b + 1) == hi + 1);
    // A bucket is at most 1/64 as wide as its lowest value (exact below 128).
    REQUIRE((hi - lo + 1) * 64 <= std::max<std::int64_t>(lo, 64));
  }
  const std::size_t last = Histogram::kBuckets - 1;
  CHECK(Histogram::bucket_highest(last) == std::numeric_limits<std::int64_t>::max());
  CHECK(Histogram::bucket_of(std::numeric_limits<std::int64_t>::max()) == last);
}

TEST_CASE("mean, min and max are exact") {
  Histogram h;
  h.record(3);
  h.record(1'000'000'007);
  h.record(17, 2);
  CHECK(h.count() == 4);
  CHECK(h.min() == 3);
  CHECK(h.max() == 1'000'000'007);
  // (3 + 1000000007 + 34) / 4 = 250000011, exactly.
  CHECK(h.mean() == 250'000'011.0);
}

TEST_CASE("the mean stays exact when the sum of values exceeds 64 bits") {
  Histogram h;
  const std::int64_t hour = 3'600'000'000'000;
  h.record(hour, 10'000'000);  // sum 3.6e19 > INT64_MAX
  h.record(hour + 2, 10'000'000);
  CHECK(h.mean() == static_cast<double>(hour + 1));
}

TEST_CASE("recording with a count equals recording that many times") {
  Histogram once;
  Histogram repeated;
  once.record(777, 5);
  once.record(90'000, 3);
  for (int i = 0; i < 5; ++i) repeated.record(777);
  for (int i = 0; i < 3; ++i) repeated.record(90'000);
  CHECK(once.count() == repeated.count());
  CHECK(once.mean() == repeated.mean());
  for (double q : probe_quantiles()) CHECK(once.quantile(q) == repeated.quantile(q));
}

TEST_CASE("recording a value zero times changes nothing") {
  Histogram h;
  h.record(500);
  h.record(7, 0);
  h.record(90'000, 0);
  CHECK(h.count() == 1);
  CHECK(h.min() == 500);
  CHECK(h.max() == 500);
  CHECK(h.quantile(0.5) == 500);
}

TEST_CASE("merging two histograms equals recording both streams into one") {
  const auto a = draw(20'000, [](auto& r) { return -std::log(unit(r)) * 1e6; });
  const auto b = draw(5'000, [](auto& r) { return 5e7 + unit(r) * 1e7; });
  Histogram ha;
  Histogram hb;
  Histogram both;
  for (auto v : a) ha.record(v), both.record(v);
  for (auto v : b) hb.record(v), both.record(v);
  ha.merge(hb);
  CHECK(ha.count() == 25'000);
  CHECK(ha.min() == both.min());
  CHECK(ha.max() == both.max());
  CHECK(ha.mean() == both.mean());
  for (double q : probe_quantiles()) CHECK(ha.quantile(q) == both.quantile(q));
}

TEST_CASE("quantile 0 is the exact minimum and quantile 1 the exact maximum") {
  Histogram h;
  h.record(1'000'001);
  h.record(5'000'000'003);
  h.record(7'777'777'777);
  CHECK(h.quantile(0.0) == 1'000'001);
  CHECK(h.quantile(1.0) == 7'777'777'777);
}

TEST_CASE("an empty histogram answers zero and says it is empty") {
  Histogram h;
  CHECK(h.empty());
  CHECK(h.count() == 0);
  CHECK(h.mean() == 0.0);
  CHECK(h.min() == 0);
  CHECK(h.max() == 0);
  CHECK(h.quantile(0.99) == 0);
  h.record(5);
  CHECK_FALSE(h.empty());
  h.clear();
  CHECK(h.empty());
  CHECK(h.quantile(0.5) == 0);
}

TEST_CASE("negative values and quantiles outside [0, 1] are rejected") {
  Histogram h;
  CHECK_THROWS_AS(h.record(-1), std::invalid_argument);
  CHECK(h.empty());
  h.record(1);
  CHECK_THROWS_AS(h.quantile(-0.01), std::invalid_argument);
  CHECK_THROWS_AS(h.quantile(1.01), std::invalid_argument);
  CHECK_THROWS_AS(h.quantile(std::nan("")), std::invalid_argument);
}

TEST_CASE("a histogram holds at most about 29 KiB however many values it records") {
  // 3712 counters of 8 bytes and the object (which holds the vectors of the
  // three counter widths).
  CHECK(edasim::metrics::kHistogramBytes == 29'824);
}

TEST_CASE("an empty histogram holds no buckets and a filled one only the powers of two it spans") {
  Histogram h;
  const std::size_t empty_bytes = h.bytes();
  CHECK(empty_bytes <= 128);
  // Latencies from 1 ms to 2 ms lie in one power of two: 64 buckets.
  for (std::int64_t v = 1'000'000; v < 2'000'000; v += 997) h.record(v);
  // Counters of 2 bytes while every count fits.
  CHECK(h.bytes() - empty_bytes <= 2 * Histogram::kSubBuckets * sizeof(std::uint16_t));
  // Then values a million times smaller and larger: the buckets in between.
  h.record(1);
  h.record(1'000'000'000'000);
  CHECK(h.bytes() > 10 * Histogram::kSubBuckets * sizeof(std::uint16_t));
  CHECK(h.bytes() <= edasim::metrics::kHistogramBytes);
  CHECK(h.quantile(0.0) == 1);
  CHECK(h.quantile(1.0) == 1'000'000'000'000);
}

TEST_CASE("values recorded in any order give the same quantiles as in ascending order") {
  std::vector<std::int64_t> values;
  for (std::int64_t v = 1; v < 100'000'000'000; v = v * 3 + 1) values.push_back(v);
  Histogram ascending;
  for (std::int64_t v : values) ascending.record(v);
  Histogram descending;
  for (auto it = values.rbegin(); it != values.rend(); ++it) descending.record(*it);
  for (double q : {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0}) {
    CHECK(descending.quantile(q) == ascending.quantile(q));
  }
}

TEST_CASE("merging histograms of disjoint ranges keeps every count") {
  Histogram low;
  Histogram high;
  for (int i = 0; i < 100; ++i) low.record(10 + i);
  for (int i = 0; i < 300; ++i) high.record(1'000'000'000 + i);
  Histogram merged;
  merged.merge(high);
  merged.merge(low);
  CHECK(merged.count() == 400);
  CHECK(merged.quantile(0.25) == low.quantile(1.0));
  CHECK(merged.quantile(0.26) >= 1'000'000'000 - 1'000'000'000 / 128);
  CHECK(merged.min() == 10);
}

TEST_CASE("a total that passes 2^16 - 1 widens every counter to 4 bytes and loses no count") {
  Histogram h;
  constexpr std::uint64_t most = 0xFFFF;
  for (std::uint64_t i = 0; i < most; ++i) h.record(1'000 + static_cast<std::int64_t>(i % 7));
  const std::size_t small = h.bytes();
  h.record(1'000);  // 2^16 in all: one counter could now pass 16 bits
  h.record(9'000, 70'000);
  CHECK(h.count() == most + 1 + 70'000);
  CHECK(h.bytes() > small);
  CHECK(h.min() == 1'000);
  CHECK(h.max() == 9'000);
  // 65,536 values near 1,000 and 70,000 at 9,000: the median is in 9,000's
  // bucket (whose midpoint is above the maximum, so the maximum), the 45th
  // percentile near 1,000.
  CHECK(h.quantile(0.5) == 9'000);
  CHECK(h.quantile(0.45) < 1'010);
  // Merging a 2-byte histogram into a 4-byte one and the other way round
  // gives the same counts.
  Histogram few;
  few.record(1'000, 100);
  Histogram a = few;
  a.merge(h);
  Histogram b = h;
  b.merge(few);
  CHECK(a.count() == b.count());
  for (double q : {0.0, 0.1, 0.45, 0.46, 0.5, 0.99, 1.0}) CHECK(a.quantile(q) == b.quantile(q));
  // Cleared, it is back to 2-byte counters over the same buckets: half the
  // counters' bytes.
  const std::size_t four = h.bytes();
  h.clear();
  CHECK(h.bytes() - sizeof(Histogram) == (four - sizeof(Histogram)) / 2);
  CHECK(h.count() == 0);
}

TEST_CASE("a total that passes 2^32 - 1 widens every counter to 8 bytes and loses no count") {
  Histogram h;
  constexpr std::uint64_t most = 0xFFFF'FFFF;
  h.record(1'000, most - 10);
  h.record(5'000, 3);
  const std::size_t narrow = h.bytes();
  h.record(1'000, 12);  // 2^32 + 1 in one bucket
  CHECK(h.count() == most + 5);
  CHECK(h.bytes() > narrow);
  // Every value but the last 3 is 1,000: the median and the 99th percentile
  // are in its bucket, the maximum is 5,000.
  const std::int64_t thousand = Histogram::bucket_midpoint(Histogram::bucket_of(1'000));
  CHECK(h.quantile(0.5) == thousand);
  CHECK(h.quantile(0.99) == thousand);
  CHECK(h.max() == 5'000);
  // Merging narrow into wide and wide into narrow keeps every count.
  Histogram narrow_one;
  narrow_one.record(5'000, 10);
  Histogram sum = narrow_one;
  sum.merge(h);
  CHECK(sum.count() == most + 15);
  h.merge(narrow_one);
  CHECK(h.count() == most + 15);
  CHECK(h.quantile(1.0) == 5'000);
  std::uint64_t twice = 0;
  Histogram a;
  a.record(7, most);
  Histogram b;
  b.record(7, most);
  a.merge(b);
  twice = a.count();
  CHECK(twice == 2 * most);
  CHECK(a.quantile(0.5) == 7);  // below 128 every value has its own bucket
}
