// Bad input that must not reach the simulator: problems found after parsing
// keep their file position even in a study, files that are not scenarios are
// refused before they are read, and the number of problems shown is bounded.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "snippets.hpp"

using namespace edasim;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

std::string first_problem_of_study(std::string_view text,
                                   std::span<const Override> overrides = {}) {
  try {
    load_study_text(text, "x.toml", overrides);
  } catch (const ScenarioError& e) {
    return e.diagnostics().front().to_string();
  }
  return "";
}

}  // namespace

TEST_CASE("a study keeps the position of every value it reads", "[errors]") {
  // load_study copies no TOML node: TOML++ drops positions on copy.
  CHECK(first_problem_of_study(minimal + "[queues.slow]\nvisibility_timeout = \"13h\"\n") ==
        "x.toml:9:22: queues.slow.visibility_timeout: expected a duration of at most 12h, got "
        "\"13h\"");
  CHECK(first_problem_of_study(minimal +
                               "[[designs]]\nname = \"a\"\n[designs.queues.q]\nretention = "
                               "\"15d\"\n") ==
        "x.toml:11:13: queues.q.retention: expected a duration of at most 14d, got \"15d\"");
}

TEST_CASE("a key missing from a table made by --set is placed at that --set", "[errors]") {
  const Override extra{"consumers.extra.instances", "2"};
  CHECK(first_problem_of_study(minimal, {&extra, 1}) ==
        "--set consumers.extra.instances=2: consumers.extra.queue: missing required key \"queue\"");
}

TEST_CASE("a directory or a device is refused as a scenario file", "[errors]") {
  const auto dir = std::filesystem::temp_directory_path();
  CHECK_THROWS_WITH(load_study(dir), Catch::Contains("expected a regular file, got a directory"));
  if (std::filesystem::exists("/dev/zero")) {
    // Would read for ever.
    CHECK_THROWS_WITH(load_study("/dev/zero"),
                      Catch::Contains("expected a regular file, got a special file"));
  }
  CHECK_THROWS_WITH(load_study(dir / "no-such-scenario.toml"), Catch::Contains("no such file"));
}

TEST_CASE("a scenario file larger than 16 MiB is refused", "[errors]") {
  const auto file = std::filesystem::temp_directory_path() / "edasim-too-large.toml";
  {
    std::ofstream out(file, std::ios::binary);
    out << minimal;
    out << std::string(max_scenario_bytes, '#');
  }
  CHECK_THROWS_WITH(load_study(file), Catch::Contains("larger than the limit of 16 MiB"));
  std::filesystem::remove(file);
}

TEST_CASE("an empty or comment-only file is refused by loading, as run refuses it", "[errors]") {
  CHECK(first_problem_of_study("# only a comment\n") ==
        "x.toml:1:1: producers: the scenario has no producers, so there is nothing to simulate; "
        "add a [producers.NAME] table");
}

TEST_CASE("at most 100 problems are listed, then how many more there are", "[errors]") {
  std::string text = minimal + "[queues.r]\n";
  for (int i = 0; i < 150; ++i) text += "unknown_" + std::to_string(i) + " = 1\n";
  try {
    load_study_text(text, "x.toml");
    FAIL("loaded");
  } catch (const ScenarioError& e) {
    CHECK(e.diagnostics().size() == 150);
    const std::string what = e.what();
    CHECK(std::count(what.begin(), what.end(), '\n') == 100);
    CHECK(what.ends_with("and 50 more problems"));
  }
}

TEST_CASE("a scenario name is a single folder name", "[errors]") {
  for (const char* bad : {"../../x", "/tmp/x", "a b", ""}) {
    INFO(bad);
    const Diagnostic d =
        only_problem("[scenario]\nname = \"" + std::string(bad) + "\"\n" + minimal);
    CHECK(d.key == "scenario.name");
    CHECK(d.line == 2);
    CHECK(d.column == 8);
  }
}
