// --set KEY=VALUE changes any scenario value before validation.
#include <catch2/catch.hpp>

#include "sim/scenario/override.hpp"
#include "snippets.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

const std::string complete_file =
    std::string(EDASIM_SOURCE_DIR) + "/tests/scenario/data/complete.toml";

std::vector<Override> parsed(const std::vector<std::string>& sets) {
  std::vector<Override> overrides;
  for (const std::string& s : sets) overrides.push_back(parse_override(s));
  return overrides;
}

SystemConfig load_with(const std::vector<std::string>& sets) {
  return load(complete_file, parsed(sets));
}

std::vector<Diagnostic> problems_with(const std::vector<std::string>& sets) {
  try {
    load(complete_file, parsed(sets));
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

const FleetConfig& fraud_fleet(const SystemConfig& c) {
  return c.fleets.at(1);
}
const QueueConfig& fraud_queue(const SystemConfig& c) {
  return c.queues.at(1);
}

}  // namespace

TEST_CASE("an override splits at the first equals sign outside quotes", "[overrides]") {
  const Override o = parse_override("scenario.name=a=b");
  CHECK(o.path == "scenario.name");
  CHECK(o.value == "a=b");
  const Override quoted = parse_override(R"(consumers.fraud.calls."x=y"=3)");
  CHECK(quoted.path == R"(consumers.fraud.calls."x=y")");
  CHECK(quoted.value == "3");
  CHECK_THROWS_AS(parse_override("consumers.fraud.instances"), ScenarioError);
  CHECK_THROWS_AS(parse_override("=3"), ScenarioError);
}

TEST_CASE("overrides set integers, durations, strings and booleans", "[overrides]") {
  const SystemConfig c =
      load_with({"consumers.fraud.instances=8", "queues.fraud.visibility_timeout=45s",
                 "scenario.seed=7", "scenario.name=\"renamed\"", "consumers.audit.delete=batch",
                 "consumers.fraud.on_failure.jitter=false"});
  REQUIRE(fraud_fleet(c).name == "fraud");
  CHECK(fraud_fleet(c).instances == 8);
  REQUIRE(fraud_queue(c).name == "fraud");
  CHECK(fraud_queue(c).visibility_timeout == seconds(45));
  CHECK(c.seed == 7);
  CHECK(c.name == "renamed");
  CHECK(c.fleets.at(0).delete_in_batches);
  CHECK_FALSE(fraud_fleet(c).on_failure.jitter);
}

TEST_CASE("an override can replace a whole distribution with an inline table", "[overrides]") {
  const SystemConfig c =
      load_with({R"(consumers.fraud.processing={ dist = "exponential", mean = "200ms" })"});
  CHECK(fraud_fleet(c).processing.seconds().kind() == Distribution::Kind::exponential);
  CHECK(fraud_fleet(c).processing.seconds().mean() == Approx(0.2));
}

TEST_CASE("overrides address array elements by index", "[overrides]") {
  const SystemConfig c = load_with(
      {"buses.main.rules[0].targets=[\"audit\"]", "producers.orders.events.1.weight=0.5"});
  CHECK(c.buses.at(0).rules.at(0).targets == std::vector<std::string>{"audit"});
  CHECK(c.producers.at(1).templates.at(1).weight == Approx(0.5));
}

TEST_CASE("quoted segments reach keys that contain dots", "[overrides]") {
  const SystemConfig c =
      load_with({R"(consumers.fraud.calls."payments.GetOrder"=3)",
                 R"(producers.orders.events[0].fields."detail.total".decimals=0)"});
  CHECK(fraud_fleet(c).calls.at(0) == std::pair<std::string, std::int32_t>{"payments.GetOrder", 3});
  const auto& fields = c.producers.at(1).templates.at(0).fields;
  const auto total = std::find_if(fields.begin(), fields.end(), [](const FieldGenerator& f) {
    return f.path == std::vector<std::string>{"detail", "total"};
  });
  REQUIRE(total != fields.end());
  CHECK(total->decimals == 0);
}

TEST_CASE("overrides apply in order, so the last one wins", "[overrides]") {
  const SystemConfig c = load_with({"consumers.fraud.instances=8", "consumers.fraud.instances=3"});
  CHECK(fraud_fleet(c).instances == 3);
}

TEST_CASE("an overridden value gets the same validation as the file", "[overrides]") {
  const auto found = problems_with({"queues.fraud.visibility_timeout=13h"});
  REQUIRE(found.size() == 1);
  CHECK(
      found[0].to_string() ==
      "--set queues.fraud.visibility_timeout=13h: expected a duration of at most 12h, got \"13h\"");
  CHECK(found[0].line == 0);
}

TEST_CASE("an override can fix a value the file gets wrong", "[overrides]") {
  const std::vector<Override> fix = parsed({"consumers.c.batch=5"});
  const SystemConfig c = load_text(minimal + "batch = 50\n", "t.toml", fix);
  CHECK(c.fleets.at(0).batch_size == 5);
}

TEST_CASE("an override of a key the schema does not know is an unknown key", "[overrides]") {
  const auto found = problems_with({"consumers.fraud.instancs=8"});
  REQUIRE(found.size() == 1);
  CHECK(found[0].where == "--set consumers.fraud.instancs=8");
  CHECK(contains(found[0].message, "did you mean \"instances\"?"));

  const auto section = problems_with({"consumer.fraud.instances=8"});
  REQUIRE(section.size() == 1);
  CHECK(section[0].where == "--set consumer.fraud.instances=8");
  CHECK(contains(section[0].message, "did you mean \"consumers\"?"));
}

TEST_CASE("an override through a missing array element or a value is reported", "[overrides]") {
  const auto past_end = problems_with({"buses.main.rules[9].name=x"});
  REQUIRE(past_end.size() == 1);
  CHECK(past_end[0].where == "--set buses.main.rules[9].name=x");
  CHECK(contains(past_end[0].message, "array of 2 elements"));

  const auto through_value = problems_with({"queues.fraud.retention.days=3"});
  REQUIRE(through_value.size() == 1);
  CHECK(contains(through_value[0].message, "has no key \"days\""));
}

TEST_CASE("an override can add a component", "[overrides]") {
  const SystemConfig c = load_with({"queues.extra.retention=1d"});
  REQUIRE(c.queues.size() == 4);
  CHECK(c.queues.at(1).name == "extra");
  CHECK(c.queues.at(1).retention == hours(24));
}
