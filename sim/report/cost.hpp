// What a design cost: the bill of the simulated window itself ("this run"),
// and a month extrapolated from it under a stated assumption.
//
// An estimate, and reports say so: the run's SQS requests (the deliveries
// SNS and EventBridge make to queues included) and EventBridge
// events (in billing units), Lambda requests and GB-seconds, Kinesis PUT
// payload units, capacity held (Kinesis shards and enhanced fan-out
// consumer-shards, Kafka brokers), the instance-hours of consumer fleets
// given an instance price, and the admitted calls of every downstream API at
// the per-call price the scenario gives it, at the run's list prices. Free
// tiers, price tiers, data transfer, retrieval and instance compute are left
// out.
//
// Promises:
// - "This run" is what the window cost: its billing units at list prices
//   and capacity for the simulated time only. It is what a study compares
//   (cost.run).
// - Without a declared month, "a month at this rate" assumes every second of
//   30 days is like the window's average (a sale of 15 minutes in a 1-hour
//   run is billed every hour): the report prints that assumption beside the
//   figure. What a quota's full bucket let through at the start beyond its
//   rate (a one-off burst) is in this run's bill but not scaled to the month.
// - A declared month (the scenario's [cost], sim/model/cost_config.hpp) is
//   runs_per_month times this run's bill (bursts included: each run starts
//   on full buckets) plus the rest of the month's hours at the steady
//   window's rates, or, when the rest is idle, at nothing but capacity held
//   and each fleet's minimum instances.
// - What the run did not bill is listed beside the bill: the backlog left
//   at the end (messages whose receives, deletes and processing fall
//   outside the window) and the components without a price.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/run_result.hpp"
#include "sim/report/api_calls.hpp"

namespace edasim::report {

inline constexpr double kMonthDays = 30;
inline constexpr double kMonthSeconds = kMonthDays * 86'400;

struct ServiceCost {
  std::uint64_t billing_units = 0;  // in the simulated period
  // Of those, let through only by a quota's full bucket at the start (a
  // one-off): not scaled to a month at the run's rate.
  double one_off_units = 0;
  double run_usd = 0;            // their cost: this run's bill
  double monthly_units = 0;      // extrapolated to 30 days
  double price_per_million = 0;  // USD
  double monthly_usd = 0;
};

// Lambda compute: billed duration times memory, in GB-seconds.
struct ComputeCost {
  double gb_seconds = 0;  // in the simulated period
  double run_usd = 0;
  double monthly_gb_seconds = 0;
  double price_per_gb_second = 0;  // USD
  double monthly_usd = 0;
};

// A capacity charge: a number of units (shards, brokers, consumer-shards)
// held for every hour of the month.
struct CapacityCost {
  double units = 0;
  double run_usd = 0;         // held for the simulated time only
  double monthly_hours = 0;   // units x hours in 30 days
  double price_per_hour = 0;  // USD per unit-hour
  double monthly_usd = 0;
};

// A consumer fleet's instances, priced per instance-hour.
struct FleetCost {
  std::string name;
  double instance_hours = 0;  // in the simulated period
  double run_usd = 0;
  double monthly_instance_hours = 0;
  double price_per_hour = 0;  // USD per instance-hour
  double monthly_usd = 0;
};

// A downstream API of the scenario, priced per million admitted calls.
struct ApiCost {
  std::string name;
  ServiceCost cost;  // billing units are admitted calls
};

struct MonthlyCost {
  // False when the run simulated no time, so there is no rate to extrapolate
  // and every monthly figure is zero.
  bool extrapolated = false;
  double from_seconds = 0;
  // The month the scenario declared ([cost]), when it did.
  bool declared = false;
  double runs_per_month = 0;
  bool steady_rest = false;  // else the rest of the month is idle
  double steady_from_seconds = 0, steady_to_seconds = 0;
  double rest_hours = 0;  // of the 720, those not in the runs
  ServiceCost sqs;        // standard queues
  ServiceCost sqs_fifo;   // FIFO queues
  ServiceCost eventbridge;
  ServiceCost sns_publish;  // publishes, per 64 KB chunk
  // SNS charges nothing for deliveries to SQS and Lambda; SQS bills the
  // SendMessage of a delivery to a queue (in sqs, sqs_fifo).
  ServiceCost sns_http_delivery;
  ServiceCost s3_put, s3_get;   // claim-check requests
  ServiceCost lambda_requests;  // invocations
  ComputeCost lambda_compute;
  CapacityCost kinesis_shards;
  ServiceCost kinesis_put_units;
  CapacityCost kinesis_fan_out;
  CapacityCost kafka_brokers;
  std::vector<FleetCost> fleets;  // fleets with an instance price, in scenario order
  std::vector<ApiCost> apis;      // every declared API, in scenario order
  double apis_usd = 0;            // their sum
  double total_usd = 0;
  double run_total_usd = 0;  // this run's bill: every run_usd above
  // Messages left at the end in queues that are not dead-letter queues,
  // and records consumer groups had not committed: their processing, and
  // for messages their receives and deletes, are not in this run's bill.
  std::uint64_t backlog_messages = 0;
  std::uint64_t backlog_records = 0;
  // Components whose cost is left out for want of a price: fleets without
  // price_per_instance_hour, APIs without price_per_million, in scenario
  // order, as "consumers NAME" and "API NAME".
  std::vector<std::string> unpriced;
};

MonthlyCost estimate_monthly_cost(const model::RunResult& result, const CallSummary& calls);

}  // namespace edasim::report
