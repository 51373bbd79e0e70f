// The Step Functions state machines of a system: each runs the executions
// its senders start (producers, chains' publish steps, emit lists and bus
// rules, through state_machines_receiving).
#include <memory>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/state_machines/state_machine.hpp"

namespace edasim::model {

namespace {

class StateMachines final : public Part {
 public:
  explicit StateMachines(Assembly& a) {
    for (const StateMachineConfig& c : a.config.state_machines) {
      machines_.push_back(std::make_unique<StateMachine>(c, a));
      machines_.back()->attach(a.kernel.attach(*machines_.back()));
      a.add(*machines_.back());
    }
  }

  // Standard workflows bill their transitions; Express ones their starts
  // and billed GB-seconds (services.md §10.7).
  void bill(BillingSnapshot& s) const override {
    for (const auto& m : machines_) {
      const StateMachineResult r = m->result();
      const std::string component = "state_machines." + r.name;
      if (m->config().type == StateMachineConfig::Type::express) {
        s.meters.push_back({component, "starts", static_cast<double>(r.started)});
        s.meters.push_back({component, "gb_seconds", r.billed_gb_seconds});
      } else {
        s.meters.push_back({component, "transitions", static_cast<double>(r.transitions)});
      }
    }
  }

  void report(RunResult& r) override {
    for (auto& m : machines_) {
      // An open execution's event has not reached its end: on its way (a
      // copy a bus delivered, in flight).
      r.events.awaiting_routing += m->running() - m->running_relayed();
      r.events.in_flight += m->running_relayed();
      r.state_machines.push_back(m->result());
    }
  }

  // StartExecution quota (services.md §10.6): starts a second against the
  // bucket's refill rate; starts over it are throttled.
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (const auto& m : machines_) {
      const StateMachineConfig& c = m->config();
      const ComponentLoad starts = load.peak("state_machines", c.name, LoadMeasure::requests);
      const double u = starts.per_second.requests / c.start_rate;
      if (u <= 0.8) continue;
      std::string text = at_peak_text(starts.peak) + " senders start " +
                         count_text(starts.per_second.requests) +
                         " executions/s; the StartExecution quota refills " +
                         count_text(c.start_rate) + " a second" + utilisation_text(u);
      text += u > 1 ? ": starts over it are throttled" : ": little headroom for bursts";
      out.limits.push_back({"state_machines", c.name, u, std::move(text)});
    }
  }

 private:
  std::vector<std::unique_ptr<StateMachine>> machines_;
};

}  // namespace

std::unique_ptr<Part> build_state_machines(Assembly& a) {
  return std::make_unique<StateMachines>(a);
}

}  // namespace edasim::model
