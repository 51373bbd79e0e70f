#include "sim/report/json.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "tests/report/sample_run.hpp"

using namespace edasim;
using namespace edasim::metrics;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::sample_run;

TEST_CASE("the report names its schema, scenario, seed and length", "[json]") {
  const auto j = to_json(sample_run());
  CHECK(j["schema"] == "edasim.report/2");
  CHECK(j["scenario"] == "flash-sale");
  CHECK(j["seed"] == 42);
  CHECK(j["sim_seconds"] == 3600.0);
  CHECK(j["kernel_events"] == 123456);
}

TEST_CASE("top-level keys come in the documented order", "[json]") {
  const auto j = to_json(sample_run());
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  // The run's headline figures, then the components in the order events
  // meet them (made, routed, held, handled, called, broken), then what
  // watched over the run.
  CHECK(keys == std::vector<std::string>{
                    "schema",        "scenario",       "question",   "seed",      "sim_seconds",
                    "kernel_events", "warmup_seconds", "events",     "api_calls", "latency_ms",
                    "cost",          "producers",      "buses",      "topics",    "queues",
                    "streams",       "chains",         "consumers",  "functions", "consumer_groups",
                    "apis",          "faults",         "monitoring", "alarms",    "fault_impacts",
                    "amplification", "invariants"});
}

TEST_CASE("the invariants block lists each check with its verdict", "[json]") {
  const auto sound = to_json(sample_run())["invariants"];
  CHECK(sound["hold"] == true);
  REQUIRE(sound["checks"].size() == 5);
  CHECK(sound["checks"][0]["name"] == "latency-within-run");
  CHECK(sound["checks"][0]["holds"] == true);
  RunResult r = sample_run();
  // A latency longer than the whole run cannot be.
  r.fleets[0].end_to_end.record((r.simulated + seconds(1)).ns);
  r.invariants = check_invariants(r);
  const auto broken = to_json(r)["invariants"];
  CHECK(broken["hold"] == false);
  CHECK(broken["checks"][0]["holds"] == false);
  CHECK(broken["checks"][0]["failures"].size() == 1);
  // A result no run checked claims nothing.
  r.invariants.clear();
  CHECK(to_json(r)["invariants"]["hold"] == false);
  CHECK(to_json(r)["invariants"]["checks"].empty());
}

TEST_CASE("faults are listed with their windows, APIs with their calls by outcome", "[json]") {
  RunResult r = sample_run();
  r.faults.push_back(
      FaultWindow{"email down", "downstream_outage", "api:email", minutes(30), minutes(10)});
  ApiResult api;
  api.name = "email";
  api.calls = 10;
  api.succeeded = 6;
  api.failed = 3;
  api.rejected = 1;
  api.peak_concurrency = 4;
  r.apis.push_back(api);
  const auto j = to_json(r);
  REQUIRE(j["faults"].size() == 1);
  CHECK(j["faults"][0]["name"] == "email down");
  CHECK(j["faults"][0]["kind"] == "downstream_outage");
  CHECK(j["faults"][0]["target"] == "api:email");
  CHECK(j["faults"][0]["start_s"] == 1800.0);
  CHECK(j["faults"][0]["end_s"] == 2400.0);
  CHECK(j["apis"]["email"]["calls"] == 10);
  CHECK(j["apis"]["email"]["succeeded"] == 6);
  CHECK(j["apis"]["email"]["failed"] == 3);
  CHECK(j["apis"]["email"]["rejected"] == 1);
  CHECK(j["apis"]["email"]["peak_concurrency"] == 4);
}

TEST_CASE("the events ledger carries every total and the balance check", "[json]") {
  const auto e = to_json(sample_run())["events"];
  CHECK(e["produced"] == 1000);
  CHECK(e["unrouted"] == 10);
  CHECK(e["routed_events"] == 990);
  CHECK(e["copies"] == 1980);
  CHECK(e["processed"] == 1950);
  CHECK(e["dlq"] == 20);
  CHECK(e["expired"] == 0);
  CHECK(e["rejected"] == 0);
  CHECK(e["in_flight"] == 10);
  CHECK(e["duplicates_delivered"] == 3);
  CHECK(e["duplicates_processed"] == 2);
  CHECK(e["balanced"] == true);
}

TEST_CASE("an unbalanced ledger is reported as such", "[json]") {
  RunResult r = sample_run();
  r.events.processed -= 1;
  CHECK(to_json(r)["events"]["balanced"] == false);
}

