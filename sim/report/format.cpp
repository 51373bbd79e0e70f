#include "sim/report/format.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace edasim::report {

namespace {

// Inserts a comma every three digits of the integer part of a plain decimal
// ("-1234567.89" -> "-1,234,567.89").
std::string group_thousands(const std::string& plain) {
  const std::size_t sign = (!plain.empty() && plain[0] == '-') ? 1 : 0;
  std::size_t end = plain.find('.');
  if (end == std::string::npos) end = plain.size();
  std::string out = plain.substr(0, sign);
  const std::size_t digits = end - sign;
  for (std::size_t i = 0; i < digits; ++i) {
    if (i > 0 && (digits - i) % 3 == 0) out += ',';
    out += plain[sign + i];
  }
  out += plain.substr(end);
  return out;
}

}  // namespace

std::string format_count(std::uint64_t n) {
  return group_thousands(std::to_string(n));
}

std::string format_ms(std::int64_t ns) {
  // Integer arithmetic so that no binary fraction can tip a rounding.
  const bool negative = ns < 0;
  const std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(ns) + 1 : static_cast<std::uint64_t>(ns);
  const std::uint64_t us = magnitude / 1000 + (magnitude % 1000 >= 500 ? 1 : 0);
  return fmt::format("{}{}.{:03}", negative ? "-" : "", format_count(us / 1000), us % 1000);
}

std::string format_ms(double ns) {
  if (!std::isfinite(ns)) return "n/a";
  return format_fixed(ns / 1e6, 3);
}

std::string format_span(Duration d) {
  const std::int64_t ns = d.ns < 0 ? 0 : d.ns;
  constexpr std::int64_t kSecond = 1'000'000'000;
  if (ns < kSecond - kSecond / 2000) return fmt::format("{}ms", (ns + 500'000) / 1'000'000);
  if (ns < 60 * kSecond - kSecond / 20)
    return fmt::format("{:.1f}s", static_cast<double>(ns) / 1e9);
  const std::int64_t s = (ns + kSecond / 2) / kSecond;
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  if (s < 86400) return fmt::format("{}h {:02}m", s / 3600, (s % 3600) / 60);
  return fmt::format("{}d {:02}h", s / 86400, (s % 86400) / 3600);
}

std::string format_latency(std::int64_t ns) {
  if (ns < 0)
    return "-" + format_latency(ns == std::numeric_limits<std::int64_t>::min()
                                    ? std::numeric_limits<std::int64_t>::max()
                                    : -ns);
  // Each tier: its unit in ns, its decimals, and where the next one starts.
  // The value is rounded to the tier's resolution first, so 999.96 ms reads
  // "1.000s", not "1000.0ms".
  struct Tier {
    std::int64_t unit;
    int decimals;
    std::int64_t below;
    const char* suffix;
  };
  constexpr std::int64_t kMs = 1'000'000, kS = 1'000'000'000;
  constexpr Tier kTiers[] = {{kMs, 3, 10 * kMs, "ms"},
                             {kMs, 2, 100 * kMs, "ms"},
                             {kMs, 1, 1000 * kMs, "ms"},
                             {kS, 3, 10 * kS, "s"},
                             {kS, 2, 60 * kS, "s"}};
  for (const Tier& t : kTiers) {
    std::int64_t step = t.unit;
    for (int i = 0; i < t.decimals; ++i) step /= 10;
    const std::int64_t steps = ns / step + (ns % step >= step / 2 ? 1 : 0);
    if (steps * step >= t.below) continue;
    std::int64_t scale = 1;
    for (int i = 0; i < t.decimals; ++i) scale *= 10;
    return fmt::format("{}.{:0{}}{}", steps / scale, steps % scale, t.decimals, t.suffix);
  }
  return format_span(Duration{ns});
}

std::string format_latency(double ns) {
  if (!std::isfinite(ns)) return "n/a";
  // Beyond int64 (about 292 years) nothing real is measured; clamp, not UB.
  constexpr double kLargest = 9.0e18;
  return format_latency(
      static_cast<std::int64_t>(std::llround(std::clamp(ns, -kLargest, kLargest))));
}

std::string format_fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "n/a";
  // Rounding away "-0.0" keeps a tiny negative from printing as "-0.000".
  std::string plain = fmt::format("{:.{}f}", value, decimals);
  if (plain.find_first_not_of("-0.") == std::string::npos && plain[0] == '-') plain.erase(0, 1);
  return group_thousands(plain);
}

std::string format_dollars(double amount) {
  if (!std::isfinite(amount)) return "n/a";
  if (amount > 0 && amount < 0.005) return "<$0.01";
  return fmt::format("${}", format_fixed(amount, 2));
}

std::string format_percent(double fraction) {
  return format_fixed(fraction * 100.0, 1) + "%";
}

std::optional<double> per_thousand(std::uint64_t calls, std::uint64_t produced) {
  if (produced == 0) return std::nullopt;
  return static_cast<double>(calls) * 1000.0 / static_cast<double>(produced);
}

double round_to(double value, int decimals) {
  if (!std::isfinite(value)) return value;
  const double scale = std::pow(10.0, decimals);
  const double rounded = std::round(value * scale) / scale;
  return rounded == 0.0 ? 0.0 : rounded;
}

std::string format_quantile(const metrics::Histogram& h, double quantile) {
  return h.empty() ? "n/a" : format_latency(h.quantile(quantile));
}

std::string format_per_thousand(std::uint64_t calls, std::uint64_t produced) {
  const auto v = per_thousand(calls, produced);
  return v ? format_fixed(*v, 1) : "n/a";
}

}  // namespace edasim::report
