#include "sim/metrics/histogram.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace edasim::metrics {

namespace {

constexpr std::int64_t kNoMin = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kNoMax = std::numeric_limits<std::int64_t>::min();

int bucket_shift(std::size_t bucket) {
  return bucket < 2 * Histogram::kSubBuckets
             ? 0
             : static_cast<int>(bucket >> Histogram::kSubBucketBits) - 1;
}

}  // namespace

Histogram::Histogram() : min_(kNoMin), max_(kNoMax) {}

std::size_t Histogram::widen(std::size_t bucket) {
  // Whole powers of two (kSubBuckets buckets each) at a time, so a stream of
  // values drifting upwards reallocates once per power of two at most.
  const std::size_t from = bucket & ~(kSubBuckets - 1);
  const std::size_t to = from + kSubBuckets;
  if (counts_.empty()) {
    counts_.assign(to - from, 0);
    first_ = from;
    return bucket - first_;
  }
  const std::size_t new_first = std::min(first_, from);
  const std::size_t new_end = std::max(first_ + counts_.size(), to);
  std::vector<std::uint64_t> wider(new_end - new_first, 0);
  std::copy(counts_.begin(), counts_.end(),
            wider.begin() + static_cast<std::ptrdiff_t>(first_ - new_first));
  counts_.swap(wider);
  first_ = new_first;
  return bucket - first_;
}

void Histogram::reject_negative(std::int64_t v) {
  throw std::invalid_argument("Histogram records non-negative values only, got " +
                              std::to_string(v));
}

void Histogram::merge(const Histogram& other) {
  if (!other.counts_.empty()) {
    widen(other.first_);
    widen(other.first_ + other.counts_.size() - 1);
    const std::size_t offset = other.first_ - first_;
    for (std::size_t i = 0; i < other.counts_.size(); ++i) counts_[offset + i] += other.counts_[i];
  }
  count_ += other.count_;
  sum_ += other.sum_;
  if (other.min_ < min_) min_ = other.min_;
  if (other.max_ > max_) max_ = other.max_;
}

void Histogram::clear() {
  // The buckets held stay, zeroed: a cleared histogram is usually refilled
  // with values like those before.
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  sum_ = 0;
  min_ = kNoMin;
  max_ = kNoMax;
}

double Histogram::mean() const {
  if (empty()) return 0.0;
  return static_cast<double>(sum_) / static_cast<double>(count_);
}

std::int64_t Histogram::bucket_lowest(std::size_t bucket) {
  const int shift = bucket_shift(bucket);
  const auto sub =
      static_cast<std::uint64_t>(bucket - (static_cast<std::size_t>(shift) << kSubBucketBits));
  return static_cast<std::int64_t>(sub << shift);
}

std::int64_t Histogram::bucket_highest(std::size_t bucket) {
  const std::int64_t width = std::int64_t{1} << bucket_shift(bucket);
  return bucket_lowest(bucket) + (width - 1);
}

std::int64_t Histogram::bucket_midpoint(std::size_t bucket) {
  const std::int64_t width = std::int64_t{1} << bucket_shift(bucket);
  return bucket_lowest(bucket) + width / 2;
}

std::int64_t Histogram::quantile(double q) const {
  if (!(q >= 0.0 && q <= 1.0)) {
    throw std::invalid_argument("quantile wants q in [0, 1], got " + std::to_string(q));
  }
  if (empty()) return 0;
  // Comparing in double keeps the rank rule identical to "at least q * n
  // values", including when q * n is not an integer.
  const double target = q * static_cast<double>(count_);
  if (target <= 1.0) return min_;
  if (target >= static_cast<double>(count_)) return max_;

  const std::size_t last = bucket_of(max_);
  std::uint64_t seen = 0;
  for (std::size_t b = bucket_of(min_); b <= last; ++b) {
    seen += counts_[b - first_];
    if (static_cast<double>(seen) >= target) {
      const std::int64_t mid = bucket_midpoint(b);
      if (mid < min_) return min_;
      if (mid > max_) return max_;
      return mid;
    }
  }
  return max_;
}

}  // namespace edasim::metrics
