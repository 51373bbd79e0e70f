// How reports spell numbers: one set of rules for the terminal, Markdown and
// HTML, so the same figure reads the same everywhere.
//
// Promises: every function is pure and locale-independent, so the same input
// always gives the same bytes on every machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/core/time.hpp"
#include "sim/metrics/histogram.hpp"

namespace edasim::report {

// "1,234,567"
std::string format_count(std::uint64_t n);

// Nanoseconds as milliseconds with three decimals, rounded half up to the
// microsecond: 1'234'567'891 ns -> "1,234.568".
std::string format_ms(std::int64_t ns);
std::string format_ms(double ns);

// A span for people: "850ms", "12.3s", "4m 12s", "2h 03m", "3d 04h".
// Rounded for reading, where edasim::format_duration is exact and parseable
// ("252500ms"), which is right for a scenario and wrong for a table.
std::string format_span(Duration d);

// A latency for people, with at least four significant digits below a
// minute and its unit in the cell: "0.412ms", "29.90ms", "291.5ms",
// "4.731s", "16.44s", then as format_span: "34m 47s", "2h 03m". A long
// latency in milliseconds ("2,087,354.106") cannot be read at a glance,
// and a short one rounded to whole units hides what a design changed.
std::string format_latency(std::int64_t ns);
std::string format_latency(double ns);

// A fixed number of decimals with thousands separators: (1234.5, 1) ->
// "1,234.5". Non-finite values read "n/a".
std::string format_fixed(double value, int decimals);

// Dollars with cents; a positive amount under a cent reads "<$0.01" rather
// than a misleading "$0.00".
std::string format_dollars(double amount);

// A fraction as a percentage with one decimal: 0.4567 -> "45.7%".
std::string format_percent(double fraction);

// Calls per 1,000 produced events, or nothing when no event was produced.
std::optional<double> per_thousand(std::uint64_t calls, std::uint64_t produced);

// A quantile of `h` as format_latency spells it; a latency that was never measured reads
// "n/a", not a misleading 0.
std::string format_quantile(const metrics::Histogram& h, double quantile);

// Calls per 1,000 produced events with one decimal, "n/a" when no event was
// produced.
std::string format_per_thousand(std::uint64_t calls, std::uint64_t produced);

// A value rounded to a number of decimals, for JSON: the shortest decimal
// that reads back as the rounded double is what the serializer prints, so a
// rounded value prints as at most that many decimals.
double round_to(double value, int decimals);

}  // namespace edasim::report
