#include "sim/report/api_calls.hpp"

#include <catch2/catch.hpp>

#include "sim/report/cost.hpp"
#include "tests/report/sample_run.hpp"

using namespace edasim;
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
  CHECK(s.billing_units == 7730);
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
  CHECK(c.sqs.monthly_units == Approx(4'341'600));
  CHECK(c.sqs.monthly_usd == Approx(1.73664));
  CHECK(c.eventbridge.monthly_units == Approx(864'000));
  CHECK(c.eventbridge.monthly_usd == Approx(0.864));
  CHECK(c.total_usd == Approx(2.60064));
}

TEST_CASE("a run of no simulated time has no monthly cost to extrapolate", "[cost]") {
  RunResult r = testing::sample_run();
  r.simulated = Duration::zero();
  const MonthlyCost c = estimate_monthly_cost(r, summarize_calls(r.calls));
  CHECK_FALSE(c.extrapolated);
  CHECK(c.total_usd == 0.0);
}
