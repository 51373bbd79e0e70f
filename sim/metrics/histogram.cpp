#include "sim/metrics/histogram.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

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

namespace {

// `counters` (of buckets first ..) widened to buckets new_first .. new_end - 1.
template <class Counter>
void regrow(std::vector<Counter>& counters, std::size_t first, std::size_t new_first,
            std::size_t new_end) {
  std::vector<Counter> wider(new_end - new_first, 0);
  std::copy(counters.begin(), counters.end(),
            wider.begin() + static_cast<std::ptrdiff_t>(first - new_first));
  counters.swap(wider);
}

}  // namespace

std::size_t Histogram::widen(std::size_t bucket) {
  // Whole powers of two (kSubBuckets buckets each) at a time, so a stream of
  // values drifting upwards reallocates once per power of two at most.
  const std::size_t from = bucket & ~(kSubBuckets - 1);
  const std::size_t to = from + kSubBuckets;
  if (held() == 0) first_ = from;  // nothing held: start at this power of two
  const std::size_t new_first = std::min(first_, from);
  const std::size_t new_end = std::max(first_ + held(), to);
  with_counters([&](auto& c) { regrow(c, first_, new_first, new_end); });
  first_ = new_first;
  return bucket - first_;
}

void Histogram::record_wider(std::int64_t v, std::uint64_t count) {
  fit(count_ + count);
  std::size_t i = bucket_of(v) - first_;
  if (i >= held()) i = widen(bucket_of(v));
  with_counters(
      [&](auto& c) { c[i] += static_cast<typename std::decay_t<decltype(c)>::value_type>(count); });
}

namespace {

template <class To, class From>
void move_counters(std::vector<To>& to, std::vector<From>& from) {
  to.assign(from.begin(), from.end());
  std::vector<From>().swap(from);
}

}  // namespace

void Histogram::fit(std::uint64_t total) {
  // Only ever wider: a counter never holds more than the total.
  if (total > kNarrowMost && width_ != Width::eight) {
    if (width_ == Width::two) {
      move_counters(wide_, small_);
    } else {
      move_counters(wide_, narrow_);
    }
    width_ = Width::eight;
  } else if (total > kSmallMost && width_ == Width::two) {
    move_counters(narrow_, small_);
    width_ = Width::four;
  }
}

void Histogram::reject_negative(std::int64_t v) {
  throw std::invalid_argument("Histogram records non-negative values only, got " +
                              std::to_string(v));
}

void Histogram::merge(const Histogram& other) {
  fit(count_ + other.count_);
  if (other.held() != 0) {
    widen(other.first_);
    widen(other.first_ + other.held() - 1);
    const std::size_t offset = other.first_ - first_;
    with_counters([&](auto& c) {
      using Counter = typename std::decay_t<decltype(c)>::value_type;
      for (std::size_t i = 0; i < other.held(); ++i)
        c[offset + i] += static_cast<Counter>(other.count_at(i));
    });
  }
  count_ += other.count_;
  sum_ += other.sum_;
  if (other.min_ < min_) min_ = other.min_;
  if (other.max_ > max_) max_ = other.max_;
}

void Histogram::clear() {
  // The buckets held stay, zeroed: a cleared histogram is usually refilled
  // with values like those before.
  // Back to 2-byte counters: the total starts again from zero.
  if (width_ != Width::two) {
    small_.assign(held(), 0);
    std::vector<std::uint32_t>().swap(narrow_);
    std::vector<std::uint64_t>().swap(wide_);
    width_ = Width::two;
  } else {
    std::fill(small_.begin(), small_.end(), 0);
  }
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
    seen += count_at(b - first_);
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
