// StartExecution, seen from the sender (services.md §10.9): each event a
// producer sends to "state_machine.NAME" starts one execution, when the
// machine's StartExecution quota admits it; a refused start is returned
// throttled, for the sender's SDK to retry, and counted throttled when the
// sender gives it up. state_machines_receiving makes one for a client.
#pragma once

#include "sim/model/support/destination.hpp"

namespace edasim::model {

class StateMachine;

class StateMachineDestination final : public Destination {
 public:
  explicit StateMachineDestination(StateMachine& machine) : machine_(machine) {}

  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;
  void give_up(std::uint64_t entries) override;

 private:
  StateMachine& machine_;
};

}  // namespace edasim::model
