#include "sim/report/api_calls.hpp"

#include <catch2/catch.hpp>

#include "sim/report/cost.hpp"
#include "tests/report/sample_run.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;

TEST_CASE("API actions are billed by the service that owns them", "[api_calls]") {
  CHECK(service_of("PutEvents") == Service::eventbridge);
  CHECK(service_of("ReceiveMessage") == Service::sqs);
  CHECK(service_of("DeleteMessageBatch") == Service::sqs);
  CHECK(service_of("ChangeMessageVisibility") == Service::sqs);
  CHECK(service_of("inventory.GetStock") == Service::downstream);
}

TEST_CASE("calls add up by kind, EventBridge first, then SQS, then downstream", "[api_calls]") {
  const CallSummary s = summarize_calls(testing::sample_run().calls);
  REQUIRE(s.by_kind.size() == 6);
  CHECK(s.by_kind[0].kind == "PutEvents");
  CHECK(s.by_kind[1].kind == "DeleteMessage");
  CHECK(s.by_kind[2].kind == "EmptyReceive");
  CHECK(s.by_kind[3].kind == "ReceiveMessage");
  CHECK(s.by_kind[4].kind == "SendMessage");
  CHECK(s.by_kind[5].kind == "inventory.GetStock");
}

TEST_CASE("empty receives are listed but never counted twice", "[api_calls]") {
  const CallSummary s = summarize_calls(testing::sample_run().calls);
  CHECK(s.by_kind[2].breakdown);
  CHECK(s.calls == 7530);
  CHECK(s.sqs_billing_units == 6030);
  CHECK(s.eventbridge_billing_units == 1200);
}

TEST_CASE("the same kind from several components adds up", "[api_calls]") {
  const std::vector<CallLine> calls = {{"a", "SendMessage", 3, 4}, {"b", "SendMessage", 5, 6}};
  const CallSummary s = summarize_calls(calls);
  REQUIRE(s.by_kind.size() == 1);
  CHECK(s.by_kind[0].calls == 8);
  CHECK(s.by_kind[0].billing_units == 10);
}

