// Whether a consumer fleet is a plain queueing station, one that queueing
// theory describes (M/M/c, M/G/c), read from the design alone: one Poisson
// producer feeds its queue and nothing else does, and nothing the model adds
// to a station (other readers, failures, retries, scaling, faults) acts on
// it. The report sets the closed forms beside the simulation only for such a
// fleet, and says why not for every other.
#pragma once

#include <optional>
#include <string>

#include "sim/model/run_result.hpp"
#include "sim/model/system_config.hpp"

namespace edasim::model {

// The fleet's station parameters, or none and `why` not.
std::optional<StationParameters> station(const SystemConfig& config, const FleetConfig& fleet,
                                         std::string& why);

}  // namespace edasim::model
