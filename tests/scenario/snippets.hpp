// Small scenario snippets for the tests, and what loading them reports.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/error.hpp"
#include "sim/scenario/load.hpp"

namespace edasim::scenario::testing {

// A small valid design that tests extend with the one thing they break.
inline const std::string minimal = R"(
[producers.p]
to = "queue.q"
rate = "1/s"
[queues.q]
[consumers.c]
queue = "q"
)";

// The diagnostics of loading `text` as the file `file` (relative file names
// in it, a traffic file's or an archive's, resolve beside that file); empty
// when it loads.
inline std::vector<Diagnostic> problems_at(std::string_view text, const std::string& file,
                                           std::span<const Override> overrides = {}) {
  try {
    load_text(text, file, overrides);
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

// The diagnostics of loading `text`; empty when it loads.
inline std::vector<Diagnostic> problems(std::string_view text,
                                        std::span<const Override> overrides = {}) {
  return problems_at(text, "test.toml", overrides);
}

// The one diagnostic of loading `text`: tests that break one thing expect
// exactly one complaint. An empty Diagnostic when there were none or several.
inline Diagnostic only_problem(std::string_view text, std::span<const Override> overrides = {}) {
  const auto found = problems(text, overrides);
  return found.size() == 1 ? found.front() : Diagnostic{};
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

}  // namespace edasim::scenario::testing
