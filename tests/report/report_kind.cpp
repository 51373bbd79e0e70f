#include "sim/report/report_kind.hpp"

#include <catch2/catch.hpp>
#include <cstddef>
#include <string>
#include <vector>

#include "sim/report/sections.hpp"
#include "tests/report/sample_run.hpp"

using namespace edasim;
using namespace edasim::report;
using edasim::report::testing::sample_run;

namespace {

std::size_t build_index(std::string_view table) {
  const auto kinds = report_kinds();
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    if (kinds[i].table == table) return i;
  }
  FAIL("no kind " << table);
  return 0;
}

}  // namespace

TEST_CASE("the reports show every kind once, by stage and then in build order", "[report]") {
  const auto reading = reading_order();
  REQUIRE(reading.size() == report_kinds().size());
  for (std::size_t i = 1; i < reading.size(); ++i) {
    INFO(reading[i - 1].table << " before " << reading[i].table);
    const Stage before = reading[i - 1].kind->stage, after = reading[i].kind->stage;
    CHECK(before <= after);
    if (before == after) CHECK(build_index(reading[i - 1].table) < build_index(reading[i].table));
  }
  CHECK(reading.front().table == "producers");
  CHECK(reading.back().table == "faults");
}

TEST_CASE("a kind's sections come where its stage puts it", "[report]") {
  std::vector<std::string> ids;
  for (const Section& s : report_sections(sample_run())) ids.push_back(s.id);
  const auto at = [&](const std::string& id) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (ids[i] == id) return i;
    }
    FAIL("no section " << id);
    return std::size_t{0};
  };
  // Held before handled, handled before called, and the run's own figures
  // around them all.
  CHECK(at("latency") < at("queues"));
  CHECK(at("queues") < at("consumers"));
  CHECK(at("consumers") < at("theory"));
}
