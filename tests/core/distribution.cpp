#include "sim/core/distribution.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace edasim;
using namespace edasim::core;
using Catch::Matchers::Contains;

namespace {

struct Moments {
  double mean = 0;
  double var = 0;
  double m4 = 0;  // fourth central moment
};

Moments moments(const std::vector<double>& xs) {
  Moments m;
  const double n = static_cast<double>(xs.size());
  for (const double x : xs) m.mean += x;
  m.mean /= n;
  for (const double x : xs) {
    const double d2 = (x - m.mean) * (x - m.mean);
    m.var += d2;
    m.m4 += d2 * d2;
  }
  m.var /= n;
  m.m4 /= n;
  return m;
}

std::vector<double> draw(const Distribution& d, std::uint64_t seed, int n) {
  RandomStream rng(seed, d.describe());
  std::vector<double> xs(static_cast<std::size_t>(n));
  for (auto& x : xs) x = d.sample(rng);
  return xs;
}

// Sample mean and variance agree with mean() and variance() within 5
// standard errors: sqrt(var/n) for the mean and sqrt((m4 - var^2)/n) for the
// variance, the latter from the sample's own fourth moment.
void check_moments(const Distribution& d, int n = 200000) {
  INFO(d.describe());
  const Moments m = moments(draw(d, 2024, n));
  const double se_mean = std::sqrt(d.variance() / n);
  const double se_var = std::sqrt((m.m4 - m.var * m.var) / n);
  CHECK(std::abs(m.mean - d.mean()) < 5 * se_mean);
  CHECK(std::abs(m.var - d.variance()) < 5 * se_var);
}

// The fraction of samples at or below x is p within 5 binomial standard errors.
void check_cdf(const std::vector<double>& xs, double x, double p) {
  const double n = static_cast<double>(xs.size());
  const double below =
      static_cast<double>(std::count_if(xs.begin(), xs.end(), [x](double v) { return v <= x; }));
  INFO("x=" << x << " p=" << p << " observed=" << below / n);
  CHECK(std::abs(below / n - p) < 5 * std::sqrt(p * (1 - p) / n));
}

}  // namespace

TEST_CASE("a constant always gives its value") {
  const auto d = Distribution::constant(2.5);
  RandomStream rng(1);
  for (int i = 0; i < 10; ++i) CHECK(d.sample(rng) == 2.5);
  CHECK(d.mean() == 2.5);
  CHECK(d.variance() == 0);
}

TEST_CASE("sample means and variances agree with mean() and variance()") {
  check_moments(Distribution::uniform(2, 5));
  check_moments(Distribution::exponential(0.25));
  check_moments(Distribution::normal(10, 2));
  check_moments(Distribution::lognormal_median(1.0, 0.5));
  check_moments(Distribution::gamma(2.5, 2.0));
  check_moments(Distribution::gamma(0.3, 1.0));
  check_moments(Distribution::gamma(1.0, 3.0));
  check_moments(Distribution::weibull(0.7, 1.0));
  check_moments(Distribution::weibull(2.0, 3.0));
  check_moments(Distribution::pareto(1.0, 6.0));
  check_moments(Distribution::empirical_points({1, 2, 2, 3, 10}));
  check_moments(Distribution::empirical_cdf({{0, 0}, {1, 0.5}, {3, 0.9}, {10, 1}}));
  check_moments(Distribution::empirical_cdf({{5, 0.2}, {6, 1}}));
}

TEST_CASE("the lognormal given by mean and p99 has that mean and that p99") {
  const double mean = 0.2;
  const double p99 = 1.0;
  const auto d = Distribution::lognormal_mean_p99(mean, p99);
  CHECK(d.mean() == Approx(mean).epsilon(1e-12));
  const auto xs = draw(d, 77, 200000);
  check_cdf(xs, p99, 0.99);
  const Moments m = moments(xs);
  CHECK(std::abs(m.mean - mean) < 5 * std::sqrt(d.variance() / 200000));
}

TEST_CASE("the lognormal by median has half its mass below the median") {
  const auto d = Distribution::lognormal_median(0.05, 1.2);
  check_cdf(draw(d, 5, 100000), 0.05, 0.5);
}

TEST_CASE("an empirical CDF is reproduced at and between its points") {
  const auto d = Distribution::empirical_cdf({{0, 0}, {1, 0.5}, {3, 0.9}, {10, 1}});
  const auto xs = draw(d, 9, 200000);
  check_cdf(xs, 1, 0.5);
  check_cdf(xs, 3, 0.9);
  check_cdf(xs, 2, 0.7);     // halfway along the second segment
  check_cdf(xs, 6.5, 0.95);  // halfway along the third
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 0);
  CHECK(*std::max_element(xs.begin(), xs.end()) <= 10);
}

