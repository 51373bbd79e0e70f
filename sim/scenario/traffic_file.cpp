#include "sim/scenario/traffic_file.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "sim/core/units.hpp"

namespace edasim::scenario {

namespace {

constexpr std::int64_t ns_per_second = 1'000'000'000;

// Days from 1970-01-01 to the civil date y-m-d of the proleptic Gregorian
// calendar: count whole 400-year eras from 0000-03-01, so that the leap day
// ends a year and every era has the same 146,097 days.
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t year_of_era = y - era * 400;
  const std::int64_t day_of_year = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146'097 + day_of_era - 719'468;
}

bool leap(std::int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// Reads exactly `width` digits at `text[at]`.
std::optional<std::int64_t> digits(std::string_view text, std::size_t at, std::size_t width) {
  if (at + width > text.size()) return std::nullopt;
  std::int64_t value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// The years whose every instant fits nanoseconds since 1970 in 64 bits
// (1677-09-21 to 2262-04-11), whole.
constexpr std::int64_t first_year = 1678, last_year = 2261;

std::optional<std::int64_t> parse_iso(std::string_view t) {
  const auto year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
  if (!year || !month || !day || t[4] != '-' || t[7] != '-') return std::nullopt;
  if (*year < first_year || *year > last_year) return std::nullopt;
  static constexpr int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (*month < 1 || *month > 12 || *day < 1) return std::nullopt;
  if (*day > days_in[*month - 1] + (*month == 2 && leap(*year) ? 1 : 0)) return std::nullopt;
  std::int64_t ns = days_from_civil(*year, *month, *day) * 86'400 * ns_per_second;
  std::size_t at = 10;
  if (at == t.size()) return ns;
  if (t[at] != 'T' && t[at] != 't' && t[at] != ' ') return std::nullopt;
  const auto hour = digits(t, at + 1, 2), minute = digits(t, at + 4, 2);
  if (!hour || !minute || at + 3 >= t.size() || t[at + 3] != ':' || *hour > 23 || *minute > 59)
    return std::nullopt;
  ns += (*hour * 3600 + *minute * 60) * ns_per_second;
  at += 6;
  if (at < t.size() && t[at] == ':') {
    const auto second = digits(t, at + 1, 2);
    if (!second || *second > 59) return std::nullopt;
    ns += *second * ns_per_second;
    at += 3;
    if (at < t.size() && (t[at] == '.' || t[at] == ',')) {
      ++at;
      std::int64_t scale = ns_per_second / 10;
      const std::size_t begin = at;
      for (; at < t.size() && t[at] >= '0' && t[at] <= '9'; ++at) {
        ns += (t[at] - '0') * scale;
        scale /= 10;
      }
      if (at == begin) return std::nullopt;
    }
  }
  if (at == t.size()) return ns;
  if ((t[at] == 'Z' || t[at] == 'z') && at + 1 == t.size()) return ns;
  if (t[at] != '+' && t[at] != '-') return std::nullopt;
  const std::int64_t sign = t[at] == '+' ? 1 : -1;
  const auto offset_hours = digits(t, at + 1, 2);
  if (!offset_hours) return std::nullopt;
  std::int64_t offset_minutes = 0;
  std::size_t end = at + 3;
  if (end < t.size()) {
    if (t[end] == ':') ++end;
    const auto m = digits(t, end, 2);
    if (!m) return std::nullopt;
    offset_minutes = *m;
    end += 2;
  }
  if (end != t.size() || *offset_hours > 23 || offset_minutes > 59) return std::nullopt;
  // 10:00+01:00 is 09:00 UTC.
  return ns - sign * (*offset_hours * 3600 + offset_minutes * 60) * ns_per_second;
}

// Unix time: seconds, or milliseconds from 1e11 on (1e11 seconds is the
// year 5138; 1e11 milliseconds is 1973).
std::optional<std::int64_t> parse_epoch(std::string_view t) {
  const std::size_t dot = t.find('.');
  const std::string_view whole = t.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : t.substr(dot + 1);
  if (whole.empty() || whole.size() > 15) return std::nullopt;
  std::int64_t integer = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    integer = integer * 10 + (c - '0');
  }
  const bool millis = integer >= 100'000'000'000;
  // Past 2261 the time does not fit nanoseconds in 64 bits.
  if (integer >= (millis ? 9'000'000'000'000 : 9'000'000'000)) return std::nullopt;
  std::int64_t ns = millis ? integer * 1'000'000 : integer * ns_per_second;
  std::int64_t scale = (millis ? 1'000'000 : ns_per_second) / 10;
  if (dot != std::string_view::npos && fraction.empty()) return std::nullopt;
  for (char c : fraction) {
    if (c < '0' || c > '9') return std::nullopt;
    ns += (c - '0') * scale;
    scale /= 10;
  }
  return ns;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

struct Cell {
  std::string text;
  std::uint32_t column = 0;  // 1-based, in characters of the line
};

// Splits a CSV line into cells; a cell may be quoted ("a,b", with "" for a
// quote). Returns false on an unterminated quote.
bool split(std::string_view line, std::vector<Cell>& cells) {
  cells.clear();
  std::size_t i = 0;
  for (;;) {
    Cell cell;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    cell.column = static_cast<std::uint32_t>(i + 1);
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) return false;
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            cell.text.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell.text.push_back(line[i++]);
      }
      while (i < line.size() && line[i] != ',') ++i;
    } else {
      const std::size_t begin = i;
      while (i < line.size() && line[i] != ',') ++i;
      cell.text = std::string(trim(line.substr(begin, i - begin)));
    }
    cells.push_back(std::move(cell));
    if (i >= line.size()) return true;
    ++i;  // the comma
  }
}

struct Row {
  std::int64_t time = 0;
  double value = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;  // of the timestamp
};

std::string show_ns(std::int64_t ns) {
  return core::format_duration(Duration{ns});
}

}  // namespace

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (text.size() >= 10 && text[4] == '-') return parse_iso(text);
  return parse_epoch(text);
}

