#include "sim/core/units.hpp"

#include "sim/core/unit_names.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

namespace edasim::core {
namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

struct Unit {
  std::string_view name;
  std::int64_t factor;  // nanoseconds or bytes per unit
};

constexpr std::array kDurationUnits{
    Unit{"ns", 1},
    Unit{"us", 1'000},
    Unit{"\u00b5s", 1'000},
    Unit{"ms", 1'000'000},
    Unit{"s", 1'000'000'000},
    Unit{"m", 60'000'000'000},
    Unit{"min", 60'000'000'000},
    Unit{"h", 3'600'000'000'000},
    Unit{"d", 86'400'000'000'000},
};

constexpr std::array kSizeUnits{
    Unit{"B", 1},
    Unit{"KB", 1'000},
    Unit{"MB", 1'000'000},
    Unit{"GB", 1'000'000'000},
    Unit{"KiB", std::int64_t{1} << 10},
    Unit{"MiB", std::int64_t{1} << 20},
    Unit{"GiB", std::int64_t{1} << 30},
};

struct RateUnit {
  std::string_view name;
  double seconds;
};

constexpr std::array kRateUnits{
    RateUnit{"/s", 1},
    RateUnit{"/sec", 1},
    RateUnit{"/min", 60},
    RateUnit{"/h", 3600},
};

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A non-negative decimal number split at its point, as the text gave it:
// digits, optionally a point and more digits.
struct Number {
  std::string_view whole;
  std::string_view fraction;
  std::string_view unit;  // everything after the number, spaces skipped
};

// Splits "1.5h" into its number and unit; throws with `expected` (a phrase
// such as "a duration with a unit, like \"250ms\"") when the text is not one.
// The grammar is strict, digits, an optional point and digits, then the unit
// at once: "20 s", " 20s" and "+20s" are refused rather than guessed at.
Number split(std::string_view original, const std::string& expected) {
  const std::string_view text = original;
  if (trim(text).empty()) throw UnitError("expected " + expected + ", got an empty value");
  if (text.front() == '-') {
    throw UnitError("expected " + expected + ", got the negative value " + quoted(original));
  }
  if (is_space(text.front()) || is_space(text.back()) || text.front() == '+') {
    throw UnitError("expected " + expected + ", got " + quoted(original) +
                    ", which does not start with a digit or end with the unit");
  }
  std::size_t i = 0;
  const std::size_t whole_begin = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  Number n;
  n.whole = text.substr(whole_begin, i - whole_begin);
  if (i < text.size() && text[i] == '.') {
    const std::size_t frac_begin = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    n.fraction = text.substr(frac_begin, i - frac_begin);
  }
  if (n.whole.empty() && n.fraction.empty()) {
    throw UnitError("expected " + expected + ", got " + quoted(original) +
                    ", which does not start with a number");
  }
  std::string_view rest = text.substr(i);
  if (!rest.empty() && is_space(rest.front())) {
    throw UnitError("expected " + expected + ", got " + quoted(original) +
                    ": write the unit right after the number, with no space");
  }
  if (rest.empty()) {
    throw UnitError("expected " + expected + ", got the bare number " + quoted(original) +
                    ": a unit is required");
  }
  n.unit = rest;
  return n;
}

// number * factor, rounded to the nearest integer; nullopt-like -1 when it
// does not fit in int64.
std::int64_t scale(const Number& n, std::int64_t factor) {
  std::int64_t whole = 0;
  for (const char c : n.whole) {
    const std::int64_t digit = c - '0';
    if (whole > (kMax - digit) / 10) return -1;
    whole = whole * 10 + digit;
  }
  if (whole > kMax / factor) return -1;
  std::int64_t result = whole * factor;
  // The fraction times a factor of at most a day in nanoseconds stays far
  // inside a double's exact range for the digits that matter.
  double frac = 0;
  double place = 0.1;
  for (const char c : n.fraction) {
    frac += (c - '0') * place;
    place /= 10;
  }
  const auto part = static_cast<std::int64_t>(std::llround(frac * static_cast<double>(factor)));
  if (result > kMax - part) return -1;
  return result + part;
}

// Whether number * factor is a whole number: a value finer than the unit of
// account (a nanosecond, a byte) would otherwise be rounded away silently.
bool exact(const Number& n, std::int64_t factor) {
  std::string_view digits = n.fraction;
  while (!digits.empty() && digits.back() == '0') digits.remove_suffix(1);
  if (digits.empty()) return true;
  if (digits.size() > 18) return false;  // finer than any factor resolves
  std::int64_t numerator = 0;
  std::int64_t denominator = 1;
  for (const char c : digits) {
    numerator = numerator * 10 + (c - '0');
    denominator *= 10;
  }
  // numerator / denominator * factor is whole when denominator / gcd divides
  // the numerator.
  return numerator % (denominator / std::gcd(denominator, factor)) == 0;
}

std::string list(const auto& units) {
  std::string s;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (i > 0) s += i + 1 == units.size() ? " or " : ", ";
    s += units[i].name;
  }
  return s;
}

std::string decimal(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

// The largest unit in which `value` is at least 1 and exact with at most
// three decimals, written as "1.5h"; `units` run from large to small and the
// last has factor 1.
template <typename Units>
std::string canonical(std::int64_t value, const Units& units) {
  std::string sign;
  std::uint64_t v;
  if (value < 0) {
    sign = "-";
    v = std::uint64_t{0} - static_cast<std::uint64_t>(value);
  } else {
    v = static_cast<std::uint64_t>(value);
  }
  for (const auto& u : units) {
    const auto f = static_cast<std::uint64_t>(u.factor);
    if (v < f && f != 1) continue;
    const std::uint64_t whole = v / f;
    const std::uint64_t rem = v % f;
    if (rem == 0) return sign + std::to_string(whole) + std::string(u.name);
    // Exact in thousandths of the unit?
    if (f % 1000 == 0 && rem % (f / 1000) == 0) {
      std::string frac = std::to_string(1000 + rem / (f / 1000)).substr(1);
      while (frac.back() == '0') frac.pop_back();
      return sign + std::to_string(whole) + "." + frac + std::string(u.name);
    }
    if (f % 1000 != 0 && f % 1024 == 0 && (rem * 1000) % f == 0) {
      std::string frac = std::to_string(1000 + rem * 1000 / f).substr(1);
      while (frac.back() == '0') frac.pop_back();
      return sign + std::to_string(whole) + "." + frac + std::string(u.name);
    }
  }
  return sign + std::to_string(v) + std::string(units[units.size() - 1].name);
}

}  // namespace

Duration parse_duration(std::string_view text) {
  const std::string expected =
      "a duration with a unit (" + list(kDurationUnits) + "), like \"250ms\"";
  const Number n = split(text, expected);
  for (const Unit& u : kDurationUnits) {
    if (n.unit != u.name) continue;
    if (!exact(n, u.factor)) {
      throw UnitError("the duration " + quoted(text) +
                      " is finer than the clock's resolution of 1ns");
    }
    const std::int64_t ns = scale(n, u.factor);
    if (ns < 0)
      throw UnitError("the duration " + quoted(text) + " is too long (at most about 292 years)");
    return Duration{ns};
  }
  throw UnitError("expected " + expected + ", got " + quoted(text) + " with the unknown unit " +
                  quoted(n.unit));
}

Bytes parse_size(std::string_view text) {
  const std::string expected = "a size with a unit (" + list(kSizeUnits) + "), like \"2KB\"";
  const Number n = split(text, expected);
  for (const Unit& u : kSizeUnits) {
    if (n.unit != u.name) continue;
    if (u.factor == 1 && !n.fraction.empty() &&
        n.fraction.find_first_not_of('0') != std::string_view::npos) {
      throw UnitError("the size " + quoted(text) + " is not a whole number of bytes");
    }
    const std::int64_t b = scale(n, u.factor);
    if (b < 0) throw UnitError("the size " + quoted(text) + " is too large");
    return Bytes{b};
  }
  throw UnitError("expected " + expected + ", got " + quoted(text) + " with the unknown unit " +
                  quoted(n.unit));
}

Rate parse_rate(std::string_view text) {
  const std::string expected = "a rate with a unit (" + list(kRateUnits) + "), like \"1200/s\"";
  const Number n = split(text, expected);
  for (const RateUnit& u : kRateUnits) {
    if (n.unit != u.name) continue;
    // The grammar checked above leaves only digits and one point, which
    // from_chars reads exactly as written (no sign, exponent, inf or nan).
    double value = 0;
    const char* first = text.data();
    const char* last = n.unit.data();
    const auto r = std::from_chars(first, last, value);
    if (r.ec != std::errc{} || r.ptr != last || !std::isfinite(value)) {
      throw UnitError("the rate " + quoted(text) + " is not a finite number");
    }
    return Rate{value / u.seconds};
  }
  throw UnitError("expected " + expected + ", got " + quoted(text) + " with the unknown unit " +
                  quoted(n.unit));
}

std::string format_duration(Duration d) {
  static constexpr std::array units{
      Unit{"d", 86'400'000'000'000},
      Unit{"h", 3'600'000'000'000},
      Unit{"m", 60'000'000'000},
      Unit{"s", 1'000'000'000},
      Unit{"ms", 1'000'000},
      Unit{"us", 1'000},
      Unit{"ns", 1},
  };
  if (d.ns == 0) return "0s";
  return canonical(d.ns, units);
}

std::string format_size(Bytes b) {
  static constexpr std::array units{
      Unit{"GiB", std::int64_t{1} << 30},
      Unit{"GB", 1'000'000'000},
      Unit{"MiB", std::int64_t{1} << 20},
      Unit{"MB", 1'000'000},
      Unit{"KiB", 1024},
      Unit{"KB", 1'000},
      Unit{"B", 1},
  };
  return canonical(b.n, units);
}

std::string format_rate(Rate r) {
  const double x = r.per_second;
  if (std::isfinite(x) && x != std::floor(x)) {
    // "30/min" reads better than "0.5/s" when the per-minute count is whole.
    if (x * 60 == std::floor(x * 60)) return decimal(x * 60) + "/min";
    if (x * 3600 == std::floor(x * 3600)) return decimal(x * 3600) + "/h";
  }
  return decimal(x) + "/s";
}

namespace {

template <typename Units>
std::vector<std::string_view> names_of(const Units& units) {
  std::vector<std::string_view> names;
  for (const auto& u : units) names.push_back(u.name);
  return names;
}

}  // namespace

std::vector<std::string_view> duration_unit_names() {
  return names_of(kDurationUnits);
}
std::vector<std::string_view> size_unit_names() {
  return names_of(kSizeUnits);
}
std::vector<std::string_view> rate_unit_names() {
  return names_of(kRateUnits);
}

}  // namespace edasim::core
