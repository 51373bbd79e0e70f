#include "sim/model/faults/fault_config.hpp"

namespace edasim::model {

const char* to_string(FaultConfig::Kind kind) {
  switch (kind) {
    case FaultConfig::Kind::consumer_outage:
      return "consumer_outage";
    case FaultConfig::Kind::consumer_crash:
      return "consumer_crash";
    case FaultConfig::Kind::downstream_brownout:
      return "downstream_brownout";
    case FaultConfig::Kind::downstream_outage:
      return "downstream_outage";
    case FaultConfig::Kind::poison:
      return "poison";
    case FaultConfig::Kind::bus_throttling:
      return "bus_throttling";
    case FaultConfig::Kind::target_outage:
      return "target_outage";
  }
  return "consumer_outage";
}

const char* to_string(FaultConfig::TargetError error) {
  switch (error) {
    case FaultConfig::TargetError::throttling:
      return "throttling";
    case FaultConfig::TargetError::unavailable:
      return "unavailable";
    case FaultConfig::TargetError::timeout:
      return "timeout";
    case FaultConfig::TargetError::no_permissions:
      return "no_permissions";
    case FaultConfig::TargetError::no_resource:
      return "no_resource";
  }
  return "unavailable";
}

bool retryable(FaultConfig::TargetError error) {
  return error != FaultConfig::TargetError::no_permissions &&
         error != FaultConfig::TargetError::no_resource;
}

std::string fault_component(const FaultConfig& fault) {
  switch (fault.kind) {
    case FaultConfig::Kind::downstream_brownout:
    case FaultConfig::Kind::downstream_outage:
      return "api:" + fault.target;
    case FaultConfig::Kind::bus_throttling:
      return "bus:" + fault.target;
    case FaultConfig::Kind::target_outage: {
      // A queue by its name, another kind as "PREFIX.NAME": "PREFIX:NAME".
      const auto dot = fault.target.find('.');
      if (dot == std::string::npos) return "queue:" + fault.target;
      return fault.target.substr(0, dot) + ":" + fault.target.substr(dot + 1);
    }
    default:
      return "consumer:" + fault.target;
  }
}

}  // namespace edasim::model
