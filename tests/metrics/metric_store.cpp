// MetricStore: samples become one CloudWatch datapoint per period, with its
// statistics; a metric without samples has a missing datapoint.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "sim/metrics/metric_store.hpp"

using namespace edasim;

TEST_CASE("a period's samples give CloudWatch's five statistics", "[metrics]") {
  MetricStore store(minutes(1));
  const std::size_t depth = store.add_metric("queue.q.ApproximateNumberOfMessagesVisible");
  for (const double v : {4.0, 10.0, 1.0}) store.record(depth, v);
  store.close_period(Time::zero() + minutes(1));
  const Datapoint& d = store.at(0, depth);
  CHECK(d.value(Statistic::sample_count) == 3);
  CHECK(d.value(Statistic::sum) == 15);
  CHECK(d.value(Statistic::minimum) == 1);
  CHECK(d.value(Statistic::maximum) == 10);
  CHECK(d.value(Statistic::average) == 5);
}

TEST_CASE("a metric with no sample in a period has a missing datapoint", "[metrics]") {
  MetricStore store(minutes(1));
  const std::size_t a = store.add_metric("a");
  const std::size_t b = store.add_metric("b");
  store.record(a, 2);
  store.close_period(Time::zero() + minutes(1));
  store.record(b, 3);
  store.close_period(Time::zero() + minutes(2));
  CHECK_FALSE(store.at(0, a).missing());
  CHECK(store.at(0, b).missing());
  CHECK(store.at(1, a).missing());
  const auto values = store.values(a, Statistic::maximum);
  REQUIRE(values.size() == 2);
  CHECK(values[0] == 2);
  CHECK(std::isnan(values[1]));
  CHECK(store.total(a) == 2);
  CHECK(store.total(b) == 3);
}

TEST_CASE("statistic names round-trip and unknown ones are refused", "[metrics]") {
  for (const std::string& name : statistic_names()) {
    const auto s = parse_statistic(name);
    REQUIRE(s);
    CHECK(statistic_name(*s) == name);
  }
  CHECK_FALSE(parse_statistic("p99"));
  CHECK_FALSE(parse_statistic("average"));
}

TEST_CASE("the metrics CSV has a row per period and metric, missing ones empty", "[metrics]") {
  MetricStore store(seconds(30));
  const std::size_t a = store.add_metric("run.Produced");
  store.add_metric("bus.b.FailedInvocations");
  store.record(a, 1.5);
  store.record(a, 2.5);
  store.close_period(Time::zero() + seconds(30));
  std::ostringstream csv;
  store.write_csv(csv);
  CHECK(csv.str() ==
        "period_end_s,metric,SampleCount,Sum,Minimum,Maximum,Average\n"
        "30,run.Produced,2,4,1.5,2.5,2\n"
        "30,bus.b.FailedInvocations,0,,,,\n");
}

TEST_CASE("a metric store refuses late metrics, duplicates and periods out of order", "[metrics]") {
  MetricStore store(minutes(1));
  store.add_metric("a");
  CHECK_THROWS_AS(store.add_metric("a"), std::invalid_argument);
  store.close_period(Time::zero() + minutes(1));
  CHECK_THROWS_AS(store.add_metric("b"), std::logic_error);
  CHECK_THROWS_AS(store.close_period(Time::zero() + minutes(1)), std::invalid_argument);
  CHECK_THROWS_AS(MetricStore(Duration::zero()), std::invalid_argument);
}
