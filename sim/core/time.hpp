// Simulated time: integer nanoseconds since the start of a run.
//
// Time is a point, Duration a span; both are int64 nanoseconds, so a run can
// last about 292 years and no arithmetic ever rounds. Mixing the two up, or
// either with a bare integer, does not compile.
#pragma once

#include <compare>
#include <cstdint>
#include <limits>

namespace edasim::core {

struct Duration {
  std::int64_t ns = 0;

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return {ns + o.ns}; }
  constexpr Duration operator-(Duration o) const { return {ns - o.ns}; }
  constexpr Duration operator*(std::int64_t k) const { return {ns * k}; }
  constexpr Duration operator/(std::int64_t k) const { return {ns / k}; }
  constexpr Duration& operator+=(Duration o) {
    ns += o.ns;
    return *this;
  }
  constexpr Duration& operator-=(Duration o) {
    ns -= o.ns;
    return *this;
  }

  constexpr double seconds() const { return static_cast<double>(ns) * 1e-9; }
  constexpr double millis() const { return static_cast<double>(ns) * 1e-6; }

  static constexpr Duration zero() { return {0}; }
  static constexpr Duration max() { return {std::numeric_limits<std::int64_t>::max()}; }
};

struct Time {
  std::int64_t ns = 0;

  constexpr auto operator<=>(const Time&) const = default;
  constexpr Time operator+(Duration d) const { return {ns + d.ns}; }
  constexpr Time operator-(Duration d) const { return {ns - d.ns}; }
  constexpr Duration operator-(Time o) const { return {ns - o.ns}; }
  constexpr Time& operator+=(Duration d) {
    ns += d.ns;
    return *this;
  }

  constexpr double seconds() const { return static_cast<double>(ns) * 1e-9; }

  static constexpr Time zero() { return {0}; }
  static constexpr Time never() { return {std::numeric_limits<std::int64_t>::max()}; }
};

constexpr Duration nanoseconds(std::int64_t n) {
  return {n};
}
constexpr Duration microseconds(std::int64_t n) {
  return {n * 1'000};
}
constexpr Duration milliseconds(std::int64_t n) {
  return {n * 1'000'000};
}
constexpr Duration seconds(std::int64_t n) {
  return {n * 1'000'000'000};
}
constexpr Duration minutes(std::int64_t n) {
  return seconds(n * 60);
}
constexpr Duration hours(std::int64_t n) {
  return seconds(n * 3600);
}

// Rounds to the nearest nanosecond, saturating at the longest durations the
// clock holds (about 292 years either way): converting a double that does
// not fit in int64 is undefined behaviour, and a sampled duration from a
// heavy-tailed distribution can be that large. NaN becomes zero; callers
// reject it before converting where it can arise.
constexpr Duration from_seconds(double s) {
  // 2^63 ns, the first double past int64's range.
  constexpr double limit = 9223372036854775808.0;
  const double ns = s * 1e9;
  if (ns != ns) return Duration::zero();
  if (ns >= limit) return Duration::max();
  if (ns <= -limit) return {std::numeric_limits<std::int64_t>::min()};
  const double rounded = ns + (s >= 0 ? 0.5 : -0.5);
  if (rounded >= limit) return Duration::max();
  return {static_cast<std::int64_t>(rounded)};
}

// A payload or request size in bytes.
struct Bytes {
  std::int64_t n = 0;
  constexpr auto operator<=>(const Bytes&) const = default;
};

// Events (or requests) per second. Rates are the one quantity kept as a
// double: they only ever feed distributions, never the clock.
struct Rate {
  double per_second = 0;
  constexpr auto operator<=>(const Rate&) const = default;
};

}  // namespace edasim::core

// The units are the project's vocabulary: every layer states its times, sizes
// and rates in them, so they are named in edasim itself as well as in core,
// and a configuration reads `Duration visibility_timeout`, not
// `core::Duration`.
namespace edasim {
using core::Bytes;
using core::Duration;
using core::from_seconds;
using core::hours;
using core::microseconds;
using core::milliseconds;
using core::minutes;
using core::nanoseconds;
using core::Rate;
using core::seconds;
using core::Time;
}  // namespace edasim
