// The Step Functions state machines of a system: each runs the executions
// its senders start (producers, chains' publish steps, emit lists and bus
// rules, through state_machines_receiving).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/state_machines/state_machine.hpp"

namespace edasim::model {

namespace {

class StateMachines final : public Part {
 public:
  explicit StateMachines(Assembly& a)
      : quotas_(a.config.step_functions), account_(a.config.step_functions) {
    for (const StateMachineConfig& c : a.config.state_machines) {
      machines_.push_back(std::make_unique<StateMachine>(c, a, account_));
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

  // The account's quotas (services.md §10.6), each shared by the machines
  // of its type: their starts a second together against each type's
  // StartExecution refill, and the transitions a second those starts make
  // (expected_transitions() each) against Standard's StateTransition
  // refill, both at the peak of the sum.
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    if (machines_.empty()) return;
    const StepFunctionsQuotas& q = quotas_;
    OfferedLoad account = load;
    std::vector<std::string> names[2];
    for (const auto& m : machines_) {
      const StateMachineConfig& c = m->config();
      const bool express = c.type == StateMachineConfig::Type::express;
      if (load.peak("state_machines", c.name, LoadMeasure::requests).per_second.requests <= 0)
        continue;
      names[express ? 1 : 0].push_back(c.name);
      account.pass("state_machines", c.name, kAccount, express ? "express" : "standard", 1.0,
                   false);
      if (!express)
        account.pass("state_machines", c.name, kAccount, "transitions", expected_transitions(c),
                     false);
    }
    limit(account, out, "standard", names[0], "executions/s", "Standard StartExecution",
          q.standard_start_rate, "starts over it are throttled");
    limit(account, out, "express", names[1], "executions/s", "Express StartExecution",
          q.express_start_rate, "starts over it are throttled");
    limit(account, out, "transitions", names[0], "state transitions/s", "StateTransition",
          q.standard_transition_rate,
          "transitions over it wait for tokens, and executions take longer");
  }

 private:
  static constexpr std::string_view kAccount = "step_functions_account";

  static void limit(const OfferedLoad& account, Capacity& out, std::string_view bucket,
                    const std::vector<std::string>& machines, std::string_view unit,
                    std::string_view quota, double rate, std::string_view over) {
    if (machines.empty()) return;
    const ComponentLoad at = account.peak(kAccount, bucket, LoadMeasure::requests);
    const double u = at.per_second.requests / rate;
    if (u <= 0.8) return;
    std::string who = "state machine " + machines[0] + " is";
    if (machines.size() > 1) {
      who = "state machines ";
      for (std::size_t i = 0; i < machines.size(); ++i) {
        if (i > 0) who += i + 1 == machines.size() ? " and " : ", ";
        who += machines[i];
      }
      who += " are together";
    }
    std::string text = at_peak_text(at.peak) + " " + who + " offered " +
                       count_text(at.per_second.requests) + " " + std::string(unit) +
                       "; the account's " + std::string(quota) + " quota refills " +
                       count_text(rate) + " a second" + utilisation_text(u);
    text += u > 1 ? ": " + std::string(over) : std::string(": little headroom for bursts");
    out.limits.push_back({"scenario.quotas", "step_functions", u, std::move(text)});
  }

  // The account's buckets, shared by every machine (services.md §10.6).
  StepFunctionsQuotas quotas_;
  StepFunctionsAccount account_;
  std::vector<std::unique_ptr<StateMachine>> machines_;
};

}  // namespace

std::unique_ptr<Part> build_state_machines(Assembly& a) {
  return std::make_unique<StateMachines>(a);
}

}  // namespace edasim::model
