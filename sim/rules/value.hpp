// A leaf value of an event: a string, a number, true, false or null.
//
// Promises: a Value is a small, trivially copyable view. A string value does
// not own its characters; whoever builds the Value keeps them alive for as
// long as the Value is used. Numbers are IEEE-754 doubles, so 300, 300.0 and
// 3e2 are the same value, as in EventBridge's matcher.
#pragma once

#include <cstdint>
#include <string_view>

namespace edasim::rules {

enum class ValueKind : std::uint8_t { string, number, true_value, false_value, null };

struct Value {
  ValueKind kind = ValueKind::null;
  double number = 0.0;
  std::string_view text;

  static Value of_string(std::string_view s) { return {ValueKind::string, 0.0, s}; }
  static Value of_number(double n) { return {ValueKind::number, n, {}}; }
  static Value of_bool(bool b) {
    return {b ? ValueKind::true_value : ValueKind::false_value, 0.0, {}};
  }
  static Value null_value() { return {ValueKind::null, 0.0, {}}; }
};

}  // namespace edasim::rules
