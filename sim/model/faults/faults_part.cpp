// The faults of a system: each applied to the component it hits (an API,
// a bus, a bus target, a fleet), and reported as a window with the
// consumers and chains it acts on.
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/bus/bus.hpp"
#include "sim/model/consumers/fleet.hpp"
#include "sim/model/part.hpp"
#include "sim/model/requests/api.hpp"

namespace edasim::model {

namespace {

class Faults final : public Part {
 public:
  explicit Faults(Assembly& a) : config_(a.config) {
    // Poison patterns take bits in the order the scenario declares them, as
    // the producers compiled them.
    std::uint32_t patterns_seen = 0;
    const auto pattern_bit = [&patterns_seen](const FaultConfig& f) {
      if (f.kind != FaultConfig::Kind::poison || f.pattern.empty()) return UINT32_MAX;
      return patterns_seen++;
    };
    for (const FaultConfig& f : a.config.faults) {
      switch (f.kind) {
        case FaultConfig::Kind::downstream_brownout:
        case FaultConfig::Kind::downstream_outage: {
          Api* api = a.find<Api>(f.target);
          if (api == nullptr)
            throw std::invalid_argument("fault " + f.name + ": no such API " + f.target);
          api->add_fault(f, a.books.fault(f.name) + 1);
          break;
        }
        case FaultConfig::Kind::bus_throttling: {
          Bus* bus = a.find<Bus>(f.target);
          if (bus == nullptr)
            throw std::invalid_argument("fault " + f.name + ": no such bus " + f.target);
          bus->add_fault(f);
          break;
        }
        case FaultConfig::Kind::target_outage: {
          bool hits = false;
          for (Bus* b : a.all<Bus>()) hits = b->add_target_fault(f) || hits;
          if (!hits)
            throw std::invalid_argument("fault " + f.name + ": no rule targets " + f.target);
          break;
        }
        default: {
          Fleet* fleet = a.find<Fleet>(f.target);
          if (fleet == nullptr)
            throw std::invalid_argument("fault " + f.name + ": no such consumer " + f.target);
          fleet->add_fault(f, a.seed, pattern_bit(f));
          break;
        }
      }
    }
  }

  void report(RunResult& r) override {
    for (const FaultConfig& f : config_.faults) {
      FaultWindow w{f.name, to_string(f.kind), fault_component(f), f.start, f.duration, {}};
      for (const FleetConfig& fc : config_.fleets) {
        bool acts = false;
        switch (f.kind) {
          case FaultConfig::Kind::poison:
          case FaultConfig::Kind::consumer_outage:
          case FaultConfig::Kind::consumer_crash:
            acts = fc.name == f.target;
            break;
          case FaultConfig::Kind::downstream_brownout:
          case FaultConfig::Kind::downstream_outage:
            for (const auto& call : fc.calls) acts = acts || call.first == f.target;
            break;
          default:
            break;
        }
        if (acts) w.consumers.push_back(fc.name);
      }
      for (const ChainConfig& cc : config_.chains) {
        bool acts = false;
        for (const ChainStep& step : cc.steps) {
          switch (f.kind) {
            case FaultConfig::Kind::downstream_brownout:
            case FaultConfig::Kind::downstream_outage:
              for (const std::string& api : step.apis) acts = acts || api == f.target;
              break;
            case FaultConfig::Kind::bus_throttling:
              acts = acts || step.publish == f.target;
              break;
            default:
              break;
          }
        }
        if (acts) w.chains.push_back(cc.name);
      }
      r.faults.push_back(std::move(w));
    }
  }

 private:
  const SystemConfig& config_;
};

}  // namespace

std::unique_ptr<Part> build_faults(Assembly& a) {
  return std::make_unique<Faults>(a);
}

}  // namespace edasim::model
