// The documentation's examples load: every ```toml block in README.md and
// under docs/ goes through the scenario loader, so a page cannot show a
// scenario that edasim would refuse (or an error it would not report).
//
// A block is a complete scenario unless an HTML comment on the line before
// its fence says otherwise (docs/scenario/README.md, "How the examples on
// these pages are checked"):
//
//   <!-- toml: appended to docs/scenario/base.toml -->
//   <!-- toml: fails with: scenario.toml:3:12: scenario.duration: ... -->
//   <!-- toml: appended to docs/scenario/base.toml; fails with: ... -->
//   <!-- toml: in docs/scenario; appended to docs/scenario/base.toml -->
//
// A fragment is appended to the named file (relative to the repository)
// before loading; a block that fails on purpose must fail with exactly that
// first problem. The text is loaded as "scenario.toml", the name `edasim
// init` gives a new scenario; "in FOLDER" places that file in FOLDER of the
// repository, where the files the block names (recorded traffic) are found. A complete or appended
// block must load with neither errors nor warnings.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/error.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim::scenario;

namespace {

const std::filesystem::path source_dir = EDASIM_SOURCE_DIR;

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// What the comment before a block says about it.
struct Expectation {
  std::string appended_to;  // a file the block completes; empty: a whole scenario
  std::string fails_with;   // the exact first problem; empty: it must load
  // The folder the block's scenario sits in, for the files it names (recorded
  // traffic); empty: the block's file names are not resolved anywhere.
  std::string folder;
};

// Parses the inside of "<!-- toml: ... -->"; nullopt when it says something
// this test does not know, so a misspelt comment fails rather than being
// ignored.
std::optional<Expectation> parse_expectation(std::string_view said) {
  Expectation e;
  said = trimmed(said);
  constexpr std::string_view appended = "appended to ";
  constexpr std::string_view fails = "fails with: ";
  constexpr std::string_view in = "in ";
  if (starts_with(said, in)) {
    const auto end = said.find(';');
    e.folder = std::string(trimmed(said.substr(in.size(), end - in.size())));
    said = end == std::string_view::npos ? std::string_view{} : trimmed(said.substr(end + 1));
    if (e.folder.empty()) return std::nullopt;
  }
  if (starts_with(said, appended)) {
    const auto end = said.find(';');
    e.appended_to = std::string(trimmed(said.substr(appended.size(), end - appended.size())));
    said = end == std::string_view::npos ? std::string_view{} : trimmed(said.substr(end + 1));
    if (e.appended_to.empty()) return std::nullopt;
  }
  if (starts_with(said, fails)) {
    e.fails_with = std::string(trimmed(said.substr(fails.size())));
    if (e.fails_with.empty()) return std::nullopt;
    said = {};
  }
  if (!said.empty()) return std::nullopt;
  return e;
}

// Loads one block as its comment says; empty when it behaves as documented,
// else what went wrong.
std::string check_block(const std::string& toml, const Expectation& expected) {
  std::string text = toml;
  if (!expected.appended_to.empty()) {
    const auto base = source_dir / expected.appended_to;
    if (!std::filesystem::is_regular_file(base)) return "no such file: " + expected.appended_to;
    text = read_text(base) + "\n" + toml;
  }
  std::vector<Diagnostic> warnings;
  try {
    const std::string source = expected.folder.empty()
                                   ? std::string("scenario.toml")
                                   : (source_dir / expected.folder / "scenario.toml").string();
    load_study_text(text, source, {}, &warnings);
  } catch (const ScenarioError& e) {
    const std::string first = e.diagnostics().front().to_string();
    if (expected.fails_with.empty()) return "does not load:\n" + std::string(e.what());
    if (first != expected.fails_with) return "fails with a different first problem:\n" + first;
    return {};
  }
  if (!expected.fails_with.empty()) return "loads, but should fail with: " + expected.fails_with;
  if (!warnings.empty()) return "loads with a warning: " + warnings.front().to_string();
  return {};
}

struct PageCheck {
  int blocks = 0;
  std::vector<std::string> failures;  // "page:line: what went wrong"
};

// Finds every ```toml block of a Markdown page and checks it.
PageCheck check_page(const std::string& page_text, const std::string& page) {
  PageCheck result;
  std::istringstream lines(page_text);
  std::string line;
  int number = 0;
  std::string previous;  // the last non-empty line outside a block
  int previous_number = 0;
  const auto fail = [&](int at, const std::string& what) {
    result.failures.push_back(page + ":" + std::to_string(at) + ": " + what);
  };
  const auto comment_of = [](std::string_view l) -> std::optional<std::string_view> {
    constexpr std::string_view open = "<!-- toml:";
    l = trimmed(l);
    if (!starts_with(l, open) || l.size() < open.size() + 3 || l.substr(l.size() - 3) != "-->") {
      return std::nullopt;
    }
    return l.substr(open.size(), l.size() - open.size() - 3);
  };
  while (std::getline(lines, line)) {
    ++number;
    const std::string_view t = trimmed(line);
    if (!starts_with(t, "```")) {
      if (!t.empty()) {
        if (comment_of(previous))
          fail(previous_number, "a toml comment not followed by a toml block");
        previous = line;
        previous_number = number;
      }
      continue;
    }
    const bool toml = trimmed(t.substr(3)) == "toml";
    const int opened = number;
    std::string body;
    bool closed = false;
    while (std::getline(lines, line)) {
      ++number;
      if (trimmed(line) == "```") {
        closed = true;
        break;
      }
      body += line + "\n";
    }
    if (!closed) {
      fail(opened, "a code block that never ends");
      break;
    }
    const auto comment = comment_of(previous);
    previous.clear();
    if (!toml) {
      if (comment) fail(opened - 1, "a toml comment before a block that is not toml");
      continue;
    }
    ++result.blocks;
    Expectation expected;
    if (comment) {
      const auto parsed = parse_expectation(*comment);
      if (!parsed) {
        fail(opened - 1, "a toml comment this test does not understand");
        continue;
      }
      expected = *parsed;
    }
    if (const std::string wrong = check_block(body, expected); !wrong.empty()) fail(opened, wrong);
  }
  if (comment_of(previous)) fail(previous_number, "a toml comment not followed by a toml block");
  return result;
}

std::vector<std::filesystem::path> documentation_pages() {
  std::vector<std::filesystem::path> pages{source_dir / "README.md"};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir / "docs")) {
    if (entry.is_regular_file() && entry.path().extension() == ".md") pages.push_back(entry.path());
  }
  std::sort(pages.begin(), pages.end());
  return pages;
}

