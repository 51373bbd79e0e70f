#include "sim/scenario/pattern.hpp"

#include "sim/rules/pattern.hpp"

namespace edasim::scenario {

std::optional<std::string> validate_pattern(std::string_view json) {
  try {
    rules::parse_pattern(json);
  } catch (const rules::PatternError& e) {
    std::string message = "invalid event pattern: ";
    if (!e.where().empty()) message += "at " + e.where() + ": ";
    return message + e.why();
  }
  return std::nullopt;
}

}  // namespace edasim::scenario
