// An autoscaling policy on a consumer fleet is read whole or reported: its
// bounds must hold the fleet's starting size, and nothing is clamped.
#include <catch2/catch.hpp>

#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

std::string with_policy(const std::string& instances, const std::string& policy) {
  return minimal + "instances = " + instances + "\n[consumers.c.autoscaling]\n" + policy;
}

}  // namespace

TEST_CASE("an autoscaling policy is read with its defaults", "[autoscaling]") {
  const SystemConfig s = load_text(
      with_policy("2", "metric = \"backlog_per_instance\"\ntarget = 50\nmin = 1\nmax = 8\n"),
      "test.toml");
  const AutoscalingConfig& a = s.fleets.at(0).autoscaling;
  CHECK(a.enabled);
  CHECK(a.metric == AutoscalingConfig::Metric::backlog_per_instance);
  CHECK(a.target == 50);
  CHECK(a.min_instances == 1);
  CHECK(a.max_instances == 8);
  CHECK(a.period == minutes(1));
  CHECK(a.scale_out_cooldown == seconds(300));
  CHECK(a.scale_in_cooldown == seconds(300));
  CHECK(a.scale_out_datapoints == 3);
  CHECK(a.scale_in_datapoints == 15);
}

TEST_CASE("a minimum above the starting instances is an error, not a clamp", "[errors]") {
  const Diagnostic d = only_problem(
      with_policy("2", "metric = \"backlog_per_instance\"\ntarget = 50\nmin = 3\nmax = 8\n"));
  CHECK(d.key == "consumers.c.autoscaling.min");
  CHECK(contains(d.message, "must not exceed the fleet's starting instances (2)"));
}

TEST_CASE("a maximum below the starting instances is an error, not a clamp", "[errors]") {
  const Diagnostic d = only_problem(
      with_policy("4", "metric = \"backlog_per_instance\"\ntarget = 50\nmin = 1\nmax = 3\n"));
  CHECK(d.key == "consumers.c.autoscaling.max");
  CHECK(contains(d.message, "must not be below the fleet's starting instances (4)"));
}

TEST_CASE("an autoscaling policy names a known metric and a positive target", "[errors]") {
  const Diagnostic metric =
      only_problem(with_policy("1", "metric = \"cpu\"\ntarget = 50\nmin = 1\nmax = 3\n"));
  CHECK(metric.key == "consumers.c.autoscaling.metric");
  CHECK(contains(metric.message, "\"backlog_per_instance\" or \"oldest_message_age\""));
  const Diagnostic target = only_problem(
      with_policy("1", "metric = \"oldest_message_age\"\ntarget = 0\nmin = 1\nmax = 3\n"));
  CHECK(target.key == "consumers.c.autoscaling.target");
  const Diagnostic missing =
      only_problem(with_policy("1", "metric = \"oldest_message_age\"\nmin = 1\nmax = 3\n"));
  CHECK(missing.key == "consumers.c.autoscaling.target");
  const Diagnostic unknown = only_problem(with_policy(
      "1", "metric = \"oldest_message_age\"\ntarget = 5\nmin = 1\nmax = 3\ncooldown = \"1m\"\n"));
  CHECK(unknown.key == "consumers.c.autoscaling.cooldown");
}

TEST_CASE("autoscaling periods and datapoints must be positive", "[errors]") {
  const std::string base = "metric = \"backlog_per_instance\"\ntarget = 5\nmin = 1\nmax = 3\n";
  CHECK(only_problem(with_policy("1", base + "period = \"0s\"\n")).key ==
        "consumers.c.autoscaling.period");
  CHECK(only_problem(with_policy("1", base + "scale_in_datapoints = 0\n")).key ==
        "consumers.c.autoscaling.scale_in_datapoints");
  CHECK(only_problem(with_policy("1", base + "scale_in_ratio = 1.5\n")).key ==
        "consumers.c.autoscaling.scale_in_ratio");
}
