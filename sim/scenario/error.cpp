#include "sim/scenario/error.hpp"

#include <utility>

namespace edasim::scenario {

std::string Diagnostic::to_string() const {
  std::string text = where;
  if (line > 0) {
    text += ':' + std::to_string(line) + ':' + std::to_string(column);
  }
  text += ": ";
  // "--set a.b: a.b: ..." would say the key twice.
  if (!key.empty() && where != "--set " + key) text += key + ": ";
  text += message;
  return text;
}

namespace {

std::string join(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "invalid scenario";
  std::string text;
  for (const Diagnostic& d : diagnostics) {
    if (!text.empty()) text += '\n';
    text += d.to_string();
  }
  return text;
}

}  // namespace

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join(diagnostics)), diagnostics_(std::move(diagnostics)) {
  if (diagnostics_.empty()) {
    diagnostics_.push_back({"", 0, 0, "", "invalid scenario"});
  }
}

}  // namespace edasim::scenario