namespace {

// Reads a recording in steps: its rows, their order, their period, their
// grid, and then the rates. Each step reports what is wrong with the file
// where it is, and a step that finds a problem ends the reading.
class TrafficReader {
 public:
  TrafficReader(const std::string& where, const std::string& key, const TrafficFileOptions& options,
                std::vector<Diagnostic>& problems)
      : where_(where), key_(key), options_(options), problems_(problems) {}

  std::optional<TrafficFile> read(std::string_view text) {
    std::vector<Row> rows;
    if (!read_rows(text, rows) || !in_time_order(rows)) return std::nullopt;
    const std::optional<Duration> period = options_.period ? options_.period : median_gap(rows);
    if (!period) return std::nullopt;
    const std::int64_t origin = options_.start.value_or(rows.front().time);
    const std::optional<std::int64_t> last = last_period(rows, origin, *period);
    if (!last) return std::nullopt;

    TrafficFile traffic;
    traffic.period = *period;
    traffic.first_row = rows.front().time;
    traffic.rows = rows.size();
    traffic.rates.assign(static_cast<std::size_t>(*last + 1), 0.0);
    // Divided, not multiplied by 1e-9: a minute is then exactly 60.
    const double seconds = static_cast<double>(period->ns) / 1e9;
    for (const Row& r : rows) {
      if (r.time < origin) continue;
      traffic.rates[static_cast<std::size_t>((r.time - origin) / period->ns)] =
          options_.per_second ? r.value : r.value / seconds;
    }
    return traffic;
  }

 private:
  void problem(std::uint32_t line, std::uint32_t column, std::string message) {
    problems_.push_back(Diagnostic{where_, line, column, key_, std::move(message)});
  }

  // The data rows, in file order; a header row, when there is one, only
  // names the value column. False after reporting what is wrong.
  bool read_rows(std::string_view text, std::vector<Row>& rows) {
    const std::size_t problems_before = problems_.size();
    std::vector<Cell> cells;
    value_column_ = options_.column_number > 0
                        ? static_cast<std::size_t>(options_.column_number - 1)
                        : std::size_t{1};
    bool first = true;
    std::uint32_t line_number = 0;
    std::size_t at = 0;
    while (at < text.size() && problems_.size() - problems_before < max_problems_shown) {
      const std::size_t end = std::min(text.find('\n', at), text.size());
      const std::string_view line = text.substr(at, end - at);
      at = end + 1;
      ++line_number;
      const std::string_view content = trim(line);
      if (content.empty() || content.front() == '#') continue;
      if (!split(line, cells)) {
        problem(line_number, 1, "a quoted cell is not closed on its line");
        continue;
      }
      if (first) {
        first = false;
        const bool header = !parse_timestamp(cells[0].text);
        if (!find_value_column(header, cells, line_number)) return false;
        if (header) continue;
      }
      if (std::optional<Row> row = read_row(cells, line, line_number)) rows.push_back(*row);
    }
    if (problems_.size() != problems_before) return false;
    if (rows.empty()) {
      problem(0, 0, "the file has no rows of data");
      return false;
    }
    return true;
  }

  // Where a `column` given by name is, from the header row (`header`: the
  // first row is one). False after reporting that it cannot be found.
  bool find_value_column(bool header, const std::vector<Cell>& cells, std::uint32_t line_number) {
    if (options_.column_name.empty()) return true;
    if (!header) {
      problem(line_number, 1,
              "the file has no header row to find the column \"" + options_.column_name +
                  "\" in: name the column by its number (the timestamp is column 1)");
      return false;
    }
    const auto named = std::find_if(cells.begin(), cells.end(),
                                    [&](const Cell& c) { return c.text == options_.column_name; });
    if (named == cells.end()) {
      std::string names;
      for (std::size_t i = 1; i < cells.size(); ++i) {
        names += (i > 1 ? ", \"" : "\"") + cells[i].text + "\"";
      }
      problem(line_number, 1,
              "no column is named \"" + options_.column_name + "\" (the header names " +
                  (names.empty() ? std::string("no value column") : names) + ")");
      return false;
    }
    value_column_ = static_cast<std::size_t>(named - cells.begin());
    if (value_column_ == 0) {
      problem(line_number, named->column,
              "\"" + options_.column_name + "\" is the timestamp column, not a value column");
      return false;
    }
    return true;
  }

