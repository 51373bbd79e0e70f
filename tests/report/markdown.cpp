#include "sim/report/markdown.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "tests/report/sample_run.hpp"
#include "tests/report/text.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::has;
using edasim::report::testing::sample_run;

TEST_CASE("markdown opens with the scenario and its question", "[markdown]") {
  const std::string md = to_markdown(sample_run());
  CHECK(md.rfind("# edasim report: flash-sale\n\n> **Question:** How deep", 0) == 0);
}

TEST_CASE("markdown carries the same figures as tables", "[markdown]") {
  const std::string md = to_markdown(sample_run());
  CHECK(has(md, "## Events"));
  CHECK(has(md, "| produced | 1,000 |"));
  CHECK(has(md, "| &nbsp;&nbsp;unrouted | 10 |"));  // indented under "produced"
  CHECK(has(md, "| PutEvents | EventBridge | 1,000 | 1,000.0 | 1,200 |"));
  CHECK(has(md, "| **total** |"));
  CHECK(has(md, "## API calls by component"));
  CHECK(has(md, "| consumer:fraud | inventory.GetStock | 500 | 500 |"));
  CHECK(has(md, "| **$2.60** |"));
  CHECK(has(md, "| fraud-check | fraud | 8 | 1,950 | 150 | 45.7% |"));
  CHECK(md == to_markdown(sample_run()));
}

TEST_CASE("markdown puts an unbalanced ledger in bold before any table", "[markdown]") {
  RunResult r = sample_run();
  r.events.in_flight += 2;
  const std::string md = to_markdown(r);
  const auto alert = md.find("**NOT BALANCED: processed + in DLQs");
  REQUIRE(alert != std::string::npos);
  CHECK(alert < md.find("## Events"));
  CHECK(has(md, "2 more than 1,980 copies"));
}

TEST_CASE("kinds never called are left out of the tables but kept in JSON", "[markdown]") {
  RunResult r = sample_run();
  r.calls.push_back({"queue:fraud", "ChangeMessageVisibility", 0, 0});
  CHECK_FALSE(has(to_markdown(r), "ChangeMessageVisibility"));
}
