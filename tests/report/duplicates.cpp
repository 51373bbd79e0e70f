// A consumer that counts duplicates (`duplicates`): report.json's field, the
// study measure and the column of the consumers and functions tables, all
// absent where nothing counts them.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include "sim/report/json.hpp"
#include "sim/report/markdown.hpp"
#include "sim/report/measures.hpp"
#include "sim/report/terminal.hpp"
#include "tests/report/sample_run.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::sample_run;

namespace {

bool has_measure(const plan::Measures& measures, const std::string& name, double value) {
  for (const plan::Measure& m : measures) {
    if (m.name == name) return m.value == value && m.lower_is_better;
  }
  return false;
}

bool names_measure(const plan::Measures& measures, const std::string& name) {
  for (const plan::Measure& m : measures) {
    if (m.name == name) return true;
  }
  return false;
}

RunResult counting() {
  RunResult r = sample_run();
  r.fleets.at(0).counts_duplicates = true;
  r.fleets.at(0).duplicates = 17;
  FunctionResult f;
  f.name = "relay";
  f.queue = "fraud";
  f.processed = 40;
  f.counts_duplicates = true;
  f.duplicates = 5;
  r.functions.push_back(f);
  return r;
}

}  // namespace

TEST_CASE("a consumer that counts duplicates reports them in every output", "[json]") {
  const RunResult r = counting();
  const std::string fleet = r.fleets[0].name;
  const auto j = to_json(r);
  CHECK(j.at("consumers").at(fleet).at("duplicates") == 17);
  CHECK(j.at("functions").at("relay").at("duplicates") == 5);
  const plan::Measures m = measures_of(r);
  CHECK(has_measure(m, "consumers." + fleet + ".duplicates", 17));
  CHECK(has_measure(m, "functions.relay.duplicates", 5));
  const std::string md = to_markdown(r);
  CHECK(md.find("| duplicates |") != std::string::npos);
  std::ostringstream text;
  TerminalLayout layout;
  layout.width = 250;
  write_summary(r, text, layout);
  CHECK(text.str().find("duplicates") != std::string::npos);
  CHECK(text.str().find("Duplicates are successful processings") != std::string::npos);
}

TEST_CASE("nothing says duplicates where no consumer counts them", "[json]") {
  const RunResult r = sample_run();
  const std::string fleet = r.fleets.at(0).name;
  const auto j = to_json(r);
  CHECK_FALSE(j.at("consumers").at(fleet).contains("duplicates"));
  CHECK_FALSE(names_measure(measures_of(r), "consumers." + fleet + ".duplicates"));
  CHECK(to_markdown(r).find("Duplicates are successful processings") == std::string::npos);
}
