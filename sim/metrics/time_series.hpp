// TimeSeries: named gauges sampled at a fixed period (per queue: visible
// messages, in-flight messages, age of the oldest message, ...), one row per
// sample time.
//
// Promises:
// - Rows have exactly one value per column and strictly increasing times.
// - write_csv() output depends only on the data: no locale, no platform
//   printf. Times are seconds, printed exactly (up to 9 decimals, trailing
//   zeros dropped); integral values are printed as integers; other values
//   with 6 significant digits in the shortest of fixed or exponent form;
//   NaN is an empty field (a missing sample).
#pragma once

#include <cstddef>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "sim/core/time.hpp"

namespace edasim::metrics {

class TimeSeries {
 public:
  explicit TimeSeries(Duration period = minutes(1));

  Duration period() const { return period_; }

  // Returns the new column's index. Names must be unique and non-empty, and
  // every column must exist before the first row (std::logic_error after).
  std::size_t add_column(std::string name);

  // values[i] is the sample of column i. Throws std::invalid_argument if the
  // count does not match or t is not later than the previous row.
  void append_row(Time t, std::span<const double> values);

  std::size_t column_count() const { return columns_.size(); }
  const std::vector<std::string>& columns() const { return columns_; }
  std::size_t row_count() const { return times_.size(); }
  const std::vector<Time>& times() const { return times_; }
  std::span<const double> row(std::size_t r) const;
  double at(std::size_t r, std::size_t column) const { return row(r)[column]; }
  // Every sample of one column, oldest first.
  std::vector<double> column(std::size_t c) const;

  // Header "time_s,<col1>,<col2>,..." then one line per row, '\n' endings.
  void write_csv(std::ostream& out) const;

 private:
  Duration period_;
  std::vector<std::string> columns_;
  std::vector<Time> times_;
  std::vector<double> cells_;  // row-major
};

// The CSV spelling of a gauge value and of a sample time, as promised above.
std::string format_sample(double value);
std::string format_seconds(Time t);

}  // namespace edasim::metrics