TEST_CASE("monthly cost extrapolates the run's billing units to 30 days", "[cost]") {
  const RunResult r = testing::sample_run();
  const MonthlyCost c = estimate_monthly_cost(r, summarize_calls(r.calls));
  CHECK(c.extrapolated);
  CHECK(c.line("sqs").monthly_units == Approx(4'341'600));
  CHECK(c.line("sqs").monthly_usd == Approx(1.73664));
  CHECK(c.line("eventbridge").monthly_units == Approx(864'000));
  CHECK(c.line("eventbridge").monthly_usd == Approx(0.864));
  CHECK(c.total_usd == Approx(2.60064));
}

TEST_CASE("a run of no simulated time has no monthly cost to extrapolate", "[cost]") {
  RunResult r = testing::sample_run();
  r.simulated = Duration::zero();
  const MonthlyCost c = estimate_monthly_cost(r, summarize_calls(r.calls));
  CHECK_FALSE(c.extrapolated);
  CHECK(c.total_usd == 0.0);
}

TEST_CASE("a downstream API is billed for its admitted calls at its own price", "[cost]") {
  RunResult r = testing::sample_run();
  ApiResult priced;
  priced.name = "marketplace.GetState";
  priced.calls = 1'000;
  priced.rejected = 100;  // a 429 is not billed
  priced.price_per_million = 3.5;
  ApiResult free;
  free.name = "inventory";
  free.calls = 500;
  r.apis = {priced, free};
  const MonthlyCost base = estimate_monthly_cost(testing::sample_run(), summarize_calls(r.calls));
  const MonthlyCost c = estimate_monthly_cost(r, summarize_calls(r.calls));
  const double scale = kMonthSeconds / r.simulated.seconds();
  REQUIRE(c.lines_of("apis").size() == 2);
  CHECK(c.lines_of("apis")[0].key == "marketplace.GetState");
  CHECK(c.lines_of("apis")[0].units == 900);
  CHECK(c.lines_of("apis")[0].monthly_usd == Approx(900 * scale / 1e6 * 3.5));
  CHECK(c.lines_of("apis")[1].units == 500);
  CHECK(c.lines_of("apis")[1].monthly_usd == 0.0);
  CHECK(c.group_usd("apis") == Approx(c.lines_of("apis")[0].monthly_usd));
  CHECK(c.total_usd == Approx(base.total_usd + c.group_usd("apis")));
}

TEST_CASE("calls on FIFO queues are billed at the FIFO price", "[cost]") {
  RunResult r = testing::sample_run();
  const MonthlyCost before = estimate_monthly_cost(r, summarize_calls(r.calls));
  r.calls.push_back({"consumer:ordered", "ReceiveMessage", 100, 100, true});
  r.calls.push_back({"consumer:ordered", "EmptyReceive", 40, 40, true});  // a breakdown
  r.calls.push_back({"consumer:ordered", "DeleteMessageBatch", 60, 60, true});
  const CallSummary calls = summarize_calls(r.calls);
  CHECK(calls.sqs_fifo_billing_units == 160);
  const MonthlyCost c = estimate_monthly_cost(r, calls);
  const double scale = kMonthSeconds / r.simulated.seconds();
  CHECK(c.line("sqs").units == before.line("sqs").units);
  CHECK(c.line("sqs_fifo").units == 160);
  CHECK(c.line("sqs_fifo").price == 0.50);
  CHECK(c.line("sqs_fifo").monthly_usd == Approx(160 * scale / 1e6 * 0.50));
  CHECK(c.total_usd == Approx(before.total_usd + c.line("sqs_fifo").monthly_usd));
}

TEST_CASE("a fleet with an instance price is billed for its instance-hours", "[cost]") {
  RunResult r = testing::sample_run();
  const MonthlyCost before = estimate_monthly_cost(r, summarize_calls(r.calls));
  FleetResult priced;
  priced.name = "orders";
  priced.instance_hours = 2.5;  // in the run's hour
  priced.price_per_instance_hour = 0.0416;
  FleetResult unpriced;
  unpriced.name = "audit";
  unpriced.instance_hours = 4;
  r.fleets = {priced, unpriced};
  const MonthlyCost c = estimate_monthly_cost(r, summarize_calls(r.calls));
  REQUIRE(c.lines_of("fleets").size() == 1);
  CHECK(c.lines_of("fleets")[0].key == "orders");
  CHECK(c.lines_of("fleets")[0].monthly_units == Approx(2.5 * 720));
  CHECK(c.lines_of("fleets")[0].monthly_usd == Approx(2.5 * 720 * 0.0416));
  CHECK(c.total_usd == Approx(before.total_usd + c.lines_of("fleets")[0].monthly_usd));
}

TEST_CASE("billing units are added per service, never across services", "[api_calls]") {
  std::vector<CallLine> calls = testing::sample_run().calls;
  calls.push_back({"producer:clicks", "PutRecords", 40, 90});
  const CallSummary s = summarize_calls(calls);
  // EventBridge 1,200, SQS 1,950 + 2,100 + 1,980 (EmptyReceive left out),
  // Kinesis 90; the downstream API is its own bill.
  using Units = std::vector<std::pair<Service, std::uint64_t>>;
  CHECK(s.billing_units_by_service ==
        Units{{Service::eventbridge, 1200}, {Service::sqs, 6030}, {Service::kinesis, 90}});
}

TEST_CASE("deliveries SNS and EventBridge make to queues are SQS requests at the queue's price",
          "[cost]") {
  // SNS and EventBridge charge nothing for delivering to SQS; SQS bills the
  // SendMessage each makes on the queue, standard or FIFO.
  CHECK(service_of("SNS.DeliverToSQS") == Service::sqs);
  CHECK(service_of("EventBridge.DeliverToSQS") == Service::sqs);
  CHECK(service_of("SNS.DeliverToHTTP") == Service::sns);
  const std::vector<CallLine> calls = {{"topic:t", "SNS.DeliverToSQS", 10, 12, false},
                                       {"topic:t", "SNS.DeliverToSQS", 3, 3, true},
                                       {"bus:b", "EventBridge.DeliverToSQS", 7, 7, false}};
  const CallSummary s = summarize_calls(calls);
  CHECK(s.sqs_billing_units == 22);
  CHECK(s.sqs_fifo_billing_units == 3);
  CHECK(s.sns_publish_billing_units == 0);
  RunResult r;
  r.simulated = seconds(1);
  const MonthlyCost cost = estimate_monthly_cost(r, s);
  CHECK(cost.line("sqs").units == 19);
  CHECK(cost.line("sqs_fifo").units == 3);
}
