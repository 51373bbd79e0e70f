// The error corpus: every file in tests/scenario/errors is a bad (or
// suspicious) scenario whose header comments say what loading it reports,
// position included, as DuckDB keeps its `statement error` tests as files.
//
//   # error: errors/x.toml:3:22: queues.q.visibility_timeout: expected ...
//   # warning: errors/x.toml:5:1: warning: faults[0].start: ...
//   # set: consumers.c.instances=0
//
// `error` is the first problem's line, exactly; each `warning` must be among
// the warnings of a file that loads; `set` lines are applied as --set
// overrides, in order. A file with neither an error nor a warning fails the
// test: every file must say what it expects.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario/error.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/override.hpp"

using namespace edasim::scenario;

namespace {

struct Expectation {
  std::string error;
  std::vector<std::string> warnings;
  std::vector<Override> overrides;
};

Expectation expectation_of(const std::string& text) {
  Expectation e;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line) && line.rfind('#', 0) == 0;) {
    const auto field = [&](std::string_view name) -> std::optional<std::string> {
      const std::string prefix = "# " + std::string(name) + ": ";
      if (line.rfind(prefix, 0) != 0) return std::nullopt;
      return line.substr(prefix.size());
    };
    if (auto v = field("error")) e.error = *v;
    if (auto v = field("warning")) e.warnings.push_back(*v);
    if (auto v = field("set")) e.overrides.push_back(parse_override(*v));
  }
  return e;
}

std::vector<std::filesystem::path> corpus() {
  std::vector<std::filesystem::path> files;
  const auto dir = std::filesystem::path(EDASIM_SOURCE_DIR) / "tests/scenario/errors";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("every scenario of the error corpus reports its expected first problem, located",
          "[errors]") {
  const auto files = corpus();
  // The corpus covers every reader and every class of mistake; losing files
  // would lose coverage silently.
  CHECK(files.size() >= 100);
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string name = "errors/" + file.filename().string();
    const Expectation expected = expectation_of(text.str());
    INFO(name);
    REQUIRE((!expected.error.empty() || !expected.warnings.empty()));
    std::string first;
    std::vector<std::string> warnings;
    try {
      std::vector<Diagnostic> found_warnings;
      load_study_text(text.str(), name, expected.overrides, &found_warnings);
      for (const Diagnostic& w : found_warnings) warnings.push_back(w.to_string());
    } catch (const ScenarioError& e) {
      first = e.diagnostics().front().to_string();
    }
    CHECK(first == expected.error);
    for (const std::string& w : expected.warnings) {
      INFO("warnings found:\n"
           << [&] {
                std::string all;
                for (const auto& f : warnings) all += f + "\n";
                return all;
              }());
      CHECK(std::find(warnings.begin(), warnings.end(), w) != warnings.end());
    }
  }
}
