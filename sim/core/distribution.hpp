// Distributions of values and durations, sampled from a RandomStream.
//
// A Distribution is a small value type: copy it, store it, sample it. Every
// variate is computed by our own code (inversion, Box-Muller or
// Marsaglia-Tsang), never by std:: distributions, whose output differs between
// standard libraries.
//
// Durations are distributions over seconds, sampled through
// DurationDistribution, which truncates at zero: a normal service time is the
// normal conditioned on being non-negative (rejection), never a negative time.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/core/time.hpp"

namespace edasim::core {

class Distribution {
 public:
  enum class Kind {
    constant,
    uniform,
    exponential,
    normal,
    lognormal,
    gamma,
    weibull,
    pareto,
    empirical_points,
    empirical_cdf
  };

  // Constructors validate their parameters and throw std::invalid_argument
  // with a sentence naming the parameter and what it must be.
  static Distribution constant(double value);
  static Distribution uniform(double low, double high);
  static Distribution exponential(double mean);
  static Distribution normal(double mean, double stddev);
  static Distribution lognormal_median(double median, double sigma);
  // The lognormal whose mean and 99th percentile are those given
  // (requires p99 > mean > 0 and a solution to exist).
  static Distribution lognormal_mean_p99(double mean, double p99);
  static Distribution gamma(double shape, double scale);
  static Distribution weibull(double shape, double scale);
  // Pareto type I: minimum `scale`, tail index `alpha` (heavy tail when
  // alpha <= 2; infinite mean when alpha <= 1).
  static Distribution pareto(double scale, double alpha);
  // Resamples the given observations uniformly.
  static Distribution empirical_points(std::vector<double> points);
  // Piecewise-linear CDF through (value, cumulative probability) points,
  // values and probabilities non-decreasing, last probability 1.
  static Distribution empirical_cdf(std::vector<std::pair<double, double>> table);

  double sample(RandomStream& rng) const;
  Kind kind() const { return kind_; }
  // The exact mean and variance where they exist (infinity where they do not).
  double mean() const;
  double variance() const;
  // The smallest value a sample can take (-infinity for the normal).
  double lowest() const;
  // Short text such as "exponential(mean=0.25)".
  std::string describe() const;

 private:
  Kind kind_ = Kind::constant;
  double a_ = 0, b_ = 0, c_ = 0;
  std::vector<double> points_;
  std::vector<std::pair<double, double>> table_;
};

// A distribution of durations, in seconds, truncated at zero.
//
// Only the normal is truncated: the constructor throws std::invalid_argument
// for a normal with a negative mean (most draws would be rejected) and for
// any other distribution that can take a negative value. Samples beyond a
// century are clamped to a century, so that a heavy tail cannot overflow the
// clock.
class DurationDistribution {
 public:
  DurationDistribution() = default;
  explicit DurationDistribution(Distribution seconds);
  Duration sample(RandomStream& rng) const;
  // The mean of the truncated distribution (clamped like a sample).
  Duration mean() const;
  // The mean and variance of the truncated distribution, in seconds and
  // seconds squared (infinity where they do not exist): a normal's are its
  // moments conditioned on being non-negative, not the untruncated ones.
  double mean_seconds() const;
  double variance_seconds() const;
  const Distribution& seconds() const { return d_; }

 private:
  Distribution d_ = Distribution::constant(0);
};

// A categorical choice among n outcomes with the given non-negative weights
// (not all zero), by Walker's alias method: O(1) per sample.
class Choice {
 public:
  Choice() = default;
  explicit Choice(std::span<const double> weights);
  std::size_t sample(RandomStream& rng) const;
  std::size_t size() const { return prob_.size(); }

 private:
  std::vector<double> prob_;
  std::vector<std::uint32_t> alias_;
};

}  // namespace edasim::core
