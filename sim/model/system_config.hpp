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
#include "sim/model/chain_config.hpp"
#include "sim/model/fault_config.hpp"
#include "sim/model/fleet_config.hpp"
#include "sim/model/monitor_config.hpp"
#include "sim/model/poller_config.hpp"
#include "sim/model/producer_config.hpp"
#include "sim/model/queue_config.hpp"

namespace edasim {

// Prices used to turn API calls into dollars (us-east-1 list prices; see
// shared/reference/services.md §1.12, §2.8).
struct Prices {
  double sqs_per_million = 0.40;
  double eventbridge_per_million = 1.00;
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
  std::vector<FleetConfig> fleets;
  std::vector<ApiConfig> apis;      // downstream APIs the fleets call
  std::vector<ChainConfig> chains;  // synchronous call chains
  std::vector<FaultConfig> faults;  // in declaration order
  MonitoringConfig monitoring;
  std::vector<AlarmConfig> alarms;
  std::vector<PollerConfig> pollers;  // polling integrations
};

}  // namespace edasim
