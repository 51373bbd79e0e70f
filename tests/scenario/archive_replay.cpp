// A producer replaying an EventBridge archive: `archive = { file = ... }`
// takes the place of the rate, the profile and the templates, the fields
// other keys name must be in the archive, and mistakes in the file are
// reported under the key that named it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/load.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::filesystem::path archive_dir =
    std::filesystem::path(EDASIM_SOURCE_DIR) / "tests/scenario/data/archive";

std::string scenario_with(const std::string& producer_keys, const std::string& duration = "1m") {
  return "[scenario]\nduration = \"" + duration + "\"\n[producers.p]\nto = \"bus.b\"\n" +
         producer_keys +
         "\n[buses.b]\n[[buses.b.rules]]\nname = \"all\"\npattern = '{\"source\": "
         "[\"shop.orders\"]}'\ntargets = [\"q\"]\n[queues.q]\n[consumers.c]\nqueue = \"q\"\n";
}

SystemConfig load_here(const std::string& text) {
  return load_text(text, (archive_dir / "scenario.toml").string());
}

std::vector<Diagnostic> problems_here(const std::string& text) {
  return problems_at(text, (archive_dir / "scenario.toml").string());
}

}  // namespace
TEST_CASE("a producer replaying an archive takes its events, times and rate from the file") {
  const SystemConfig config = load_here(scenario_with("archive = { file = \"orders.jsonl\" }"));
  const ProducerConfig& p = config.producers.at(0);
  REQUIRE(p.archive != nullptr);
  CHECK(p.archive->file == "orders.jsonl");
  CHECK(p.archive->events.size() == 8);
  CHECK(p.templates.empty());
  CHECK(p.arrival.process == ArrivalConfig::Process::archive);
  // Two events in the first second and in the tenth: the peak is 2/s.
  CHECK(p.arrival.rate.per_second == 2.0);
  REQUIRE_FALSE(p.arrival.profile.empty());
  CHECK(p.arrival.profile.front().at == Duration::zero());
  CHECK(p.arrival.profile.front().factor == 1.0);
  CHECK(p.arrival.profile.back().at == seconds(31));
  CHECK(p.arrival.profile.back().factor == 0.0);
}

TEST_CASE("an archive excludes a rate, a profile, traffic, events and an arrival process") {
  for (const std::string other : {"rate = \"5/s\"", "profile = [{ at = \"1m\", factor = 2 }]",
                                  "traffic = { file = \"x.csv\" }", "arrival = \"constant\"",
                                  "[[producers.p.events]]\nname = \"e\""}) {
    INFO(other);
    const bool table = other.front() == '[';
    const auto found =
        problems_here(scenario_with(table ? "archive = { file = \"orders.jsonl\" }\n" + other
                                          : other + "\narchive = { file = \"orders.jsonl\" }"));
    REQUIRE(found.size() == 1);
    CHECK(contains(found[0].message, "a producer replaying an archive takes its events"));
    CHECK(contains(found[0].key, "producers.p."));
  }
}

TEST_CASE("problems of an archive file are located in it, under the key that named it") {
  auto found = problems_here(scenario_with("archive = { file = \"bad-detail.jsonl\" }"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].where == (archive_dir / "bad-detail.jsonl").string());
  CHECK(found[0].line == 2);
  CHECK(found[0].column == 177);
  CHECK(found[0].key == "producers.p.archive.file");

  found = problems_here(scenario_with("archive = { file = \"bad-json.jsonl\" }"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].to_string() == (archive_dir / "bad-json.jsonl").string() +
                                    ":2:133: producers.p.archive.file: invalid JSON: expected a "
                                    "key in double quotes, got \"}\"");

  found = problems_here(scenario_with("archive = { file = \"missing.jsonl\" }"));
  REQUIRE(found.size() == 1);
  CHECK(contains(found[0].message, "cannot open the archive file: no such file"));

  found = problems_here(scenario_with("archive = { file = \"orders.jsonl\", start = \"noon\" }"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].key == "producers.p.archive.start");

  found = problems_here(scenario_with("archive = { file = \"orders.jsonl\", size = \"body\" }"));
  REQUIRE(found.size() == 1);
  CHECK(found[0].key == "producers.p.archive.size");
}

TEST_CASE("fields named by a producer replaying an archive must be in the archive") {
  const std::string to_fifo =
      "[scenario]\nduration = \"1m\"\n[producers.p]\nto = \"queue.q\"\n"
      "archive = { file = \"orders.jsonl\" }\nmessage_group_id = \"detail.orderId\"\n"
      "[queues.q]\nfifo = true\n[consumers.c]\nqueue = \"q\"\n";
  CHECK(problems_here(to_fifo).empty());
  std::string missing = to_fifo;
  missing.replace(missing.find("detail.orderId"), 14, "detail.customer");
  auto found = problems_here(missing);
  REQUIRE(found.size() == 1);
  CHECK(found[0].key == "producers.p.message_group_id");
  CHECK(contains(found[0].message, "no event of the archive has a field \"detail.customer\""));
  // detail.items.sku is inside an array: no one value per event.
  missing.replace(missing.find("detail.customer"), 15, "detail.items.sku");
  CHECK(problems_here(missing).size() == 1);
}

TEST_CASE("archived events after the run's end are warned about, with their number") {
  std::vector<Diagnostic> warnings;
  load_study_text(scenario_with("archive = { file = \"orders.jsonl\" }", "10s"),
                  (archive_dir / "scenario.toml").string(), {}, &warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].key == "producers.p.archive.file");
  CHECK(warnings[0].message ==
        "3 of the archive's 8 events come at or after the run's end (10s): they are not "
        "replayed");
}