TEST_CASE("an empirical CDF starting above zero puts that mass on its first value") {
  const auto d = Distribution::empirical_cdf({{5, 0.2}, {6, 1}});
  const auto xs = draw(d, 10, 100000);
  const double n = static_cast<double>(xs.size());
  const double at5 = static_cast<double>(std::count(xs.begin(), xs.end(), 5.0)) / n;
  CHECK(std::abs(at5 - 0.2) < 5 * std::sqrt(0.2 * 0.8 / n));
}

TEST_CASE("empirical points are resampled uniformly") {
  const auto d = Distribution::empirical_points({4, 8, 15});
  const auto xs = draw(d, 12, 90000);
  for (const double v : {4.0, 8.0, 15.0}) {
    const double f = static_cast<double>(std::count(xs.begin(), xs.end(), v)) / 90000.0;
    CHECK(std::abs(f - 1.0 / 3) < 5 * std::sqrt((1.0 / 3) * (2.0 / 3) / 90000));
  }
}

TEST_CASE("the Pareto tail falls as (scale/x)^alpha") {
  const auto d = Distribution::pareto(2.0, 1.5);
  const auto xs = draw(d, 13, 200000);
  check_cdf(xs, 4.0, 1 - std::pow(0.5, 1.5));
  check_cdf(xs, 20.0, 1 - std::pow(0.1, 1.5));
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 2.0);
}

TEST_CASE("mean and variance are infinite where they do not exist") {
  CHECK(std::isinf(Distribution::pareto(1, 1.0).mean()));
  CHECK(std::isfinite(Distribution::pareto(1, 1.5).mean()));
  CHECK(std::isinf(Distribution::pareto(1, 1.5).variance()));
}

TEST_CASE("invalid parameters throw invalid_argument naming the parameter") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(Distribution::constant(nan), Contains("value"));
  CHECK_THROWS_WITH(Distribution::uniform(3, 1), Contains("high") && Contains("low"));
  CHECK_THROWS_WITH(Distribution::exponential(0), Contains("mean"));
  CHECK_THROWS_WITH(Distribution::exponential(-1), Contains("greater than 0"));
  CHECK_THROWS_WITH(Distribution::exponential(inf), Contains("finite"));
  CHECK_THROWS_WITH(Distribution::normal(0, -1), Contains("stddev"));
  CHECK_THROWS_WITH(Distribution::lognormal_median(0, 1), Contains("median"));
  CHECK_THROWS_WITH(Distribution::lognormal_median(1, -1), Contains("sigma"));
  CHECK_THROWS_WITH(Distribution::lognormal_mean_p99(1, 0.5), Contains("p99"));
  CHECK_THROWS_WITH(Distribution::lognormal_mean_p99(1, 100), Contains("at most"));
  CHECK_THROWS_WITH(Distribution::gamma(0, 1), Contains("shape"));
  CHECK_THROWS_WITH(Distribution::gamma(1, -2), Contains("scale"));
  CHECK_THROWS_WITH(Distribution::weibull(-1, 1), Contains("shape"));
  CHECK_THROWS_WITH(Distribution::weibull(1, 0), Contains("scale"));
  CHECK_THROWS_WITH(Distribution::pareto(0, 1), Contains("scale"));
  CHECK_THROWS_WITH(Distribution::pareto(1, 0), Contains("alpha"));
  CHECK_THROWS_WITH(Distribution::empirical_points({}), Contains("at least one"));
  CHECK_THROWS_WITH(Distribution::empirical_points({1, nan}), Contains("finite"));
  CHECK_THROWS_WITH(Distribution::empirical_cdf({}), Contains("at least one"));
  CHECK_THROWS_WITH(Distribution::empirical_cdf({{2, 0.5}, {1, 1}}),
                    Contains("values must not decrease"));
  CHECK_THROWS_WITH(Distribution::empirical_cdf({{1, 0.5}, {2, 0.4}, {3, 1}}),
                    Contains("probabilities must not decrease"));
  CHECK_THROWS_WITH(Distribution::empirical_cdf({{1, 0.5}, {2, 0.9}}),
                    Contains("last probability"));
  CHECK_THROWS_WITH(Distribution::empirical_cdf({{1, -0.1}, {2, 1}}), Contains("[0, 1]"));
  CHECK_THROWS_AS(Distribution::exponential(0), std::invalid_argument);
}

