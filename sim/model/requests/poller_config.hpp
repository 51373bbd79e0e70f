// The settings of one polling integration (sim/model/requests/polling.hpp): how often
// it polls its source, how many changes a list call returns, which APIs it
// lists and fetches with, and how long processing a change takes.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/distribution.hpp"
#include "sim/core/time.hpp"

namespace edasim::model {

struct PollerConfig {
  std::string name;
  Duration interval = minutes(1);
  std::int32_t page_size = 100;  // changes per list call
  std::string list_api;          // "marketplace.ListChanges"
  std::string fetch_api;         // "marketplace.GetOrder"
  core::DurationDistribution processing{core::Distribution::constant(0.05)};
};

}  // namespace edasim::model
