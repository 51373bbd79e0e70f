// What is wrong with a scenario, and where: ScenarioError carries every
// problem found while loading one file (syntax, schema, ranges, references),
// each pinned to a file position or to the --set that introduced it.
//
// Loading reports all the problems it can find in one pass, so a user fixes a
// scenario in one edit rather than one error per run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace edasim::scenario {

// One problem. `where` is "scenarios/x.toml" or "--set consumers.a.batch=5";
// line and column are 1-based and 0 when the problem has no file position
// (an override, or a file that could not be read).
struct Diagnostic {
  std::string where;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string key;  // scenario key path, "queues.fraud.visibility_timeout"
  std::string message;
  // A setting that loads but cannot take effect as written (a fault after
  // the run's end): printed with "warning: " after the position.
  bool warning = false;

  // "scenarios/x.toml:12:3: queues.fraud.visibility_timeout: expected ...",
  // or "--set queues.fraud.visibility_timeout=13h: expected ..." (the key is not
  // repeated when the --set names it already).
  std::string to_string() const;
};

// what() lists at most this many problems, then "and N more problems": a
// file with thousands of mistakes is fixed from the first ones.
inline constexpr std::size_t max_problems_shown = 100;

class ScenarioError : public std::runtime_error {
 public:
  // `diagnostics` must not be empty; what() lists them one per line, the
  // first max_problems_shown of them.
  explicit ScenarioError(std::vector<Diagnostic> diagnostics);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // The first problem's fields, for callers that show only one.
  const std::string& where() const { return diagnostics_.front().where; }
  std::uint32_t line() const { return diagnostics_.front().line; }
  std::uint32_t column() const { return diagnostics_.front().column; }
  const std::string& key() const { return diagnostics_.front().key; }
  const std::string& message() const { return diagnostics_.front().message; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace edasim::scenario
