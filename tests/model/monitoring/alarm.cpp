// AlarmEvaluator: CloudWatch's "M out of N" evaluation, one datapoint per
// period, and its treatments of missing data.
#include <catch2/catch.hpp>

#include <vector>

#include "sim/model/monitoring/alarm.hpp"

using namespace edasim;
using namespace edasim::metrics;
using namespace edasim::model;

namespace {

AlarmConfig alarm(std::int32_t m, std::int32_t n, MissingData missing = MissingData::missing) {
  AlarmConfig a;
  a.name = "depth";
  a.metric = "queue.q.ApproximateNumberOfMessagesVisible";
  a.statistic = Statistic::maximum;
  a.threshold = 10;
  a.comparison = Comparison::greater;
  a.evaluation_periods = n;
  a.datapoints_to_alarm = m;
  a.treat_missing_data = missing;
  return a;
}

Datapoint point(double v) {
  Datapoint d;
  d.add(v);
  return d;
}

// The state after each datapoint; a negative value stands for a missing one.
std::vector<AlarmState> run(const AlarmConfig& config, const std::vector<double>& values) {
  AlarmEvaluator e(config);
  std::vector<AlarmState> states;
  for (const double v : values) states.push_back(e.evaluate(v < 0 ? Datapoint{} : point(v)));
  return states;
}

constexpr AlarmState ok = AlarmState::ok;
constexpr AlarmState alarmed = AlarmState::alarm;
constexpr AlarmState insufficient = AlarmState::insufficient_data;

}  // namespace

TEST_CASE("an alarm starts with insufficient data", "[alarm]") {
  CHECK(AlarmEvaluator(alarm(1, 1)).state() == insufficient);
}

TEST_CASE("a 3 of 5 alarm fires on exactly the third breaching datapoint", "[alarm]") {
  // Breaching: the 2nd, 4th and 6th datapoints. At the 7th, the 2nd has left
  // the window of five, so two breaches remain.
  const auto states = run(alarm(3, 5), {1, 20, 1, 30, 1, 40, 1, 1});
  CHECK(states == std::vector<AlarmState>{ok, ok, ok, ok, ok, alarmed, ok, ok});
}

TEST_CASE("an alarm returns to OK once fewer than M of the last N breach", "[alarm]") {
  // 2 of 3: breaching at 1, 2, 3; the window holds two breaches until the
  // second non-breaching datapoint.
  const auto states = run(alarm(2, 3), {20, 20, 20, 1, 1, 1});
  CHECK(states == std::vector<AlarmState>{ok, alarmed, alarmed, alarmed, ok, ok});
}

TEST_CASE("every comparison is strict or not as its name says", "[alarm]") {
  CHECK(breaches(Comparison::greater, 11, 10));
  CHECK_FALSE(breaches(Comparison::greater, 10, 10));
  CHECK(breaches(Comparison::greater_or_equal, 10, 10));
  CHECK(breaches(Comparison::less, 9, 10));
  CHECK_FALSE(breaches(Comparison::less, 10, 10));
  CHECK(breaches(Comparison::less_or_equal, 10, 10));
}

TEST_CASE("missing data: with 'missing' an empty window is insufficient data", "[alarm]") {
  const auto states = run(alarm(1, 2, MissingData::missing), {-1, 20, -1, -1, 1});
  CHECK(states == std::vector<AlarmState>{insufficient, alarmed, alarmed, insufficient, ok});
}

TEST_CASE("missing data: with 'ignore' an empty window keeps the state", "[alarm]") {
  const auto states = run(alarm(1, 1, MissingData::ignore), {-1, 20, -1, -1, 1, -1});
  CHECK(states == std::vector<AlarmState>{insufficient, alarmed, alarmed, alarmed, ok, ok});
}

TEST_CASE("missing data: 'breaching' and 'notBreaching' count missing datapoints", "[alarm]") {
  CHECK(run(alarm(2, 2, MissingData::breaching), {-1, -1, 1}) ==
        std::vector<AlarmState>{ok, alarmed, ok});
  CHECK(run(alarm(1, 1, MissingData::not_breaching), {-1, 20, -1}) ==
        std::vector<AlarmState>{ok, alarmed, ok});
}

TEST_CASE("the alarm reads the configured statistic of each datapoint", "[alarm]") {
  AlarmConfig a = alarm(1, 1);
  a.statistic = Statistic::average;
  AlarmEvaluator e(a);
  Datapoint d;
  for (const double v : {0.0, 0.0, 30.0}) d.add(v);  // maximum 30, average 10
  CHECK(e.evaluate(d) == ok);
  a.statistic = Statistic::maximum;
  AlarmEvaluator by_max(a);
  CHECK(by_max.evaluate(d) == alarmed);
}
