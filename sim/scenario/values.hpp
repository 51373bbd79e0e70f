// How one TOML value becomes a typed, range-checked quantity: strings,
// integers, numbers, booleans, and the unit-carrying durations, sizes and
// rates.
//
// Each reader returns nothing after reporting why the value is unusable; it
// never clamps. A duration, size or rate must be a string with a unit: a bare
// number is rejected, because "30" could mean seconds or milliseconds.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "sim/core/time.hpp"
#include "sim/scenario/diagnostics.hpp"

namespace edasim::scenario {

// The values a key accepts: from `low` to `high`, or above `low` (excluded)
// when `above_low` is set.
template <class T>
struct Range {
  T low;
  T high;
  bool above_low = false;
};

inline constexpr Range<std::int64_t> any_count{0, std::numeric_limits<std::int64_t>::max()};
inline constexpr Range<std::int64_t> positive_count{1, std::numeric_limits<std::int64_t>::max()};
inline constexpr Range<double> any_number{-std::numeric_limits<double>::max(),
                                          std::numeric_limits<double>::max()};
inline constexpr Range<double> non_negative{0, std::numeric_limits<double>::max()};
inline constexpr Range<double> positive{0, std::numeric_limits<double>::max(), true};
inline constexpr Range<double> probability{0, 1};
inline constexpr Range<Duration> any_duration{Duration::zero(), Duration::max()};
inline constexpr Range<Duration> positive_duration{Duration::zero(), Duration::max(), true};
// The period of a timer that repeats for as long as the run (a poll, a retry,
// a sample): at 1ns a one-hour run would fire it 3.6e12 times and never end,
// so repeating timers are at least a millisecond apart.
inline constexpr Range<Duration> repeating_period{milliseconds(1), Duration::max()};

// Bounded ranges for the counts and quantities a run scales with: each keeps
// check and run finite (docs/scenario/errors.md, "Limits"). A fleet of a billion consumers or
// a load factor of 1e300 is refused, not simulated for ever.
inline constexpr Range<std::int64_t> instance_count{1, 10'000};
inline constexpr Range<std::int64_t> small_count{0, 1'000};
inline constexpr Range<std::int64_t> positive_small_count{1, 1'000};
inline constexpr Range<std::int64_t> concurrency_count{0, 100'000};
inline constexpr Range<std::int64_t> positive_concurrency{1, 100'000};
inline constexpr Range<std::int64_t> cardinality_count{1, 1'000'000'000};
inline constexpr Range<double> load_factor{0, 1'000};
inline constexpr Range<double> event_rate{0, 10'000'000, true};
inline constexpr Range<double> price{0, 1'000'000};
inline constexpr Range<double> multiplier{0, 1'000, true};
inline constexpr Range<double> positive_weight{0, 1e9, true};

// 1 to `max_length` letters, digits, '.', '-' and '_': the names AWS gives
// rules ("order-placed.v2") and that scenarios give downstream APIs
// ("payments.GetOrder").
bool is_dotted_name(std::string_view name, std::size_t max_length);

// A short rendering of a value for messages: "\"13h\"", "30", "a table".
std::string show(const toml::node& node);

// The longest string a scenario value may be (names, questions, field
// values): messages and reports repeat them.
inline constexpr std::size_t max_string_length = 4096;

std::optional<std::string> read_string(const toml::node& node, const std::string& key,
                                       Diagnostics& diagnostics);
std::optional<bool> read_boolean(const toml::node& node, const std::string& key,
                                 Diagnostics& diagnostics);
std::optional<std::int64_t> read_integer(const toml::node& node, const std::string& key,
                                         Range<std::int64_t> range, Diagnostics& diagnostics);
// Integers are numbers too: `factor = 20` and `factor = 20.0` mean the same.
std::optional<double> read_number(const toml::node& node, const std::string& key,
                                  Range<double> range, Diagnostics& diagnostics);
std::optional<Duration> read_duration(const toml::node& node, const std::string& key,
                                      Range<Duration> range, Diagnostics& diagnostics);
std::optional<Bytes> read_size(const toml::node& node, const std::string& key,
                               Range<std::int64_t> range, Diagnostics& diagnostics);
std::optional<Rate> read_rate(const toml::node& node, const std::string& key, Range<double> range,
                              Diagnostics& diagnostics);

}  // namespace edasim::scenario
