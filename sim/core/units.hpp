// Quantities written with units, as scenarios spell them: "250ms", "2m",
// "1.5h", "2KB", "1MiB", "1200/s", "30/min".
//
// A bare number is never accepted: a unit is what makes "30" mean 30 seconds
// rather than 30 milliseconds. Parsers throw UnitError with a sentence saying
// what was expected; callers add the file, line and key.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/core/time.hpp"

namespace edasim::core {

class UnitError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Units: ns, us, ms, s, m or min, h, d. Fractions allowed ("1.5h"); negative
// values are rejected.
Duration parse_duration(std::string_view text);
// Units: B, KB, MB, GB (powers of 1000) and KiB, MiB, GiB (powers of 1024).
Bytes parse_size(std::string_view text);
// Units: "/s", "/min", "/h" (also "per second" spelled "/sec").
Rate parse_rate(std::string_view text);

// The canonical text of a quantity, for reports and error messages
// ("250ms", "2m", "1.5h", "256KiB", "1200/s").
std::string format_duration(Duration d);
std::string format_size(Bytes b);
std::string format_rate(Rate r);

}  // namespace edasim::core
