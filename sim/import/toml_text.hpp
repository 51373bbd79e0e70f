// Writing TOML text without a TOML library: the import layer builds a
// scenario as text (sim/scenario is the only place TOML++ is seen), and
// these make every string and key it writes valid TOML, whatever the
// template held.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace edasim::import {

// A TOML basic string: quoted, with quotes, backslashes and control
// characters escaped.
std::string toml_string(std::string_view text);

// JSON text as the scenario pages write patterns: a literal string
// ('...', no escapes to read) when the text allows one, else a basic string.
std::string toml_json(std::string_view json);

// A key: bare when it is letters, digits, '-' and '_', else quoted.
std::string toml_key(std::string_view key);

// A whole number of seconds as a scenario duration in the largest unit
// that divides it ("30s", "2m", "14d").
std::string seconds(std::int64_t value);

// `text` made a scenario name: 1 to 80 letters, digits, '-' or '_', every
// other character replaced by '-' (docs/scenario/conventions.md, "Names").
std::string scenario_name(std::string_view text);

}  // namespace edasim::import