  // One data row: its timestamp and its count. Nothing after reporting
  // what is wrong with it.
  std::optional<Row> read_row(const std::vector<Cell>& cells, std::string_view line,
                              std::uint32_t line_number) {
    const auto time = parse_timestamp(cells[0].text);
    if (!time) {
      problem(line_number, cells[0].column,
              "expected a timestamp (ISO-8601 such as 2026-11-27T10:00:00Z, or Unix seconds or "
              "milliseconds), got \"" +
                  cells[0].text + "\"");
      return std::nullopt;
    }
    if (value_column_ >= cells.size()) {
      problem(line_number, static_cast<std::uint32_t>(line.size() + 1),
              "the row has " + std::to_string(cells.size()) +
                  " columns; the values are in column " + std::to_string(value_column_ + 1));
      return std::nullopt;
    }
    const Cell& cell = cells[value_column_];
    double value = 0;
    // An empty cell is a period with no data: CloudWatch has no datapoint
    // for a period in which nothing was counted.
    if (!cell.text.empty()) {
      const char* b = cell.text.data();
      const char* e = b + cell.text.size();
      const auto [ptr, error] = std::from_chars(b, e, value);
      if (error != std::errc{} || ptr != e || !std::isfinite(value) || value < 0) {
        problem(line_number, cell.column,
                "expected a count of events, a number >= 0, got \"" + cell.text + "\"");
        return std::nullopt;
      }
    }
    return Row{*time, value, line_number, cells[0].column};
  }

  // GetMetricData returns the newest first by default: ordered by time,
  // each period one row.
  bool in_time_order(std::vector<Row>& rows) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row& a, const Row& b) { return a.time < b.time; });
    for (std::size_t i = 1; i < rows.size(); ++i) {
      if (rows[i].time == rows[i - 1].time) {
        problem(rows[i].line, rows[i].column,
                "the same timestamp as line " + std::to_string(rows[i - 1].line) +
                    ": each period is one row");
        return false;
      }
    }
    return true;
  }

  // The period when none is given: the median gap between rows, which a
  // few missing periods do not move.
  std::optional<Duration> median_gap(const std::vector<Row>& rows) {
    if (rows.size() < 2) {
      problem(0, 0, "one row cannot show its period: give the traffic's period");
      return std::nullopt;
    }
    std::vector<std::int64_t> gaps;
    for (std::size_t i = 1; i < rows.size(); ++i) gaps.push_back(rows[i].time - rows[i - 1].time);
    std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                     gaps.end());
    return Duration{gaps[gaps.size() / 2]};
  }

  // The index of the last period from `origin`, every row at or after it
  // being on the grid of `period`, and within the limit of periods.
  std::optional<std::int64_t> last_period(const std::vector<Row>& rows, std::int64_t origin,
                                          Duration period) {
    std::int64_t last = -1;
    for (const Row& r : rows) {
      if (r.time < origin) continue;
      const std::int64_t offset = r.time - origin;
      if (offset % period.ns != 0) {
        problem(r.line, r.column,
                "this row is " + show_ns(offset) + " after the first period, not on the grid of " +
                    core::format_duration(period) +
                    (options_.period ? std::string(" periods") : " periods (the median gap)"));
        return std::nullopt;
      }
      last = offset / period.ns;
    }
    if (last < 0) {
      problem(0, 0, "no row is at or after the start");
      return std::nullopt;
    }
    if (static_cast<std::uint64_t>(last) >= max_traffic_periods) {
      problem(0, 0,
              "the rows span " + std::to_string(last + 1) + " periods of " +
                  core::format_duration(period) + ", more than the limit of " +
                  std::to_string(max_traffic_periods));
      return std::nullopt;
    }
    return last;
  }

  const std::string& where_;
  const std::string& key_;
  const TrafficFileOptions& options_;
  std::vector<Diagnostic>& problems_;
  std::size_t value_column_ = 1;  // 0-based; the timestamp is column 0
};

}  // namespace

std::optional<TrafficFile> read_traffic_file(std::string_view text, const std::string& where,
                                             const std::string& key,
                                             const TrafficFileOptions& options,
                                             std::vector<Diagnostic>& problems) {
  return TrafficReader(where, key, options, problems).read(text);
}

}  // namespace edasim::scenario
