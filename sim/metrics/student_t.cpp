#include "sim/metrics/student_t.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace edasim::metrics {

namespace {

// Past this many degrees of freedom the series below costs more than it is
// worth, and the Cornish-Fisher expansion is already exact to double
// precision (its first neglected term is of order dof^-5).
constexpr std::size_t kSeriesLimit = 1000;

void check_probability(double p) {
  if (!(p > 0.0 && p < 1.0)) {
    throw std::invalid_argument("a quantile needs p strictly between 0 and 1, got " +
                                std::to_string(p));
  }
}

void check_dof(std::size_t dof) {
  if (dof == 0) throw std::invalid_argument("Student's t needs at least one degree of freedom");
}

// P(|T| <= x) for x >= 0, from the closed form for integer dof (Abramowitz &
// Stegun 26.7.3 and 26.7.4): with theta = atan(x / sqrt(dof)) it is a finite
// sum of powers of cos(theta), so it has no truncation error.
double central_mass(double x, std::size_t dof) {
  const double theta = std::atan(x / std::sqrt(static_cast<double>(dof)));
  const double s = std::sin(theta);
  const double c2 = std::cos(theta) * std::cos(theta);
  if (dof % 2 == 0) {
    double term = 1.0;
    double sum = 1.0;
    for (std::size_t k = 2; k + 2 <= dof; k += 2) {
      term *= c2 * static_cast<double>(k - 1) / static_cast<double>(k);
      sum += term;
    }
    return s * sum;
  }
  if (dof == 1) return 2.0 * theta / std::numbers::pi;
  const double c = std::cos(theta);
  double term = c;
  double sum = c;
  for (std::size_t k = 3; k + 2 <= dof; k += 2) {
    term *= c2 * static_cast<double>(k - 1) / static_cast<double>(k);
    sum += term;
  }
  return 2.0 / std::numbers::pi * (theta + s * sum);
}

// Solves f(x) = target for an increasing f on [lo, hi] by bisection: slow
// but never diverges, and 200 halvings reach the spacing of doubles.
template <class F>
double bisect(F f, double target, double lo, double hi) {
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    (f(mid) < target ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace

double student_t_cdf(double t, std::size_t dof) {
  check_dof(dof);
  if (std::isnan(t)) throw std::invalid_argument("student_t_cdf of NaN");
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double half = 0.5 * central_mass(std::fabs(t), dof);
  return t >= 0 ? 0.5 + half : 0.5 - half;
}

double normal_quantile(double p) {
  check_probability(p);
  const auto cdf = [](double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); };
  return bisect(cdf, p, -40.0, 40.0);
}

double student_t_quantile(double p, std::size_t dof) {
  check_probability(p);
  check_dof(dof);
  if (p == 0.5) return 0.0;
  if (p < 0.5) return -student_t_quantile(1.0 - p, dof);
  if (dof > kSeriesLimit) {
    // Cornish-Fisher expansion of t in powers of 1/dof around the normal
    // quantile (Abramowitz & Stegun 26.7.5).
    const double x = normal_quantile(p);
    const double x2 = x * x;
    const double g1 = x * (x2 + 1.0) / 4.0;
    const double g2 = x * ((5.0 * x2 + 16.0) * x2 + 3.0) / 96.0;
    const double g3 = x * (((3.0 * x2 + 19.0) * x2 + 17.0) * x2 - 15.0) / 384.0;
    const double g4 =
        x * ((((79.0 * x2 + 776.0) * x2 + 1482.0) * x2 - 1920.0) * x2 - 945.0) / 92160.0;
    const double inv = 1.0 / static_cast<double>(dof);
    return x + inv * (g1 + inv * (g2 + inv * (g3 + inv * g4)));
  }
  const double target = 2.0 * p - 1.0;
  const auto mass = [dof](double x) { return central_mass(x, dof); };
  double hi = 1.0;
  while (mass(hi) < target && hi < 1e300) hi *= 2.0;
  return bisect(mass, target, 0.0, hi);
}

}  // namespace edasim::metrics
