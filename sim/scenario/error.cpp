#include "sim/scenario/error.hpp"

#include <algorithm>
#include <utility>

namespace edasim::scenario {

std::string Diagnostic::to_string() const {
  std::string text = where;
  if (line > 0) {
    text += ':' + std::to_string(line) + ':' + std::to_string(column);
  }
  text += ": ";
  if (warning) text += "warning: ";
  // "--set a.b=3: a.b: ..." would say the key twice.
  if (!key.empty() && !where.starts_with("--set " + key + "=")) text += key + ": ";
  text += message;
  return text;
}

namespace {

std::string join(const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return "invalid scenario";
  std::string text;
  const std::size_t shown = std::min(diagnostics.size(), max_problems_shown);
  for (std::size_t i = 0; i < shown; ++i) {
    if (!text.empty()) text += '\n';
    text += diagnostics[i].to_string();
  }
  if (diagnostics.size() > shown) {
    text += "\nand " + std::to_string(diagnostics.size() - shown) + " more problems";
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
