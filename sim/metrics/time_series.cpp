#include "sim/metrics/time_series.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace edasim::metrics {

namespace {

// Doubles hold every integer below 2^53 exactly; past that "integral" says
// more about rounding than about the gauge, so such values take the general
// format like any other.
constexpr double kExactIntegerLimit = 9007199254740992.0;

void write_field(std::ostream& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out << text;
    return;
  }
  out << '"';
  for (char c : text) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

}  // namespace

std::string format_sample(double value) {
  if (std::isnan(value)) return "";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  std::to_chars_result r;
  if (value == std::trunc(value) && std::fabs(value) < kExactIntegerLimit) {
    r = std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(value));
  } else {
    r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 6);
  }
  return std::string(buf, r.ptr);
}

std::string format_seconds(Time t) {
  constexpr std::int64_t kPerSecond = 1'000'000'000;
  std::string out = t.ns < 0 ? "-" : "";
  // Work in unsigned magnitude so that the most negative time does not
  // overflow on negation.
  const std::uint64_t magnitude =
      t.ns < 0 ? 0 - static_cast<std::uint64_t>(t.ns) : static_cast<std::uint64_t>(t.ns);
  out += std::to_string(magnitude / kPerSecond);
  std::uint64_t fraction = magnitude % kPerSecond;
  if (fraction != 0) {
    int digits = 9;
    while (fraction % 10 == 0) {
      fraction /= 10;
      --digits;
    }
    std::string tail = std::to_string(fraction);
    out += '.';
    out.append(static_cast<std::size_t>(digits) - tail.size(), '0');
    out += tail;
  }
  return out;
}

TimeSeries::TimeSeries(Duration period) : period_(period) {
  if (period <= Duration::zero()) {
    throw std::invalid_argument("a time series needs a positive sampling period");
  }
}

std::size_t TimeSeries::add_column(std::string name) {
  if (!times_.empty()) {
    throw std::logic_error("column '" + name + "' added after the first row of a time series");
  }
  if (name.empty()) throw std::invalid_argument("a time series column needs a name");
  for (const auto& c : columns_) {
    if (c == name) throw std::invalid_argument("time series column '" + name + "' added twice");
  }
  columns_.push_back(std::move(name));
  return columns_.size() - 1;
}

void TimeSeries::append_row(Time t, std::span<const double> values) {
  if (values.size() != columns_.size()) {
    throw std::invalid_argument("time series row has " + std::to_string(values.size()) +
                                " values for " + std::to_string(columns_.size()) + " columns");
  }
  if (!times_.empty() && t <= times_.back()) {
    throw std::invalid_argument("time series row at " + format_seconds(t) +
                                "s is not after the previous row at " +
                                format_seconds(times_.back()) + "s");
  }
  times_.push_back(t);
  cells_.insert(cells_.end(), values.begin(), values.end());
}

std::span<const double> TimeSeries::row(std::size_t r) const {
  if (r >= times_.size()) throw std::out_of_range("time series row out of range");
  return std::span<const double>(cells_).subspan(r * columns_.size(), columns_.size());
}

std::vector<double> TimeSeries::column(std::size_t c) const {
  if (c >= columns_.size()) throw std::out_of_range("time series column out of range");
  std::vector<double> out;
  out.reserve(times_.size());
  for (std::size_t r = 0; r < times_.size(); ++r) out.push_back(cells_[r * columns_.size() + c]);
  return out;
}

void TimeSeries::write_csv(std::ostream& out) const {
  out << "time_s";
  for (const auto& c : columns_) {
    out << ',';
    write_field(out, c);
  }
  out << '\n';
  for (std::size_t r = 0; r < times_.size(); ++r) {
    out << format_seconds(times_[r]);
    for (double v : row(r)) out << ',' << format_sample(v);
    out << '\n';
  }
}

}  // namespace edasim::metrics
