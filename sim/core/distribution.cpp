#include "sim/core/distribution.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>

namespace edasim::core {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// The standard normal's 99th percentile.
constexpr double kZ99 = 2.3263478740408408;

std::string num(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

[[noreturn]] void invalid(const std::string& what) {
  throw std::invalid_argument(what);
}

void require_finite(double x, const char* dist, const char* param) {
  if (!std::isfinite(x))
    invalid(std::string(dist) + ": " + param + " must be a finite number, got " + num(x));
}

void require_positive(double x, const char* dist, const char* param) {
  require_finite(x, dist, param);
  if (!(x > 0))
    invalid(std::string(dist) + ": " + param + " must be greater than 0, got " + num(x));
}

void require_non_negative(double x, const char* dist, const char* param) {
  require_finite(x, dist, param);
  if (x < 0) invalid(std::string(dist) + ": " + param + " must be 0 or more, got " + num(x));
}

// Marsaglia and Tsang's squeeze method for shape >= 1, scale 1.
double gamma_unit(RandomStream& rng, double shape) {
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x;
    double v;
    do {
      x = rng.normal();
      v = 1.0 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = rng.uniform_open();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

}  // namespace

Distribution Distribution::constant(double value) {
  require_finite(value, "constant", "value");
  Distribution d;
  d.kind_ = Kind::constant;
  d.a_ = value;
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  require_finite(low, "uniform", "low");
  require_finite(high, "uniform", "high");
  if (high < low)
    invalid("uniform: high (" + num(high) + ") must not be below low (" + num(low) + ")");
  Distribution d;
  d.kind_ = Kind::uniform;
  d.a_ = low;
  d.b_ = high;
  return d;
}

Distribution Distribution::exponential(double mean) {
  require_positive(mean, "exponential", "mean");
  Distribution d;
  d.kind_ = Kind::exponential;
  d.a_ = mean;
  return d;
}

Distribution Distribution::normal(double mean, double stddev) {
  require_finite(mean, "normal", "mean");
  require_non_negative(stddev, "normal", "stddev");
  Distribution d;
  d.kind_ = Kind::normal;
  d.a_ = mean;
  d.b_ = stddev;
  return d;
}

Distribution Distribution::lognormal_median(double median, double sigma) {
  require_positive(median, "lognormal", "median");
  require_non_negative(sigma, "lognormal", "sigma");
  Distribution d;
  d.kind_ = Kind::lognormal;
  d.a_ = std::log(median);
  d.b_ = sigma;
  return d;
}

Distribution Distribution::lognormal_mean_p99(double mean, double p99) {
  require_positive(mean, "lognormal", "mean");
  require_positive(p99, "lognormal", "p99");
  if (!(p99 > mean)) {
    invalid("lognormal: p99 (" + num(p99) + ") must be greater than the mean (" + num(mean) + ")");
  }
  // mean = exp(mu + s^2/2) and p99 = exp(mu + z s), so with D = ln(p99/mean),
  // s^2/2 - z s + D = 0. Of the two roots, the smaller sigma is the one whose
  // bulk, not its far tail, carries the mean.
  const double gap = std::log(p99 / mean);
  const double disc = kZ99 * kZ99 - 2.0 * gap;
  if (disc < 0) {
    invalid("lognormal: no lognormal has mean " + num(mean) + " and p99 " + num(p99) +
            "; p99 may be at most " + num(std::exp(kZ99 * kZ99 / 2)) + " times the mean");
  }
  const double sigma = kZ99 - std::sqrt(disc);
  Distribution d;
  d.kind_ = Kind::lognormal;
  d.a_ = std::log(mean) - sigma * sigma / 2;
  d.b_ = sigma;
  return d;
}

Distribution Distribution::gamma(double shape, double scale) {
  require_positive(shape, "gamma", "shape");
  require_positive(scale, "gamma", "scale");
  Distribution d;
  d.kind_ = Kind::gamma;
  d.a_ = shape;
  d.b_ = scale;
  return d;
}

Distribution Distribution::weibull(double shape, double scale) {
  require_positive(shape, "weibull", "shape");
  require_positive(scale, "weibull", "scale");
  Distribution d;
  d.kind_ = Kind::weibull;
  d.a_ = shape;
  d.b_ = scale;
  return d;
}

Distribution Distribution::pareto(double scale, double alpha) {
  require_positive(scale, "pareto", "scale");
  require_positive(alpha, "pareto", "alpha");
  Distribution d;
  d.kind_ = Kind::pareto;
  d.a_ = scale;
  d.b_ = alpha;
  return d;
}

Distribution Distribution::empirical_points(std::vector<double> points) {
  if (points.empty()) invalid("empirical: at least one point is needed");
  for (const double p : points) require_finite(p, "empirical", "every point");
  Distribution d;
  d.kind_ = Kind::empirical_points;
  d.points_ = std::move(points);
  const double n = static_cast<double>(d.points_.size());
  const double mean = std::accumulate(d.points_.begin(), d.points_.end(), 0.0) / n;
  double ss = 0;
  for (const double p : d.points_) ss += (p - mean) * (p - mean);
  d.a_ = mean;
  d.b_ = ss / n;
  return d;
}

Distribution Distribution::empirical_cdf(std::vector<std::pair<double, double>> table) {
  if (table.empty()) invalid("empirical CDF: at least one (value, probability) point is needed");
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto [v, p] = table[i];
    require_finite(v, "empirical CDF", "every value");
    require_finite(p, "empirical CDF", "every probability");
    if (p < 0 || p > 1) invalid("empirical CDF: probabilities must lie in [0, 1], got " + num(p));
    if (i > 0 && v < table[i - 1].first) {
      invalid("empirical CDF: values must not decrease, but " + num(v) + " follows " +
              num(table[i - 1].first));
    }
    if (i > 0 && p < table[i - 1].second) {
      invalid("empirical CDF: probabilities must not decrease, but " + num(p) + " follows " +
              num(table[i - 1].second));
    }
  }
  if (table.back().second != 1.0) {
    invalid("empirical CDF: the last probability must be 1, got " + num(table.back().second));
  }
  Distribution d;
  d.kind_ = Kind::empirical_cdf;
  // The first point carries an atom of its probability; each segment after it
  // is uniform between its end values.
  double m1 = table[0].second * table[0].first;
  double m2 = table[0].second * table[0].first * table[0].first;
  for (std::size_t i = 1; i < table.size(); ++i) {
    const double mass = table[i].second - table[i - 1].second;
    const double lo = table[i - 1].first;
    const double hi = table[i].first;
    m1 += mass * (lo + hi) / 2;
    m2 += mass * (lo * lo + lo * hi + hi * hi) / 3;
  }
  d.a_ = m1;
  d.b_ = std::max(0.0, m2 - m1 * m1);
  d.table_ = std::move(table);
  return d;
}

double Distribution::sample(RandomStream& rng) const {
  switch (kind_) {
    case Kind::constant:
      return a_;
    case Kind::uniform:
      return a_ + (b_ - a_) * rng.uniform();
    case Kind::exponential:
      return -a_ * std::log(rng.uniform_open());
    case Kind::normal:
      return a_ + b_ * rng.normal();
    case Kind::lognormal:
      return std::exp(a_ + b_ * rng.normal());
    case Kind::gamma:
      if (a_ >= 1) return b_ * gamma_unit(rng, a_);
      // Shape below 1: X(shape + 1) * U^(1/shape) has the wanted law, and
      // Marsaglia-Tsang needs shape >= 1.
      return b_ * gamma_unit(rng, a_ + 1) * std::pow(rng.uniform_open(), 1.0 / a_);
    case Kind::weibull:
      return b_ * std::pow(-std::log(rng.uniform_open()), 1.0 / a_);
    case Kind::pareto:
      return a_ * std::pow(rng.uniform_open(), -1.0 / b_);
    case Kind::empirical_points:
      return points_[rng.below(points_.size())];
    case Kind::empirical_cdf: {
      const double u = rng.uniform();
      const auto it = std::upper_bound(table_.begin(), table_.end(), u,
                                       [](double x, const auto& row) { return x < row.second; });
      if (it == table_.begin()) return table_.front().first;
      if (it == table_.end()) return table_.back().first;
      const auto& lo = *(it - 1);
      const auto& hi = *it;
      return lo.first + (u - lo.second) / (hi.second - lo.second) * (hi.first - lo.first);
    }
  }
  return a_;
}

double Distribution::mean() const {
  switch (kind_) {
    case Kind::constant:
      return a_;
    case Kind::uniform:
      return (a_ + b_) / 2;
    case Kind::exponential:
      return a_;
    case Kind::normal:
      return a_;
    case Kind::lognormal:
      return std::exp(a_ + b_ * b_ / 2);
    case Kind::gamma:
      return a_ * b_;
    case Kind::weibull:
      return b_ * std::tgamma(1 + 1 / a_);
    case Kind::pareto:
      return b_ > 1 ? b_ * a_ / (b_ - 1) : kInf;
    case Kind::empirical_points:
    case Kind::empirical_cdf:
      return a_;
  }
  return a_;
}

double Distribution::variance() const {
  switch (kind_) {
    case Kind::constant:
      return 0;
    case Kind::uniform:
      return (b_ - a_) * (b_ - a_) / 12;
    case Kind::exponential:
      return a_ * a_;
    case Kind::normal:
      return b_ * b_;
    case Kind::lognormal:
      return std::expm1(b_ * b_) * std::exp(2 * a_ + b_ * b_);
    case Kind::gamma:
      return a_ * b_ * b_;
    case Kind::weibull: {
      const double g1 = std::tgamma(1 + 1 / a_);
      return b_ * b_ * (std::tgamma(1 + 2 / a_) - g1 * g1);
    }
    case Kind::pareto:
      return b_ > 2 ? a_ * a_ * b_ / ((b_ - 1) * (b_ - 1) * (b_ - 2)) : kInf;
    case Kind::empirical_points:
    case Kind::empirical_cdf:
      return b_;
  }
  return 0;
}

double Distribution::lowest() const {
  switch (kind_) {
    case Kind::constant:
    case Kind::uniform:
      return a_;
    case Kind::normal:
      return b_ > 0 ? -kInf : a_;
    case Kind::exponential:
    case Kind::lognormal:
    case Kind::gamma:
    case Kind::weibull:
      return 0;
    case Kind::pareto:
      return a_;
    case Kind::empirical_points:
      return *std::min_element(points_.begin(), points_.end());
    case Kind::empirical_cdf:
      return table_.front().first;
  }
  return a_;
}

std::string Distribution::describe() const {
  switch (kind_) {
    case Kind::constant:
      return "constant(" + num(a_) + ")";
    case Kind::uniform:
      return "uniform(low=" + num(a_) + ", high=" + num(b_) + ")";
    case Kind::exponential:
      return "exponential(mean=" + num(a_) + ")";
    case Kind::normal:
      return "normal(mean=" + num(a_) + ", stddev=" + num(b_) + ")";
    case Kind::lognormal:
      return "lognormal(median=" + num(std::exp(a_)) + ", sigma=" + num(b_) + ")";
    case Kind::gamma:
      return "gamma(shape=" + num(a_) + ", scale=" + num(b_) + ")";
    case Kind::weibull:
      return "weibull(shape=" + num(a_) + ", scale=" + num(b_) + ")";
    case Kind::pareto:
      return "pareto(scale=" + num(a_) + ", alpha=" + num(b_) + ")";
    case Kind::empirical_points:
      return "empirical(" + std::to_string(points_.size()) + " points, mean=" + num(a_) + ")";
    case Kind::empirical_cdf:
      return "empirical_cdf(" + std::to_string(table_.size()) + " points, mean=" + num(a_) + ")";
  }
  return "?";
}

// ---- durations

namespace {

// Samples longer than this are clamped: a heavy tail can draw 1e30 seconds,
// which no int64 clock holds, and a run never lasts a century. Half the
// clock's range is left so that now + duration cannot overflow.
constexpr double kLongestSeconds = 100.0 * 365.25 * 86400.0;

Duration clamp_to_duration(double s) {
  if (!(s < kLongestSeconds)) return from_seconds(kLongestSeconds);
  return from_seconds(s);
}

// Standard normal density and upper tail.
double phi(double x) {
  return std::exp(-x * x / 2) / std::sqrt(2 * std::numbers::pi);
}
double upper_tail(double x) {
  return 0.5 * std::erfc(x / std::sqrt(2.0));
}

}  // namespace

DurationDistribution::DurationDistribution(Distribution seconds) : d_(std::move(seconds)) {
  using K = Distribution::Kind;
  const auto& d = d_;
  bool ok = true;
  switch (d.kind()) {
    case K::normal:
      // Rejection below zero; with a non-negative mean it keeps at least half
      // the draws, so sampling stays cheap.
      ok = d.mean() >= 0;
      break;
    default:
      ok = d.lowest() >= 0;
      break;
  }
  if (!ok) {
    throw std::invalid_argument(
        "a duration cannot be negative, but " + d.describe() + " takes negative values" +
        (d.kind() == K::normal ? " too often (its mean must be 0 or more)" : ""));
  }
}

Duration DurationDistribution::sample(RandomStream& rng) const {
  double s = d_.sample(rng);
  while (s < 0) s = d_.sample(rng);
  return clamp_to_duration(s);
}

Duration DurationDistribution::mean() const {
  if (d_.kind() == Distribution::Kind::normal && d_.variance() > 0) {
    // Mean of the normal conditioned on being non-negative.
    const double mu = d_.mean();
    const double sd = std::sqrt(d_.variance());
    const double alpha = -mu / sd;
    return clamp_to_duration(mu + sd * phi(alpha) / upper_tail(alpha));
  }
  return clamp_to_duration(d_.mean());
}

double DurationDistribution::mean_seconds() const {
  if (d_.kind() == Distribution::Kind::normal && d_.variance() > 0) {
    const double mu = d_.mean();
    const double sd = std::sqrt(d_.variance());
    const double alpha = -mu / sd;
    return mu + sd * phi(alpha) / upper_tail(alpha);
  }
  return d_.mean();
}

double DurationDistribution::variance_seconds() const {
  if (d_.kind() == Distribution::Kind::normal && d_.variance() > 0) {
    // The normal truncated below at 0: sd^2 (1 + alpha lambda - lambda^2),
    // with alpha = -mu / sd and lambda = phi(alpha) / (1 - Phi(alpha)).
    const double mu = d_.mean();
    const double sd = std::sqrt(d_.variance());
    const double alpha = -mu / sd;
    const double lambda = phi(alpha) / upper_tail(alpha);
    return sd * sd * (1.0 + alpha * lambda - lambda * lambda);
  }
  return d_.variance();
}

// ---- categorical choice

Choice::Choice(std::span<const double> weights) {
  if (weights.empty()) throw std::invalid_argument("choice: at least one weight is needed");
  if (weights.size() > std::numeric_limits<std::uint32_t>::max()) {
    throw std::invalid_argument("choice: too many outcomes");
  }
  double total = 0;
  for (const double w : weights) {
    if (!std::isfinite(w) || w < 0) {
      throw std::invalid_argument("choice: weights must be finite and 0 or more, got " + num(w));
    }
    total += w;
  }
  if (!(total > 0) || !std::isfinite(total)) {
    throw std::invalid_argument("choice: the weights must not all be 0");
  }

  // Vose's construction of Walker's alias table.
  const std::size_t n = weights.size();
  prob_.assign(n, 0.0);
  alias_.assign(n, 0);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small;
  std::vector<std::uint32_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t s = small.back();
    small.pop_back();
    const std::uint32_t l = large.back();
    prob_[s] = scaled[s];
    alias_[s] = l;
    scaled[l] = (scaled[l] + scaled[s]) - 1.0;
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  // What is left is 1 up to rounding.
  for (const std::uint32_t i : large) {
    prob_[i] = 1.0;
    alias_[i] = i;
  }
  for (const std::uint32_t i : small) {
    prob_[i] = 1.0;
    alias_[i] = i;
    if (weights[i] == 0) {
      // Rounding left a zero weight unpaired: send it to any live outcome.
      const auto live =
          std::find_if(weights.begin(), weights.end(), [](double w) { return w > 0; });
      prob_[i] = 0.0;
      alias_[i] = static_cast<std::uint32_t>(live - weights.begin());
    }
  }
}

std::size_t Choice::sample(RandomStream& rng) const {
  const std::size_t i = static_cast<std::size_t>(rng.below(prob_.size()));
  return rng.uniform() < prob_[i] ? i : alias_[i];
}

}  // namespace edasim::core
