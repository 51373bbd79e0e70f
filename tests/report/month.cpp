// The month a cost estimate bills: at the run's average rate without the
// one-off bursts of quotas that start full, or the typical month a scenario
// declares in [cost].
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/model/system.hpp"
#include "sim/report/api_calls.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/json.hpp"
#include "sim/report/markdown.hpp"
#include "tests/report/text.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::has;

namespace {

// 200 events a second in PutEvents of 10 (20 requests a second) against a
// quota of 10 requests a second, delivered to a queue a priced fleet drains.
SystemConfig over_the_quota(Duration duration) {
  SystemConfig s;
  s.name = "burst";
  s.seed = 3;
  s.duration = duration;
  ProducerConfig p;
  p.name = "p";
  p.target_table = "buses";
  p.target = "b";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{200.0};
  p.batch_size = 10;
  p.batch_window = seconds(1);
  EventTemplate t;
  FieldGenerator source;
  source.path = {"source"};
  source.values = {"shop"};
  source.weights = {1.0};
  t.fields.push_back(source);
  p.templates.push_back(t);
  s.producers.push_back(p);
  BusConfig b;
  b.name = "b";
  b.put_events_rate = Rate{10.0};
  b.delivery_latency = DurationDistribution(Distribution::constant(0.0));
  b.rules.push_back(RuleConfig{"all", R"({"source": ["shop"]})", {"q"}});
  s.buses.push_back(b);
  QueueConfig q;
  q.name = "q";
  s.queues.push_back(q);
  FleetConfig f;
  f.name = "workers";
  f.queue = "q";
  f.instances = 2;
  f.processing = DurationDistribution(Distribution::constant(0.001));
  f.price_per_instance_hour = 0.10;
  s.fleets.push_back(f);
  return s;
}

RunResult run(const SystemConfig& config) {
  System system(config);
  system.run();
  return system.result();
}

MonthlyCost cost_of(const RunResult& r) {
  return estimate_monthly_cost(r, summarize_calls(r.calls));
}

}  // namespace

TEST_CASE("a short run's month at its rate leaves out the burst a full quota bucket let through",
          "[month]") {
  // In 2 s the bucket admits its first second's 10 requests and then 10 a
  // second: 30 requests of 10 events, half again what the quota sustains.
  const RunResult r = run(over_the_quota(seconds(2)));
  REQUIRE(r.buses.size() == 1);
  const double requests = static_cast<double>(r.buses[0].put_events_requests);
  CHECK(requests == Approx(30).margin(1));
  CHECK(r.buses[0].put_events_beyond_rate == Approx(10).margin(1));
  const MonthlyCost c = cost_of(r);
  // This run's bill has the burst; the month bills 10 requests a second.
  CHECK(static_cast<double>(c.eventbridge.billing_units) == 10 * requests);
  CHECK(c.eventbridge.one_off_units == Approx(100).margin(10));
  CHECK(c.eventbridge.monthly_units == Approx(100.0 * kMonthSeconds).epsilon(0.03));
  // The bus's deliveries of the burst are left out of the SQS month too.
  CHECK(c.sqs.one_off_units == Approx(100).margin(10));
  const std::string md = to_markdown(r);
  CHECK(has(md, "Left out of the month: "));
  CHECK(has(md, "EventBridge events and "));
  CHECK(to_json(r)["cost"]["eventbridge"]["one_off_billing_units"] ==
        std::llround(c.eventbridge.one_off_units));
}

TEST_CASE("a run under its quotas has no one-off burst to leave out of the month", "[month]") {
  SystemConfig s = over_the_quota(seconds(2));
  s.buses[0].put_events_rate = Rate{100.0};
  const MonthlyCost c = cost_of(run(s));
  CHECK(c.eventbridge.one_off_units == 0);
  CHECK(c.eventbridge.monthly_units ==
        Approx(static_cast<double>(c.eventbridge.billing_units) * kMonthSeconds / 2));
}

TEST_CASE("a declared month is runs of this one plus the rest at the steady window's rates",
          "[month]") {
  // A 60 s run: 20 s of normal traffic (under the quota), then a sale at 10
  // times the rate until the end, 4 times a month.
  SystemConfig s = over_the_quota(seconds(60));
  s.buses[0].put_events_rate = Rate{10'000.0};
  s.producers[0].arrival.rate = Rate{20.0};
  s.producers[0].arrival.profile = {RateChange{seconds(20), Duration::zero(), 10.0}};
  CostConfig declared;
  declared.runs_per_month = 4;
  declared.rest_of_month = CostConfig::RestOfMonth::steady;
  declared.steady_from = seconds(0);
  declared.steady_to = seconds(20);
  s.cost = declared;
  const RunResult r = run(s);
  const MonthlyCost c = cost_of(r);
  REQUIRE(c.declared);
  const double rest_hours = 720 - 4.0 * 60 / 3600;
  CHECK(c.rest_hours == Approx(rest_hours));
  // EventBridge: 20 events a second in the steady window, one unit each.
  const double run_units = static_cast<double>(c.eventbridge.billing_units);
  CHECK(run_units == Approx(20 * 20 + 200 * 40).margin(20));
  CHECK(c.eventbridge.monthly_units ==
        Approx(4 * run_units + rest_hours * 3600 * 20).epsilon(0.03));
  // The fleet's instances run all month: 2 instances for 720 hours.
  REQUIRE(c.fleets.size() == 1);
  CHECK(c.fleets[0].monthly_instance_hours == Approx(2 * 720.0).epsilon(0.001));
  // Far below the month at the run's average rate, which bills the sale
  // all month.
  SystemConfig at_rate = s;
  at_rate.cost.reset();
  CHECK(cost_of(run(at_rate)).eventbridge.monthly_units > 5 * c.eventbridge.monthly_units);
  const std::string md = to_markdown(r);
  CHECK(has(md, "The month is the one the scenario declares ([cost]): 4.00 runs like this one"));
  CHECK(has(md, "a declared month |"));
  const auto j = to_json(r)["cost"]["declared_month"];
  CHECK(j["runs_per_month"] == 4);
  CHECK(j["rest_of_month"] == "steady");
}

TEST_CASE("an idle rest of the month bills only capacity and fleets' minimum instances",
          "[month]") {
  SystemConfig s = over_the_quota(seconds(60));
  s.buses[0].put_events_rate = Rate{10'000.0};
  CostConfig declared;
  declared.runs_per_month = 10;
  declared.rest_of_month = CostConfig::RestOfMonth::idle;
  s.cost = declared;
  const MonthlyCost c = cost_of(run(s));
  CHECK(c.eventbridge.monthly_units == Approx(10.0 * c.eventbridge.billing_units));
  REQUIRE(c.fleets.size() == 1);
  CHECK(c.fleets[0].monthly_instance_hours ==
        Approx(10 * c.fleets[0].instance_hours + 2 * (720 - 10.0 / 60)));
}