TEST_CASE("API calls are given by kind, by component, in billing units and per 1,000 events",
          "[json]") {
  const auto a = to_json(sample_run())["api_calls"];
  CHECK(a["total"] == 7530);
  CHECK_FALSE(a.contains("billing_units"));  // units of different services do not add
  CHECK(a["billing_units_by_service"]["SQS"] == 6030);
  CHECK(a["billing_units_by_service"]["EventBridge"] == 1200);
  CHECK_FALSE(a["billing_units_by_service"].contains("downstream"));
  CHECK(a["total_per_1000_events"] == 7530.0);
  CHECK(a["by_kind"]["ReceiveMessage"] == 2100);
  CHECK(a["by_kind"]["EmptyReceive"] == 100);
  CHECK(a["billing_units_by_kind"]["PutEvents"] == 1200);
  CHECK(a["per_1000_events"]["PutEvents"] == 1000.0);
  CHECK(a["service_by_kind"]["inventory.GetStock"] == "downstream");
  CHECK(a["by_component"]["consumer:fraud"]["DeleteMessage"] == 1950);
  CHECK(a["by_component"]["producer:orders"]["PutEvents"] == 1000);
}

TEST_CASE("rates per 1,000 events are null when no event was produced", "[json]") {
  RunResult r = sample_run();
  r.events = {};
  const auto a = to_json(r)["api_calls"];
  CHECK(a["per_1000_events"]["PutEvents"].is_null());
  CHECK(a["total_per_1000_events"].is_null());
}

TEST_CASE("latency quantiles are in milliseconds with exact mean, min and max", "[json]") {
  const auto l = to_json(sample_run())["latency_ms"]["end_to_end"];
  CHECK(l["count"] == 100);
  CHECK(l["mean"] == 29.9);
  CHECK(l["min"] == 10.0);
  CHECK(l["max"] == 2000.0);
  // Within the histogram's 1/128 of the exact values.
  CHECK(l["p50"].get<double>() == Approx(10.0).epsilon(0.008));
  CHECK(l["p99"].get<double>() == Approx(10.0).epsilon(0.008));
  CHECK(l["p999"].get<double>() == Approx(2000.0).epsilon(0.008));
}

TEST_CASE("queues are keyed by name in scenario order", "[json]") {
  const auto q = to_json(sample_run())["queues"];
  REQUIRE(q.size() == 2);
  CHECK(q.begin().key() == "fraud");
  const auto& fraud = q["fraud"];
  CHECK(fraud["dead_letter_queue"] == false);
  CHECK(fraud["sent"] == 1980);
  CHECK(fraud["sent_per_1000_events"] == 1980.0);
  CHECK(fraud["received"] == 2100);
  CHECK(fraud["deleted"] == 1950);
  // One name for the concept: the result's moved_to_dlq, as of schema 2.
  CHECK(fraud["moved_to_dlq"] == 20);
  CHECK_FALSE(fraud.contains("dlq"));
  CHECK(fraud["empty_receives"] == 100);
  CHECK(fraud["max_depth"] == 1234);
  CHECK(fraud["max_age_ms"] == 252500.0);
  CHECK(fraud["rejected"] == 0);
  CHECK(fraud["final_in_flight"] == 6);
  CHECK(q["fraud-dlq"]["dead_letter_queue"] == true);
}

TEST_CASE("consumers carry counts, utilisation and three latency blocks", "[json]") {
  const auto c = to_json(sample_run())["consumers"]["fraud-check"];
  CHECK(c["queue"] == "fraud");
  CHECK(c["pollers"] == 8);
  CHECK(c["processed"] == 1950);
  CHECK(c["failed"] == 150);
  CHECK(c["utilization"] == 0.4568);
  CHECK(c["latency_ms"]["queue_wait"]["p50"] == 5.0);
  CHECK(c["latency_ms"]["processing"]["p99"] == 250.0);
  CHECK(c["latency_ms"]["end_to_end"]["count"] == 100);
}

TEST_CASE("a latency never measured is null, not zero", "[json]") {
  RunResult r = sample_run();
  r.fleets[0].processing = Histogram();
  const auto p = to_json(r)["consumers"]["fraud-check"]["latency_ms"]["processing"];
  CHECK(p["count"] == 0);
  CHECK(p["p50"].is_null());
  CHECK(p["mean"].is_null());
}

TEST_CASE("cost is an extrapolation to 30 days at the run's prices", "[json]") {
  const auto c = to_json(sample_run())["cost"];
  CHECK(c["extrapolated_from_seconds"] == 3600.0);
  CHECK(c["month_days"] == 30);
  CHECK(c["sqs"]["billing_units"] == 6030);
  CHECK(c["sqs"]["monthly_billing_units"].is_number_unsigned());
  CHECK(c["sqs"]["monthly_billing_units"] == 4341600);
  CHECK(c["sqs"]["price_per_million_usd"] == 0.4);
  CHECK(c["sqs"]["monthly_usd"] == 1.7366);
  CHECK(c["eventbridge"]["monthly_usd"] == 0.864);
  CHECK(c["total_monthly_usd"] == 2.6006);
}

TEST_CASE("the same run serializes to the same bytes", "[json]") {
  const std::string first = to_json_text(sample_run());
  const std::string second = to_json_text(sample_run());
  CHECK(first == second);
  CHECK(first.back() == '\n');
  CHECK(first.find("\"max_age_ms\": 252500.0") != std::string::npos);
  CHECK(first.find("\"utilization\": 0.4568") != std::string::npos);
}

