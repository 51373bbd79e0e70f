#include "sim/model/fault_config.hpp"

namespace edasim {

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
  }
  return "consumer_outage";
}

std::string fault_component(const FaultConfig& fault) {
  switch (fault.kind) {
    case FaultConfig::Kind::downstream_brownout:
    case FaultConfig::Kind::downstream_outage:
      return "api:" + fault.target;
    case FaultConfig::Kind::bus_throttling:
      return "bus:" + fault.target;
    default:
      return "consumer:" + fault.target;
  }
}

}  // namespace edasim
