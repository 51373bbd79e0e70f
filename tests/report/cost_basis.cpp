// The cost section keeps this run's bill apart from a month extrapolated
// from it, and shows in the table what the bill leaves out.
#include <catch2/catch.hpp>
#include <string>

#include "sim/report/api_calls.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/json.hpp"
#include "sim/report/markdown.hpp"
#include "sim/report/measures.hpp"
#include "tests/report/sample_run.hpp"
#include "tests/report/text.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::has;
using edasim::report::testing::sample_run;

TEST_CASE("this run's bill is the window's own cost, apart from the month", "[cost-basis]") {
  RunResult r = sample_run();
  // A Kafka stream's 3 brokers held for the run's hour at $0.21 an hour.
  StreamResult st;
  st.name = "log";
  st.kind = "kafka";
  st.partitions = 6;
  st.brokers = 3;
  r.streams = {st};
  const MonthlyCost c = estimate_monthly_cost(r, summarize_calls(r.calls));
  // SQS 6,030 requests at $0.40 per million, EventBridge 1,200 at $1.
  CHECK(c.line("sqs").run_usd == Approx(6030 * 0.40 / 1e6));
  CHECK(c.line("eventbridge").run_usd == Approx(1200 * 1.0 / 1e6));
  CHECK(c.line("kafka_brokers").run_usd == Approx(3 * 1 * r.prices.kafka_broker_hour));
  CHECK(c.run_total_usd == Approx(c.line("sqs").run_usd + c.line("eventbridge").run_usd +
                                  c.line("kafka_brokers").run_usd));
  const std::string md = to_markdown(r);
  CHECK(has(md,
            "| service | billing units in run | this run | per 30 days | price per million | "
            "a month at this rate |"));
  CHECK(has(md, "it assumes every second of a 30-day month is like this run's average"));
  const auto j = to_json(r)["cost"];
  CHECK(j["run_total_usd"] == Approx(c.run_total_usd));
  CHECK(j["sqs"]["run_usd"] == Approx(c.line("sqs").run_usd));
}

TEST_CASE("the cost table shows the end-of-run backlog and unpriced components", "[cost-basis]") {
  RunResult r = sample_run();
  ApiResult api;
  api.name = "inventory";
  api.calls = 500;
  r.apis = {api};
  // The sample's queue ends with 4 visible and 6 in flight; its DLQ's 20
  // are not a backlog anyone will process; the fleet has no price.
  const MonthlyCost c = estimate_monthly_cost(r, summarize_calls(r.calls));
  CHECK(c.backlog_messages == 10);
  CHECK(c.unpriced == std::vector<std::string>{"consumers fraud-check", "API inventory"});
  const std::string md = to_markdown(r);
  CHECK(has(md, "| not billed: backlog at the end | 10 messages | not included |"));
  CHECK(has(md, "| not priced: 2 components |  | not included |"));
  CHECK(has(md, "so $0 here: consumers fraud-check, API inventory."));
  const auto j = to_json(r)["cost"];
  CHECK(j["backlog_messages"] == 10);
  CHECK(j["unpriced"].size() == 2);
}

TEST_CASE("a study compares this run's bill as cost.run", "[cost-basis]") {
  const RunResult r = sample_run();
  const MonthlyCost c = estimate_monthly_cost(r, summarize_calls(r.calls));
  bool found = false;
  for (const plan::Measure& m : measures_of(r)) {
    if (m.name != "cost.run") continue;
    found = true;
    CHECK(m.value == Approx(c.run_total_usd));
    // One hour of the month's 720.
    CHECK(m.value == Approx(c.total_usd / 720));
  }
  CHECK(found);
}