TEST_CASE("describe names the distribution and its parameters") {
  CHECK(Distribution::exponential(0.25).describe() == "exponential(mean=0.25)");
  CHECK(Distribution::uniform(1, 2).describe() == "uniform(low=1, high=2)");
  CHECK(Distribution::lognormal_median(0.5, 1).describe() == "lognormal(median=0.5, sigma=1)");
}

TEST_CASE("the same stream gives the same samples") {
  const auto d = Distribution::gamma(0.5, 2);
  RandomStream a(3, "x");
  RandomStream b(3, "x");
  for (int i = 0; i < 1000; ++i) REQUIRE(d.sample(a) == d.sample(b));
}

TEST_CASE("a normal duration is truncated at zero and has the truncated mean") {
  const DurationDistribution d(Distribution::normal(0.01, 0.02));
  RandomStream rng(21, "duration");
  const int n = 200000;
  std::vector<double> xs(n);
  for (auto& x : xs) {
    const Duration s = d.sample(rng);
    REQUIRE(s >= Duration::zero());
    x = s.seconds();
  }
  const Moments m = moments(xs);
  CHECK(std::abs(m.mean - d.mean().seconds()) < 5 * std::sqrt(m.var / n));
  // Truncation moves the mean well above the untruncated 0.01 s.
  CHECK(d.mean().seconds() > 0.015);
}

TEST_CASE("durations that could be negative are refused") {
  CHECK_THROWS_WITH(DurationDistribution(Distribution::normal(-1, 1)), Contains("negative"));
  CHECK_THROWS_AS(DurationDistribution(Distribution::uniform(-1, 1)), std::invalid_argument);
  CHECK_THROWS_AS(DurationDistribution(Distribution::constant(-2)), std::invalid_argument);
  CHECK_THROWS_AS(DurationDistribution(Distribution::empirical_points({1, -1})),
                  std::invalid_argument);
  CHECK_NOTHROW(DurationDistribution(Distribution::uniform(0, 1)));
}

TEST_CASE("a duration from a very heavy tail is clamped to a century, never overflowing") {
  const DurationDistribution d(Distribution::pareto(1, 0.05));
  RandomStream rng(8);
  const Duration century = from_seconds(100.0 * 365.25 * 86400.0);
  bool clamped = false;
  for (int i = 0; i < 1000; ++i) {
    const Duration s = d.sample(rng);
    REQUIRE(s >= seconds(1));
    REQUIRE(s <= century);
    clamped = clamped || s == century;
  }
  CHECK(clamped);
  CHECK(d.mean() == century);
}

TEST_CASE("a duration converts seconds to nanoseconds") {
  const DurationDistribution d(Distribution::constant(0.25));
  RandomStream rng(1);
  CHECK(d.sample(rng) == milliseconds(250));
  CHECK(d.mean() == milliseconds(250));
  CHECK(DurationDistribution().sample(rng) == Duration::zero());
}

TEST_CASE("choice picks each outcome with frequency proportional to its weight") {
  const std::vector<double> w{1, 0, 3, 6};
  const Choice c(w);
  CHECK(c.size() == 4U);
  RandomStream rng(31, "choice");
  const int n = 200000;
  std::vector<int> count(4);
  for (int i = 0; i < n; ++i) ++count[c.sample(rng)];
  CHECK(count[1] == 0);
  for (std::size_t i = 0; i < w.size(); ++i) {
    const double p = w[i] / 10;
    CHECK(std::abs(count[i] - n * p) < 5 * std::sqrt(n * p * (1 - p)) + 1e-9);
  }
}

TEST_CASE("choice with one outcome always picks it") {
  const std::vector<double> w{2.5};
  const Choice c(w);
  RandomStream rng(1);
  for (int i = 0; i < 100; ++i) REQUIRE(c.sample(rng) == 0U);
}

TEST_CASE("choice refuses empty, negative, non-finite and all-zero weights") {
  const std::vector<double> none;
  const std::vector<double> negative{1, -1};
  const std::vector<double> zeros{0, 0};
  const std::vector<double> nan{1, std::numeric_limits<double>::quiet_NaN()};
  CHECK_THROWS_WITH(Choice(none), Contains("at least one"));
  CHECK_THROWS_WITH(Choice(negative), Contains("0 or more"));
  CHECK_THROWS_WITH(Choice(zeros), Contains("all be 0"));
  CHECK_THROWS_AS(Choice(nan), std::invalid_argument);
}
