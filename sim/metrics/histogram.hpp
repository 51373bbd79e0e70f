// Histogram: a streaming histogram of non-negative 64-bit integers
// (latencies in nanoseconds, or counts).
//
// Promises:
// - Bounded memory whatever the number of values: counters for the buckets
//   between the least and the greatest value recorded, widened a power of
//   two at a time, so at most 3712 of them (29,696 bytes) plus the object,
//   kHistogramBytes in all. An empty histogram holds no buckets: a system of
//   many components pays for the latencies it records, not for every
//   histogram it might fill (issue 16). Counters take 2 bytes each while
//   the total count fits 16 bits (so that each does), 4 bytes while it fits
//   32 and 8 bytes from then on: no count is ever lost, and the latencies of
//   a thousand lightly loaded fleets take a quarter of the memory of 8-byte
//   counters.
// - record() is O(1) and never rounds the count, sum, min or max: mean(),
//   min() and max() are exact. It allocates only when a value falls outside
//   the buckets held, at most 58 times in a histogram's life, and once each
//   when the total passes 2^16 - 1 and 2^32 - 1.
// - A value type: copies are deep. A moved-from histogram holds no buckets
//   and must be assigned to before it records again.
// - quantile(q) is within 1/128 (0.79%) of the exact nearest-rank quantile of
//   the recorded values, for every q and every value from 0 to INT64_MAX.
//
// Buckets are log-linear: values below 128 each have their own bucket, and
// every power of two above that is cut into 64 equal buckets, so a bucket is
// never wider than 1/64 of its lower bound and its midpoint is never further
// than 1/128 from any value inside it.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace edasim::metrics {

class Histogram {
 public:
  static constexpr int kSubBucketBits = 6;
  static constexpr std::size_t kSubBuckets = std::size_t{1} << kSubBucketBits;
  // Values are below 2^63, so the widest bucket is 2^56 and the last index
  // is 56 * 64 + 127.
  static constexpr std::size_t kBuckets = (63 - kSubBucketBits + 1) * kSubBuckets;

  Histogram();

  // v must be non-negative; a negative value throws std::invalid_argument
  // rather than corrupting a bucket.
  void record(std::int64_t v) { record(v, 1); }
  void record(std::int64_t v, std::uint64_t count) {
    if (v < 0) reject_negative(v);
    if (count == 0) return;  // a value seen zero times must not move min or max
    // While the total stays within 16 bits no counter can pass it: the
    // 2-byte counters need no test of their own.
    if (count <= kSmallMost && count_ + count <= kSmallMost) [[likely]] {
      // Below first_ wraps around to a huge index: one test for both sides.
      std::size_t i = bucket_of(v) - first_;
      if (i >= small_.size()) [[unlikely]]
        i = widen(bucket_of(v));
      small_[i] += static_cast<std::uint16_t>(count);
    } else {
      record_wider(v, count);
    }
    count_ += count;
    sum_ += static_cast<Sum>(v) * count;
    if (v < min_) min_ = v;
    if (v > max_) max_ = v;
  }

  void merge(const Histogram& other);
  void clear();

  bool empty() const { return count_ == 0; }
  std::uint64_t count() const { return count_; }
  // The exact arithmetic mean; 0 when empty.
  double mean() const;
  // Exact; 0 when empty.
  std::int64_t min() const { return empty() ? 0 : min_; }
  std::int64_t max() const { return empty() ? 0 : max_; }
  // Bytes held: the object and its bucket counters.
  std::size_t bytes() const {
    return sizeof(Histogram) + small_.capacity() * sizeof(std::uint16_t) +
           narrow_.capacity() * sizeof(std::uint32_t) + wide_.capacity() * sizeof(std::uint64_t);
  }

  // The nearest-rank quantile: the smallest recorded value v such that at
  // least q * count() values are <= v (quantile(0) is min(), quantile(1) is
  // max()), approximated to within 1/128 and never outside [min(), max()].
  // q outside [0, 1] throws std::invalid_argument; an empty histogram
  // answers 0.
  std::int64_t quantile(double q) const;

  // The index of the bucket holding v (v >= 0), and the value a bucket
  // stands for; exposed so tests can check the bucket bounds directly.
  static std::size_t bucket_of(std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    const int width = std::bit_width(u);
    const int shift = width > kSubBucketBits + 1 ? width - (kSubBucketBits + 1) : 0;
    return (static_cast<std::size_t>(shift) << kSubBucketBits) +
           static_cast<std::size_t>(u >> shift);
  }
  static std::int64_t bucket_lowest(std::size_t bucket);
  static std::int64_t bucket_highest(std::size_t bucket);
  static std::int64_t bucket_midpoint(std::size_t bucket);

 private:
  // 128 bits so that a long run of hour-long values cannot overflow the sum.
  __extension__ using Sum = unsigned __int128;

  [[noreturn]] static void reject_negative(std::int64_t v);
  // Makes the counters hold `bucket` (and the buckets between it and those
  // held); returns its index among them.
  std::size_t widen(std::size_t bucket);
  // The counters in use, by the bytes each takes.
  enum class Width : std::uint8_t { two, four, eight };
  // Calls f with the vector of counters in use.
  template <class F>
  decltype(auto) with_counters(F&& f) {
    switch (width_) {
      case Width::two:
        return f(small_);
      case Width::four:
        return f(narrow_);
      default:
        return f(wide_);
    }
  }
  template <class F>
  decltype(auto) with_counters(F&& f) const {
    switch (width_) {
      case Width::two:
        return f(small_);
      case Width::four:
        return f(narrow_);
      default:
        return f(wide_);
    }
  }
  // The buckets held, and the count of the i-th of them.
  std::size_t held() const {
    return with_counters([](const auto& c) { return c.size(); });
  }
  std::uint64_t count_at(std::size_t i) const {
    return with_counters([i](const auto& c) { return std::uint64_t{c[i]}; });
  }
  // record() once the total passes 16 bits.
  void record_wider(std::int64_t v, std::uint64_t count);
  // Counters wide enough for a total of `total`, keeping every count.
  void fit(std::uint64_t total);

  static constexpr std::uint64_t kSmallMost = 0xFFFF;
  static constexpr std::uint64_t kNarrowMost = 0xFFFF'FFFF;

  // The counters of buckets first_ .. first_ + held() - 1: small_ while
  // count_ fits 16 bits (so every counter does), narrow_ while it fits 32,
  // wide_ from then on; the others are empty.
  std::vector<std::uint16_t> small_;
  std::vector<std::uint32_t> narrow_;
  std::vector<std::uint64_t> wide_;
  Width width_ = Width::two;
  std::size_t first_ = 0;
  std::uint64_t count_ = 0;
  Sum sum_ = 0;
  std::int64_t min_;
  std::int64_t max_;
};

inline constexpr std::size_t kHistogramBytes =
    Histogram::kBuckets * sizeof(std::uint64_t) + sizeof(Histogram);

}  // namespace edasim::metrics
