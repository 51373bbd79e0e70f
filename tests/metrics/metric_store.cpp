// MetricStore: samples become one CloudWatch datapoint per period, with its
// statistics; a metric without samples has a missing datapoint.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "sim/metrics/metric_store.hpp"

using namespace edasim;
using namespace edasim::metrics;

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

namespace {

// Three metrics over `periods` periods with values that differ by period and
// metric, some missing; `memory_limit` bytes of datapoints kept in memory.
MetricStore filled_store(std::size_t periods, std::size_t memory_limit) {
  MetricStore store(minutes(1), memory_limit);
  for (const char* name : {"a", "b", "c"}) store.add_metric(name);
  store.reserve_periods(periods);
  for (std::size_t p = 0; p < periods; ++p) {
    for (std::size_t m = 0; m < 3; ++m) {
      if ((p + m) % 4 == 0) continue;
      store.record(m, static_cast<double>(p * 10 + m));
      store.record(m, 0.5 * static_cast<double>(p));
    }
    store.close_period(Time::zero() + minutes(static_cast<std::int64_t>(p) + 1));
  }
  return store;
}

std::string csv_of(const MetricStore& store) {
  std::ostringstream out;
  store.write_csv(out);
  return out.str();
}

}  // namespace

TEST_CASE("a long run's periods move to a file and read back the same", "[metrics]") {
  const MetricStore in_memory = filled_store(500, std::size_t{1} << 30);
  // Room for 10 datapoints (3 periods of 3 metrics): past that, every closed
  // period but the newest moves out, so at most 4 stay in memory.
  const MetricStore spilled = filled_store(500, 10 * sizeof(Datapoint));
  CHECK(in_memory.spilled_periods() == 0);
  CHECK(spilled.period_count() == 500);
  CHECK(spilled.period_count() - spilled.spilled_periods() <= 4);
  CHECK(csv_of(spilled) == csv_of(in_memory));
  for (std::size_t m = 0; m < 3; ++m) {
    CHECK(spilled.total(m) == in_memory.total(m));
    for (const Statistic s : {Statistic::sample_count, Statistic::average, Statistic::maximum}) {
      const auto a = spilled.values(m, s);
      const auto b = in_memory.values(m, s);
      REQUIRE(a.size() == b.size());
      for (std::size_t p = 0; p < a.size(); ++p) {
        INFO("period " << p << " metric " << m);
        CHECK((a[p] == b[p] || (std::isnan(a[p]) && std::isnan(b[p]))));
      }
    }
  }
  CHECK(spilled.at(499, 1).sum == in_memory.at(499, 1).sum);
}

TEST_CASE("a copy of a spilled store keeps its periods while the original goes on", "[metrics]") {
  MetricStore original = filled_store(50, 10 * sizeof(Datapoint));
  const MetricStore copy = original;
  const std::string before = csv_of(copy);
  // The original moves more periods out; the copy must not see them.
  for (std::size_t p = 50; p < 80; ++p) {
    original.record(0, 1e6);
    original.close_period(Time::zero() + minutes(static_cast<std::int64_t>(p) + 1));
  }
  CHECK(csv_of(copy) == before);
  CHECK(copy.period_count() == 50);
  CHECK(original.period_count() == 80);
  CHECK(original.at(60, 0).sum == 1e6);
  CHECK(original.at(10, 1).sum == copy.at(10, 1).sum);
}

TEST_CASE("a metric is found by its name among thousands, also in a copy", "[metrics]") {
  MetricStore store(minutes(1));
  for (int i = 0; i < 5000; ++i) store.add_metric("queue.q" + std::to_string(i) + ".depth");
  const MetricStore copy = store;
  for (const MetricStore* s : {static_cast<const MetricStore*>(&store), &copy}) {
    CHECK(s->find("queue.q0.depth") == std::size_t{0});
    CHECK(s->find("queue.q4999.depth") == std::size_t{4999});
    CHECK(s->find("queue.q2500.depth") == std::size_t{2500});
    CHECK_FALSE(s->find("queue.q5000.depth"));
    CHECK_FALSE(s->find(""));
  }
  CHECK_THROWS_AS(store.add_metric("queue.q17.depth"), std::invalid_argument);
}