std::string all(const std::vector<std::string>& failures) {
  std::string text;
  for (const auto& f : failures) text += f + "\n";
  return text;
}

}  // namespace

TEST_CASE("every toml example in README.md and docs/ loads as its page says", "[docs]") {
  int blocks = 0;
  std::vector<std::string> failures;
  for (const auto& page : documentation_pages()) {
    const auto checked =
        check_page(read_text(page), std::filesystem::relative(page, source_dir).string());
    blocks += checked.blocks;
    failures.insert(failures.end(), checked.failures.begin(), checked.failures.end());
  }
  INFO(all(failures));
  CHECK(failures.empty());
  // The complete example, the fragments of the reference pages and the
  // error example: finding fewer means the pages or this scan lost some.
  CHECK(blocks >= 5);
}

TEST_CASE(
    "docs examples: a block that does not load, or fails otherwise than its page says, is "
    "reported at its line",
    "[docs]") {
  const std::string page = R"(# A page

```toml
[producers.p]
to = "queue.q"
rate = "1/s"
[queues.q]
visibility_timeout = "13h"
```

<!-- toml: fails with: scenario.toml:1:1: nothing: not this -->
```toml
[scenario]
duration = 1h
```

<!-- toml: appended to docs/scenario/base.toml -->
```toml
[queues.extra]
retention = "1d"
```

<!-- toml: appended to docs/scenario/base.toml -->
```toml
[queues.orders]
```
)";
  const PageCheck checked = check_page(page, "page.md");
  INFO(all(checked.failures));
  CHECK(checked.blocks == 4);
  REQUIRE(checked.failures.size() == 3);
  CHECK(starts_with(checked.failures[0], "page.md:3: does not load:"));
  CHECK(starts_with(checked.failures[1], "page.md:12: fails with a different first problem:"));
  // The fragment re-declares a table the base already has.
  CHECK(starts_with(checked.failures[2], "page.md:24: does not load:"));
}

TEST_CASE("docs examples: a toml comment that is misspelt or stands alone is reported", "[docs]") {
  const std::string page = R"(<!-- toml: apended to docs/scenario/base.toml -->
```toml
[queues.extra]
```

<!-- toml: appended to docs/scenario/base.toml -->

Text, not a block.
)";
  const PageCheck checked = check_page(page, "page.md");
  INFO(all(checked.failures));
  REQUIRE(checked.failures.size() == 2);
  CHECK(
      starts_with(checked.failures[0], "page.md:1: a toml comment this test does not understand"));
  CHECK(starts_with(checked.failures[1], "page.md:6: a toml comment not followed by a toml block"));
}
