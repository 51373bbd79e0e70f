#include "sim/metrics/estimate.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

using Catch::Detail::Approx;
using edasim::metrics::batch_means;
using edasim::metrics::estimate;

TEST_CASE("five replications give the textbook 95% interval") {
  // Mean 3, s^2 = 10/4, half width = t(0.975, 4) * s / sqrt 5 = 2.7764451 * 0.7071068.
  const std::vector<double> xs = {1, 2, 3, 4, 5};
  const auto e = estimate(xs);
  CHECK(e.n == 5);
  CHECK(e.mean == 3.0);
  CHECK(e.stddev == Approx(std::sqrt(2.5)).epsilon(1e-14));
  CHECK(e.half_width == Approx(1.96324316).margin(1e-7));
  CHECK(e.lower() == Approx(3.0 - 1.96324316).margin(1e-7));
  CHECK(e.contains(4.96));
  CHECK_FALSE(e.contains(4.97));
  CHECK_FALSE(e.contains(1.03));
}

TEST_CASE("a higher confidence widens the interval") {
  const std::vector<double> xs = {10.5, 9.8, 10.1, 10.9, 9.4, 10.0};
  const auto e90 = estimate(xs, 0.90);
  const auto e99 = estimate(xs, 0.99);
  CHECK(e90.mean == e99.mean);
  CHECK(e99.half_width > e90.half_width);
  // The ratio is t(0.995, 5) / t(0.95, 5) = 4.0321430 / 2.0150484.
  CHECK(e99.half_width / e90.half_width == Approx(4.0321430 / 2.0150484).epsilon(1e-6));
}

TEST_CASE("the spread is computed without cancellation when the mean dwarfs it") {
  const std::vector<double> xs = {1e9 + 1, 1e9 + 2, 1e9 + 3};
  const auto e = estimate(xs);
  CHECK(e.mean == 1e9 + 2);
  CHECK(e.stddev == 1.0);
}

TEST_CASE("a single replication has an unbounded interval") {
  const std::vector<double> xs = {42.0};
  const auto e = estimate(xs);
  CHECK(e.mean == 42.0);
  CHECK(e.stddev == 0.0);
  CHECK(std::isinf(e.half_width));
  CHECK(e.contains(-1e300));
}

TEST_CASE("identical replications have a zero-width interval") {
  const std::vector<double> xs = {7, 7, 7, 7};
  const auto e = estimate(xs);
  CHECK(e.half_width == 0.0);
  CHECK(e.contains(7.0));
  CHECK_FALSE(e.contains(7.0000001));
}

TEST_CASE("batch means estimates from the means of consecutive batches") {
  // 1..12 in three batches: means 2.5, 6.5, 10.5; s = 4; half width =
  // t(0.975, 2) * 4 / sqrt 3.
  std::vector<double> xs;
  for (int i = 1; i <= 12; ++i) xs.push_back(i);
  const auto e = batch_means(xs, 3);
  CHECK(e.n == 3);
  CHECK(e.mean == 6.5);
  CHECK(e.stddev == Approx(4.0).epsilon(1e-14));
  CHECK(e.half_width == Approx(9.93655085).margin(1e-7));
}

TEST_CASE("batch means drops the leftover observations from the start of the run") {
  // Two warm-up values that do not fill a batch, then 1..12: the answer is
  // the same as for 1..12 alone.
  std::vector<double> xs = {1000, 1000};
  for (int i = 1; i <= 12; ++i) xs.push_back(i);
  const auto e = batch_means(xs, 3);
  CHECK(e.mean == 6.5);
  CHECK(e.stddev == Approx(4.0).epsilon(1e-14));
}

TEST_CASE("an interval from independent samples covers the true mean about 95% of the time") {
  // 2000 intervals of 10 uniform(0,1) samples each from a fixed linear
  // congruential stream; the coverage of a correct t interval is 0.95 with
  // a binomial standard error of 0.005.
  std::uint64_t state = 12345;
  const auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  int covered = 0;
  for (int rep = 0; rep < 2000; ++rep) {
    std::vector<double> xs(10);
    for (auto& x : xs) x = next();
    covered += estimate(xs).contains(0.5) ? 1 : 0;
  }
  CHECK(covered >= 1870);
  CHECK(covered <= 1930);
}

TEST_CASE("estimates reject empty input, bad confidence and non-finite samples") {
  const std::vector<double> none;
  const std::vector<double> some = {1, 2, 3};
  const std::vector<double> bad = {1, std::numeric_limits<double>::quiet_NaN()};
  CHECK_THROWS_AS(estimate(none), std::invalid_argument);
  CHECK_THROWS_AS(estimate(some, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(estimate(some, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(estimate(bad), std::invalid_argument);
  CHECK_THROWS_AS(batch_means(some, 1), std::invalid_argument);
  CHECK_THROWS_AS(batch_means(some, 4), std::invalid_argument);
}
