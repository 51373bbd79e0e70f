// A whole design, validated: every component of one simulated system and the
// run's settings. The scenario layer builds it from TOML; the model builds the
// running system from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/cost_config.hpp"
#include "sim/model/kind_headers.hpp"  // written by CMakeLists.txt: every kind's config and result
#include "sim/model/monitoring/monitor_config.hpp"

namespace edasim::model {

// Prices used to turn API calls into dollars (us-east-1 list prices; see
// shared/reference/services.md §1.12, §2.8).
struct Prices {
  double sqs_per_million = 0.40;
  double sqs_fifo_per_million = 0.50;  // §1.12: the launch price, still quoted
  double eventbridge_per_million = 1.00;
  // Lambda (not in the reference: list prices, x86, us-east-1; UNCONFIRMED).
  double lambda_requests_per_million = 0.20;
  double lambda_gb_second = 0.0000166667;
  // Kinesis Data Streams, provisioned mode, and Amazon MSK (not in the
  // reference: list prices, UNCONFIRMED).
  double kinesis_shard_hour = 0.015;
  double kinesis_put_units_per_million = 0.014;
  double kinesis_fan_out_consumer_shard_hour = 0.015;
  double kafka_broker_hour = 0.21;
  // SNS (§3.8, UNCONFIRMED third-party figures): publishes per 64 KB chunk;
  // deliveries to HTTP/S endpoints; deliveries to SQS and Lambda are free.
  double sns_publish_per_million = 0.50;
  double sns_http_delivery_per_million = 0.60;
  // S3 Standard requests for claim checks (us-east-1 list prices, not in the
  // reference: $0.005 per 1,000 PUTs, $0.0004 per 1,000 GETs).
  double s3_put_per_million = 5.00;
  double s3_get_per_million = 0.40;
  // DynamoDB on-demand write request units, Standard table class (§11.5:
  // since the November 2024 cut; UNCONFIRMED against the live page).
  // Lambda's reads of a table's stream are free.
  double dynamodb_write_units_per_million = 0.625;
};

struct SystemConfig {
  std::string name;
  // A declared typical month ([cost]); none: a month at the run's rate.
  std::optional<CostConfig> cost;
  std::string question;  // the question the scenario answers, for reports
  std::uint64_t seed = 1;
  Duration duration = hours(1);
  Duration series_period = minutes(1);
  Prices prices;
  // [scenario.quotas.step_functions]: the account's buckets its state
  // machines share.
  StepFunctionsQuotas step_functions;
  // The components, one vector per registered kind, each in the order the
  // scenario declares them.
#define EDASIM_KIND(table, Config, member, Result, receives) std::vector<Config> member;
#include "sim/model/kinds.def"
  MonitoringConfig monitoring;
  std::vector<AlarmConfig> alarms;
};

}  // namespace edasim::model
