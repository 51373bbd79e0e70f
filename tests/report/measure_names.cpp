// Study measures are named after report.json: a measure is its field's
// path with the unit suffixes dropped, and old spellings are told their
// new names.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "sim/report/json.hpp"
#include "sim/report/measures.hpp"
#include "tests/report/sample_run.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;

namespace {

using Json = nlohmann::ordered_json;

std::string without_suffix(const std::string& key) {
  return std::string(measure_segment(key));
}

// Every path of `j` whose value is a number or null, with each segment's
// unit suffix dropped; array elements are left out (no measure is in one).
void collect(const Json& j, const std::string& prefix, std::set<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      collect(value, prefix + (prefix.empty() ? "" : ".") + without_suffix(key), out);
    }
  } else if (j.is_number() || j.is_null()) {
    out.insert(prefix);
  }
}

// Families whose names are their own (API calls by kind, the bill), and
// sums of report.json fields (lost, a DLQ's depth at the end).
bool named_apart(const std::string& name) {
  return name.starts_with("calls.") || name.starts_with("cost.") || name == "events.lost" ||
         name.ends_with(".final_depth");
}

}  // namespace

TEST_CASE("every study measure is its report.json path without unit suffixes", "[measures]") {
  RunResult r = testing::sample_run();
  ChainResult chain;
  chain.name = "checkout";
  chain.latency.record(milliseconds(40).ns);
  r.chains.push_back(chain);
  // report.json has an autoscaling block only for a fleet that autoscales;
  // the measure exists for every fleet.
  r.fleets[0].autoscaled = true;
  std::set<std::string> paths;
  collect(to_json(r), "", paths);
  std::size_t checked = 0;
  for (const plan::Measure& m : measures_of(r)) {
    if (named_apart(m.name)) continue;
    INFO(m.name);
    CHECK(paths.contains(m.name));
    ++checked;
  }
  // Latency blocks of the run, each fleet and the chain, queues, consumers
  // and events: far more than a handful.
  CHECK(checked > 40);
  CHECK(paths.contains("queues.fraud.moved_to_dlq"));
}

TEST_CASE("the renamed measures exist under their new names", "[measures]") {
  RunResult r = testing::sample_run();
  ChainResult chain;
  chain.name = "checkout";
  r.chains.push_back(chain);
  std::set<std::string> names;
  for (const plan::Measure& m : measures_of(r)) names.insert(m.name);
  for (const char* name :
       {"latency.end_to_end.p999", "consumers.fraud-check.latency.end_to_end.p99",
        "consumers.fraud-check.latency.wait_to_start.p999", "consumers.fraud-check.failed",
        "consumers.fraud-check.autoscaling.peak_instances", "consumers.fraud-check.utilization",
        "queues.fraud.max_depth", "queues.fraud.max_age", "queues.fraud-dlq.final_depth",
        "chains.checkout.latency.p99", "chains.checkout.failed", "chains.checkout.retries"}) {
    INFO(name);
    CHECK(names.contains(name));
  }
  for (const std::string& name : names) {
    INFO(name);
    CHECK_FALSE(name.starts_with("queue."));
    CHECK_FALSE(name.starts_with("consumer."));
    CHECK_FALSE(name.starts_with("chain."));
    CHECK_FALSE(name.ends_with(".p99.9"));
  }
  // Only a dead-letter queue's depth at the end is a measure.
  CHECK_FALSE(names.contains("queues.fraud.final_depth"));
}

TEST_CASE("an old measure spelling is told its new name", "[measures]") {
  RunResult r = testing::sample_run();
  ChainResult chain;
  chain.name = "checkout";
  r.chains.push_back(chain);
  std::set<std::string> known;
  for (const plan::Measure& m : measures_of(r)) known.insert(m.name);
  const auto now = [&](const std::string& old) { return renamed_measure(old, known); };
  CHECK(now("queue.fraud.max_depth") == "queues.fraud.max_depth");
  CHECK(now("queue.fraud-dlq.final_depth") == "queues.fraud-dlq.final_depth");
  CHECK(now("consumer.fraud-check.failed_attempts") == "consumers.fraud-check.failed");
  CHECK(now("consumer.fraud-check.peak_instances") ==
        "consumers.fraud-check.autoscaling.peak_instances");
  CHECK(now("consumer.fraud-check.utilization") == "consumers.fraud-check.utilization");
  CHECK(now("latency.end_to_end.p99.9") == "latency.end_to_end.p999");
  CHECK(now("latency.fraud-check.p99") == "consumers.fraud-check.latency.end_to_end.p99");
  CHECK(now("latency.fraud-check.wait_to_start.p99.9") ==
        "consumers.fraud-check.latency.wait_to_start.p999");
  CHECK(now("latency.checkout.mean") == "chains.checkout.latency.mean");
  CHECK(now("chain.checkout.retries") == "chains.checkout.retries");
  // Names that never existed, or that are current, have no new name.
  CHECK_FALSE(now("queue.nowhere.max_depth"));
  CHECK_FALSE(now("events.lsot"));
  CHECK_FALSE(now("queues.fraud.max_depth"));
}