TEST_CASE("a name with invalid UTF-8 still serializes", "[json]") {
  RunResult r = sample_run();
  r.scenario = "bad\xff name";
  CHECK_NOTHROW(to_json_text(r));
}

TEST_CASE("kinds never called are still listed in JSON", "[json]") {
  RunResult r = sample_run();
  r.calls.push_back({"queue:fraud", "ChangeMessageVisibility", 0, 0});
  CHECK(to_json(r)["api_calls"]["by_kind"]["ChangeMessageVisibility"] == 0);
}

TEST_CASE("alarms and fault impacts are written with their transitions and figures", "[json]") {
  const auto j = to_json(testing::monitored_run());
  CHECK(j["monitoring"]["period_s"] == 60.0);
  CHECK(j["monitoring"]["periods"] == 60);
  CHECK(j["monitoring"]["metrics"][0] == "run.Offered");
  const auto& a = j["alarms"][0];
  CHECK(a["name"] == "fraud-dlq-not-empty");
  CHECK(a["statistic"] == "Maximum");
  CHECK(a["comparison"] == "GreaterThanThreshold");
  CHECK(a["treat_missing_data"] == "missing");
  CHECK(a["final_state"] == "OK");
  REQUIRE(a["transitions"].size() == 3);
  CHECK(a["transitions"][1]["at_s"] == 1200.0);
  CHECK(a["transitions"][1]["from"] == "OK");
  CHECK(a["transitions"][1]["to"] == "ALARM");
  const auto& f = j["fault_impacts"][0];
  CHECK(f["fault"] == "fraud outage");
  CHECK(f["start_s"] == 1080.0);
  CHECK(f["duration_s"] == 720.0);
  CHECK(f["time_to_detect_s"] == 120.0);
  CHECK(f["time_to_detect_by_alarm_s"]["fraud-dlq-not-empty"] == 120.0);
  CHECK(f["retried"] == 150);
  CHECK(f["amplification"] == 4.0);
  CHECK(f["time_to_drain_s"].is_null());
  CHECK(f["backlog_peak_at_s"] == 1740.0);
  CHECK(j["amplification"] == 1.0769);
  CHECK(to_json(testing::sample_run())["amplification"].is_null());
}

TEST_CASE("a bus lists its retries, what it gave up on and why, target by target", "[json]") {
  RunResult r = sample_run();
  BusResult bus;
  bus.name = "orders";
  bus.invocations = 40;
  bus.retry_attempts = 30;
  bus.failed_invocations = 3;
  bus.sent_to_dlq = 2;
  bus.dropped = 1;
  bus.maximum_retry_attempts = 1;
  bus.maximum_event_age = 2;
  BusTargetResult target;
  target.rule = "all";
  target.queue = "fraud";
  target.dead_letter_queue = "fraud-bus-dlq";
  target.sent_to_dlq = 2;
  bus.targets.push_back(target);
  r.buses.push_back(bus);
  r.events.dropped_by_bus = 1;
  r.events.processed -= 1;
  const auto j = to_json(r);
  CHECK(j["events"]["dropped_by_bus"] == 1);
  CHECK(j["events"]["balanced"] == true);
  const auto& b = j["buses"]["orders"];
  CHECK(b["retry_attempts"] == 30);
  CHECK(b["failed_invocations"] == 3);
  CHECK(b["sent_to_dlq"] == 2);
  CHECK(b["dropped"] == 1);
  CHECK(b["gave_up_by_condition"]["maximum_retry_attempts"] == 1);
  CHECK(b["gave_up_by_condition"]["maximum_event_age"] == 2);
  CHECK(b["gave_up_by_condition"]["not_retryable"] == 0);
  REQUIRE(b["targets"].size() == 1);
  CHECK(b["targets"][0]["queue"] == "fraud");
  CHECK(b["targets"][0]["dead_letter_queue"] == "fraud-bus-dlq");
  CHECK(b["targets"][0]["sent_to_dlq"] == 2);
}

TEST_CASE("a bus with schemas counts its verdicts, and one without has no schemas key", "[json]") {
  RunResult r = sample_run();
  BusResult plain;
  plain.name = "plain";
  BusResult checked;
  checked.name = "checked";
  checked.schema_valid = 70;
  checked.schema_mismatched = 30;
  checked.schema_rejected = 10;
  checked.schema_quarantined = 20;
  checked.schemas = {{"order", 25}, {"refund", 5}};
  r.buses = {plain, checked};
  const auto j = to_json(r);
  CHECK_FALSE(j["buses"]["plain"].contains("schemas"));
  const auto& s = j["buses"]["checked"]["schemas"];
  CHECK(s["valid"] == 70);
  CHECK(s["mismatched"] == 30);
  CHECK(s["rejected"] == 10);
  CHECK(s["quarantined"] == 20);
  CHECK(s["mismatched_by_schema"]["order"] == 25);
  CHECK(s["mismatched_by_schema"]["refund"] == 5);
}
