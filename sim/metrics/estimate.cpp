#include "sim/metrics/estimate.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/metrics/student_t.hpp"

namespace edasim::metrics {

Estimate estimate(std::span<const double> samples, double confidence) {
  if (samples.empty()) throw std::invalid_argument("an estimate needs at least one sample");
  if (!(confidence > 0.0 && confidence < 1.0)) {
    throw std::invalid_argument("confidence must be strictly between 0 and 1, got " +
                                std::to_string(confidence));
  }
  double sum = 0.0;
  for (double x : samples) {
    if (!std::isfinite(x)) throw std::invalid_argument("an estimate got a non-finite sample");
    sum += x;
  }
  const std::size_t n = samples.size();
  Estimate e;
  e.n = n;
  e.mean = sum / static_cast<double>(n);
  if (n == 1) {
    e.half_width = std::numeric_limits<double>::infinity();
    return e;
  }
  // Two passes: deviations from the mean do not cancel the way a running
  // sum of squares does when the mean is large against the spread.
  double squares = 0.0;
  for (double x : samples) squares += (x - e.mean) * (x - e.mean);
  e.stddev = std::sqrt(squares / static_cast<double>(n - 1));
  const double t = student_t_quantile(0.5 + 0.5 * confidence, n - 1);
  e.half_width = t * e.stddev / std::sqrt(static_cast<double>(n));
  return e;
}

Estimate at_least(Estimate e, double resolution) {
  if (resolution > e.half_width) e.half_width = resolution;
  return e;
}

Estimate batch_means(std::span<const double> observations, std::size_t batches, double confidence) {
  if (batches < 2) throw std::invalid_argument("batch means needs at least two batches");
  if (observations.size() < batches) {
    throw std::invalid_argument("batch means got " + std::to_string(observations.size()) +
                                " observations for " + std::to_string(batches) + " batches");
  }
  const std::size_t size = observations.size() / batches;
  const auto kept = observations.subspan(observations.size() - size * batches);
  std::vector<double> means;
  means.reserve(batches);
  for (std::size_t b = 0; b < batches; ++b) {
    double sum = 0.0;
    for (double x : kept.subspan(b * size, size)) sum += x;
    means.push_back(sum / static_cast<double>(size));
  }
  return estimate(means, confidence);
}

}  // namespace edasim::metrics
