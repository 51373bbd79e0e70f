// StartExecution, seen from the sender (services.md §10.9): each event a
// producer sends to "state_machine.NAME" starts one execution, when the
// machine's StartExecution quota admits it; a refused start is returned
// throttled, for the sender's SDK to retry, and counted throttled when the
// sender gives it up. Each start, admitted or throttled (a retry is a call
// of its own), is one StartExecution call in the sender's name (a
// producer's, a chain step's, an emitting component's), without billing
// units: the machine bills its executions. state_machines_receiving makes
// one for a client, and a StateMachineDelivery for a service.
#pragma once

#include <string_view>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/support/destination.hpp"

namespace edasim::model {

class StateMachine;
struct Books;

class StateMachineDestination final : public Destination {
 public:
  StateMachineDestination(StateMachine& machine, std::string_view component, Books& books);

  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;
  void give_up(std::uint64_t entries) override;

 private:
  StateMachine& machine_;
  Books& books_;
  metrics::CounterId start_execution_;
};

// A service's StartExecution (an EventBridge rule's target, §10.9): one
// call per copy, recorded in the service's name without billing units (the
// machine bills its executions), through the machine's StartExecution
// quota; a start the quota refuses is answered throttled, and the service
// retries it under its own retry policy, so a throttle delays the copy
// rather than losing it.
class StateMachineDelivery final : public Delivery {
 public:
  StateMachineDelivery(StateMachine& machine, std::string_view component, Books& books);

  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  Delivered deliver(const Outgoing& entry, SendQuota quota) override;

 private:
  StateMachine& machine_;
  Books& books_;
  metrics::CounterId start_execution_;
};

}  // namespace edasim::model
