// A whole design, validated: every component of one simulated system and the
// run's settings. The scenario layer builds it from TOML; the model builds the
// running system from it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/api.hpp"
#include "sim/model/bus_config.hpp"
#include "sim/model/fault_config.hpp"
#include "sim/model/fleet_config.hpp"
#include "sim/model/producer_config.hpp"
#include "sim/model/queue_config.hpp"
#include "sim/model/topic_config.hpp"

namespace edasim {

// Prices used to turn API calls into dollars (us-east-1 list prices; see
// shared/reference/services.md §1.12, §2.8).
struct Prices {
  double sqs_per_million = 0.40;
  double eventbridge_per_million = 1.00;
  // SNS (§3.8, UNCONFIRMED third-party figures): publishes per 64 KB chunk;
  // deliveries to HTTP/S endpoints; deliveries to SQS and Lambda are free.
  double sns_publish_per_million = 0.50;
  double sns_http_delivery_per_million = 0.60;
  // S3 Standard requests for claim checks (us-east-1 list prices, not in the
  // reference: $0.005 per 1,000 PUTs, $0.0004 per 1,000 GETs).
  double s3_put_per_million = 5.00;
  double s3_get_per_million = 0.40;
};

struct SystemConfig {
  std::string name;
  std::string question;  // the question the scenario answers, for reports
  std::uint64_t seed = 1;
  Duration duration = hours(1);
  Duration series_period = minutes(1);
  Prices prices;
  std::vector<ProducerConfig> producers;
  std::vector<BusConfig> buses;
  std::vector<QueueConfig> queues;
  std::vector<TopicConfig> topics;
  std::vector<FleetConfig> fleets;
  std::vector<ApiConfig> apis;      // downstream APIs the fleets call
  std::vector<FaultConfig> faults;  // in declaration order
};

}  // namespace edasim
