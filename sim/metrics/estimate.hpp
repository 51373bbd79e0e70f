// Estimate: a mean with its sample standard deviation and the half width of
// a two-sided Student-t confidence interval, from independent replications
// (estimate) or from one long run cut into batches (batch_means).
//
// Promises: the interval is mean +- t_{(1+confidence)/2, n-1} * s / sqrt(n);
// with a single sample nothing is known about the spread, so stddev is 0 and
// the half width infinite. No samples, non-finite samples or a confidence
// outside (0, 1) throw std::invalid_argument.
#pragma once

#include <cstddef>
#include <span>

namespace edasim::metrics {

struct Estimate {
  double mean = 0.0;
  double stddev = 0.0;      // sample standard deviation (n - 1 denominator)
  double half_width = 0.0;  // of the confidence interval around mean
  std::size_t n = 0;        // samples, or batches for batch_means

  double lower() const { return mean - half_width; }
  double upper() const { return mean + half_width; }
  bool contains(double x) const { return x >= lower() && x <= upper(); }
};

Estimate estimate(std::span<const double> samples, double confidence = 0.95);

// The same estimate with its half width widened to at least `resolution`,
// the smallest difference the samples can show (a histogram bucket's width
// at the estimated value): samples that agree because they were rounded to
// the same bucket must not read as an exact figure. An infinite half width
// (one sample) stays infinite.
Estimate at_least(Estimate e, double resolution);

// Cuts observations into `batches` consecutive batches of equal size and
// estimates from the batch means, which are close to independent when the
// batches are much longer than the run's correlation time. The remainder
// that does not fill a batch is dropped from the start of the run, where the
// warm-up transient lives. Needs batches >= 2 and at least one observation
// per batch.
Estimate batch_means(std::span<const double> observations, std::size_t batches,
                     double confidence = 0.95);

}  // namespace edasim::metrics
