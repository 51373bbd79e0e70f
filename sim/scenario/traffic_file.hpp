// Recorded traffic: a CSV of event counts per period, the shape of a
// CloudWatch metric download (a timestamp column and one column per series)
// or of GetMetricData's parallel Timestamps and Values arrays written out as
// rows. A producer replays it instead of a rate and profile
// (docs/scenario/producers.md, "Recorded traffic").
//
// Promises: the rows become one count per period on a regular grid that
// starts at the first row (or at `start`); rows may come in any order (the
// API returns them newest first) and absent periods count zero, as
// CloudWatch leaves a period with no data out rather than writing a zero
// (reference/services.md 14.1). A row off the grid, a duplicate timestamp, a
// value that is not a non-negative number, or a grid longer than
// max_traffic_periods is a problem located at the file's line and column;
// nothing is dropped or rounded silently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/scenario/error.hpp"

namespace edasim::scenario {

// A recorded day at one-second resolution is 86,400 periods; a year at one
// minute 525,600. The bound keeps a file with two rows years apart from
// asking for billions of periods.
inline constexpr std::size_t max_traffic_periods = 1'000'000;
// A year of one-minute rows is about 16 MiB of CSV.
inline constexpr std::size_t max_traffic_bytes = 64 * 1024 * 1024;

struct TrafficFileOptions {
  // The value column: a header name, or a 1-based column number (the
  // timestamp is column 1). Empty and 0: column 2.
  std::string column_name;
  std::int64_t column_number = 0;
  // The grid's period; inferred from the rows when absent (the median gap).
  std::optional<Duration> period;
  // The first period to replay, as nanoseconds since the Unix epoch; the
  // first row when absent.
  std::optional<std::int64_t> start;
  // Values are events per period (CloudWatch's Sum of a count metric), or
  // events per second.
  bool per_second = false;
};

struct TrafficFile {
  Duration period;
  // Events per second in each period, from the first replayed period on.
  std::vector<double> rates;
  std::int64_t first_row = 0;  // nanoseconds since the Unix epoch
  std::size_t rows = 0;
};

// Reads `text`, the contents of the file `where` names. Problems are appended
// to `problems`, each at `where`:line:column with `key` (the scenario key
// that named the file); the result is empty when there is any.
std::optional<TrafficFile> read_traffic_file(std::string_view text, const std::string& where,
                                             const std::string& key,
                                             const TrafficFileOptions& options,
                                             std::vector<Diagnostic>& problems);

// A timestamp as CloudWatch writes one: ISO-8601 ("2026-11-27T10:00:00Z",
// "2026-11-27 10:00:00+01:00", with optional fractional seconds; no offset
// means UTC) or a Unix time in seconds or, from 1e11 on, milliseconds.
// Nanoseconds since the Unix epoch, or nothing when `text` is neither or is
// a time outside the years 1678 to 2261, which nanoseconds in 64 bits cannot
// hold.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

}  // namespace edasim::scenario
