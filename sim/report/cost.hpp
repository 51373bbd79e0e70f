// The monthly bill a design would run up, extrapolated from one run.
//
// An estimate, and reports say so: the run's SQS requests and EventBridge
// events (in billing units) at the run's average rate over a 30-day month,
// at the run's list prices, plus Lambda requests and GB-seconds, Kinesis PUT
// payload units, and capacity held all month (Kinesis shards and enhanced
// fan-out consumer-shards, Kafka brokers), and the admitted calls of every
// downstream API at the per-call price the scenario gives it. Free tiers, price tiers, data
// transfer, retrieval and instance compute are left out.
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
  double monthly_units = 0;         // extrapolated to 30 days
  double price_per_million = 0;     // USD
  double monthly_usd = 0;
};

// Lambda compute: billed duration times memory, in GB-seconds.
struct ComputeCost {
  double gb_seconds = 0;  // in the simulated period
  double monthly_gb_seconds = 0;
  double price_per_gb_second = 0;  // USD
  double monthly_usd = 0;
};

// A capacity charge: a number of units (shards, brokers, consumer-shards)
// held for every hour of the month.
struct CapacityCost {
  double units = 0;
  double monthly_hours = 0;   // units x hours in 30 days
  double price_per_hour = 0;  // USD per unit-hour
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
  ServiceCost sqs;       // standard queues
  ServiceCost sqs_fifo;  // FIFO queues
  ServiceCost eventbridge;
  ServiceCost sns_publish;        // publishes, per 64 KB chunk
  ServiceCost sns_http_delivery;  // deliveries to SQS and Lambda are free
  ServiceCost s3_put, s3_get;     // claim-check requests
  ServiceCost lambda_requests;    // invocations
  ComputeCost lambda_compute;
  CapacityCost kinesis_shards;
  ServiceCost kinesis_put_units;
  CapacityCost kinesis_fan_out;
  CapacityCost kafka_brokers;
  std::vector<ApiCost> apis;  // every declared API, in scenario order
  double apis_usd = 0;        // their sum
  double total_usd = 0;
};

MonthlyCost estimate_monthly_cost(const RunResult& result, const CallSummary& calls);

}  // namespace edasim::report
