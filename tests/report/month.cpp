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
#include "sim/report/measures.hpp"
#include "sim/scenario/load.hpp"
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
  CHECK(c.line("eventbridge").units == 10 * requests);
  CHECK(c.line("eventbridge").one_off_units == Approx(100).margin(10));
  CHECK(c.line("eventbridge").monthly_units == Approx(100.0 * kMonthSeconds).epsilon(0.03));
  // The bus's deliveries of the burst are left out of the SQS month too.
  CHECK(c.line("sqs").one_off_units == Approx(100).margin(10));
  const std::string md = to_markdown(r);
  CHECK(has(md, "Left out of the month: "));
  CHECK(has(md, "EventBridge events and "));
  CHECK(to_json(r)["cost"]["eventbridge"]["one_off_billing_units"] ==
        std::llround(c.line("eventbridge").one_off_units));
}

TEST_CASE("a run under its quotas has no one-off burst to leave out of the month", "[month]") {
  SystemConfig s = over_the_quota(seconds(2));
  s.buses[0].put_events_rate = Rate{100.0};
  const MonthlyCost c = cost_of(run(s));
  CHECK(c.line("eventbridge").one_off_units == 0);
  CHECK(c.line("eventbridge").monthly_units ==
        Approx(c.line("eventbridge").units * kMonthSeconds / 2));
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
  const double run_units = c.line("eventbridge").units;
  CHECK(run_units == Approx(20 * 20 + 200 * 40).margin(20));
  CHECK(c.line("eventbridge").monthly_units ==
        Approx(4 * run_units + rest_hours * 3600 * 20).epsilon(0.03));
  // The fleet's instances run all month: 2 instances for 720 hours.
  REQUIRE(c.lines_of("fleets").size() == 1);
  CHECK(c.lines_of("fleets")[0].monthly_units == Approx(2 * 720.0).epsilon(0.001));
  // Far below the month at the run's average rate, which bills the sale
  // all month.
  SystemConfig at_rate = s;
  at_rate.cost.reset();
  CHECK(cost_of(run(at_rate)).line("eventbridge").monthly_units >
        5 * c.line("eventbridge").monthly_units);
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
  CHECK(c.line("eventbridge").monthly_units == Approx(10.0 * c.line("eventbridge").units));
  REQUIRE(c.lines_of("fleets").size() == 1);
  CHECK(c.lines_of("fleets")[0].monthly_units ==
        Approx(10 * c.lines_of("fleets")[0].units + 2 * (720 - 10.0 / 60)));
}

namespace {

// A Standard and an Express state machine, each started 5 times a second
// for the first 20 s of a minute and 1 time a second after.
RunResult state_machines_run(const std::string& cost) {
  const std::string text = R"(
[scenario]
duration = "1m"
)" + cost + R"(
[producers.orders]
to = "state_machine.ship"
rate = "5/s"
profile = [{ at = "20s", factor = 0.2 }]
arrival = "constant"
[producers.clicks]
to = "state_machine.track"
rate = "5/s"
profile = [{ at = "20s", factor = 0.2 }]
arrival = "constant"
[state_machines.ship]
start_at = "Pack"
[state_machines.ship.states.Pack]
type = "pass"
next = "Send"
[state_machines.ship.states.Send]
type = "pass"
end = true
[state_machines.track]
type = "express"
start_at = "Note"
[state_machines.track.states.Note]
type = "task"
duration = "1s"
end = true
)";
  System system(scenario::load_text(text, "machines.toml"));
  system.run();
  return system.result();
}

}  // namespace

TEST_CASE(
    "state machines' transitions, requests and GB-seconds are lines of the bill and its total",
    "[month]") {
  const RunResult r = state_machines_run("");
  const MonthlyCost c = cost_of(r);
  REQUIRE(r.state_machines.size() == 2);
  const BillLine& transitions = c.line("step_functions_transitions");
  CHECK(transitions.units == static_cast<double>(r.state_machines[0].transitions));
  CHECK(transitions.run_usd == Approx(r.state_machines[0].cost_usd));
  const BillLine& requests = c.line("step_functions_express_requests");
  const BillLine& compute = c.line("step_functions_express_compute");
  CHECK(requests.units == static_cast<double>(r.state_machines[1].started));
  CHECK(compute.units == Approx(r.state_machines[1].billed_gb_seconds));
  CHECK(requests.run_usd + compute.run_usd == Approx(r.state_machines[1].cost_usd));
  // Nothing else is billed: the producers call no other service.
  CHECK(c.run_total_usd == Approx(r.state_machines[0].cost_usd + r.state_machines[1].cost_usd));
  CHECK(c.total_usd ==
        Approx(transitions.monthly_usd + requests.monthly_usd + compute.monthly_usd));
  double measure = 0;
  for (const plan::Measure& m : measures_of(r))
    if (m.name == "cost.step_functions") measure = m.value;
  CHECK(measure == Approx(c.total_usd));
  const std::string md = to_markdown(r);
  CHECK(has(md, "Step Functions state transitions"));
  CHECK(has(md, "Step Functions Express GB-seconds"));
}

TEST_CASE("a declared steady rest of the month bills state machines at their steady window's rate",
          "[month]") {
  // The steady window (20 s to 60 s) starts 1 execution a second, against 5
  // a second in the first 20 s: a month billed at the run's average would
  // be twice as dear.
  const RunResult r = state_machines_run(R"(
[cost]
runs_per_month = 1
rest_of_month = "steady"
steady_window = ["20s", "60s"]
)");
  const MonthlyCost c = cost_of(r);
  REQUIRE(c.steady_rest);
  const double rest_seconds = 720.0 * 3600 - 60;
  const BillLine& requests = c.line("step_functions_express_requests");
  // 40 starts in the 40 s window (one either side of its edges at most).
  const double window = (requests.monthly_units - requests.units) / (rest_seconds / 40);
  CHECK(window == Approx(40).margin(1));
  const BillLine& transitions = c.line("step_functions_transitions");
  const double transitions_window =
      (transitions.monthly_units - transitions.units) / (rest_seconds / 40);
  const double per_execution = transitions.units / static_cast<double>(r.state_machines[0].started);
  CHECK(transitions_window == Approx(40 * per_execution).margin(2 * per_execution));
  CHECK(c.line("step_functions_express_compute").monthly_units >
        c.line("step_functions_express_compute").units);
}
