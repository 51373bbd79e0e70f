#include "sim/report/format.hpp"

#include <fmt/format.h>
#include <cmath>

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
  return h.empty() ? "n/a" : format_ms(h.quantile(quantile));
}

std::string format_per_thousand(std::uint64_t calls, std::uint64_t produced) {
  const auto v = per_thousand(calls, produced);
  return v ? format_fixed(*v, 1) : "n/a";
}

}  // namespace edasim::report
