// The report.json reference (docs/report-json.md) covers every path a
// report can hold, and states what the field tables say.
#include "sim/report/json_reference.hpp"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "sim/report/json.hpp"
#include "tests/report/sample_run.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;

namespace {

using Json = nlohmann::ordered_json;

// Objects keyed by component name, as the reference writes them.
bool keyed_by_name(const std::string& path) {
  static const std::set<std::string> kNamed = {
      "producers", "queues", "consumers", "chains",  "functions",   "streams",  "consumer_groups",
      "topics",    "buses",  "apis",      "pollers", "cost.fleets", "cost.apis"};
  return kNamed.contains(path);
}

// Every leaf of `j` (a value, or an empty object or array), by path.
void collect(const Json& j, const std::string& path, std::set<std::string>& out) {
  if (!j.is_structured() || j.empty()) out.insert(path);
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      std::string child = keyed_by_name(path)                ? "<name>"
                          : path.ends_with(".subscriptions") ? "<sub>"
                                                             : key;
      collect(value, path.empty() ? child : path + "." + child, out);
    }
  } else if (j.is_array()) {
    for (const Json& element : j) collect(element, path + "[]", out);
  }
}

// Whether the reference has a row for `path` itself, in any of the forms
// it writes paths in: `cost.sqs.*`, `alarms[]`, `cost.*.run_usd`.
bool has_row(const std::string& reference, const std::string& path) {
  std::vector<std::string> forms = {path, path + ".*", path + "[]"};
  for (std::size_t dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1)) {
    const std::size_t end = path.find('.', dot + 1);
    const std::size_t length = end == std::string::npos ? std::string::npos : end - dot - 1;
    forms.push_back(std::string(path).replace(dot + 1, length, "*"));
  }
  for (const std::string& form : forms) {
    if (reference.find("`" + form + "`") != std::string::npos) return true;
  }
  return false;
}

// Whether the reference has a row for `path` or for an object or array
// that holds it (a hand-written row may describe a whole object); a
// component's own fields each need a row of their own.
bool documented(const std::string& reference, std::string path) {
  while (!has_row(reference, path)) {
    const std::size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos) return false;
    path.resize(cut);
    if (keyed_by_name(path)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("the report.json reference has a row for every path of a report", "[reference]") {
  RunResult r = testing::sample_run();
  r.fleets[0].autoscaled = true;
  r.queues[0].fifo = true;
  ChainResult chain;
  chain.name = "checkout";
  r.chains.push_back(chain);
  PollerResult poller;
  poller.name = "inventory-sync";
  r.pollers.push_back(poller);
  std::set<std::string> paths;
  collect(to_json(r), "", paths);
  const std::string reference = json_reference();
  for (const std::string& path : paths) {
    INFO(path);
    CHECK(documented(reference, path));
  }
  // The renamed field is documented under its new name only.
  CHECK(reference.find("| `queues.<name>.moved_to_dlq` |") != std::string::npos);
  CHECK(reference.find("| `queues.<name>.dlq` |") == std::string::npos);
}

TEST_CASE("the reference names each field's study measure", "[reference]") {
  const std::string reference = json_reference();
  CHECK(reference.find("| `queues.<name>.max_age_ms` | number | ms |") != std::string::npos);
  CHECK(reference.find("| `queues.<name>.max_age` |") != std::string::npos);
  CHECK(reference.find("`consumers.<name>.latency.end_to_end.{mean,p50,p90,p99,p999}`") !=
        std::string::npos);
  CHECK(reference.find("`chains.<name>.latency.{mean,p50,p90,p99,p999}`") != std::string::npos);
  CHECK(reference.find("| `events.lost` |") != std::string::npos);
  CHECK(reference.find(std::string("`") + kJsonSchema + "`") != std::string::npos);
}
