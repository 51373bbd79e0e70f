#include "sim/model/state_machines/state_machine_destination.hpp"

#include "sim/model/receiving_kind.hpp"
#include "sim/model/state_machines/state_machine.hpp"
#include "sim/model/support/books.hpp"

namespace edasim::model {

namespace {

std::unique_ptr<Destination> to_state_machine(Assembly& a, std::span<const std::string> names,
                                              const Sending& sending) {
  StateMachine& machine = only_component<StateMachine>(a, names, "state machine");
  if (sending.role == Sending::Role::service) {
    return std::make_unique<StateMachineDelivery>(machine, sending.component, a.books);
  }
  return std::make_unique<StateMachineDestination>(machine, sending.component, a.books);
}

}  // namespace

const ReceivingKind state_machines_receiving{"state_machine", "state_machines", false,
                                             to_state_machine};

StateMachineDestination::StateMachineDestination(StateMachine& machine, std::string_view component,
                                                 Books& books)
    : machine_(machine),
      books_(books),
      start_execution_(books.calls.counter(component, metrics::call_kind::kStartExecution)) {}

void StateMachineDestination::offer(const OfferSample& sample, OfferedLoad& load) const {
  machine_.offer(sample, load);
}

// One StartExecution per entry: the API starts one execution a call.
void StateMachineDestination::send(const Request& request, Sender&) {
  books_.calls.add(start_execution_, request.entries.size(), 0);
  for (const Outgoing& e : request.entries) {
    if (machine_.start_execution(e.produced, false, e.keys.cause.content_of(e.event))) continue;
    request.throttled.push_back(e);
    request.throttled.back().route_begin =
        static_cast<std::uint32_t>(request.throttled_routes.size());
    request.throttled.back().route_count = 0;
  }
}

void StateMachineDestination::give_up(std::uint64_t entries) {
  machine_.give_up(entries);
}

StateMachineDelivery::StateMachineDelivery(StateMachine& machine, std::string_view component,
                                           Books& books)
    : machine_(machine),
      books_(books),
      start_execution_(books.calls.counter(component, metrics::call_kind::kStartExecution)) {}

void StateMachineDelivery::offer(const OfferSample& sample, OfferedLoad& load) const {
  machine_.offer(sample, load);
}

Delivered StateMachineDelivery::deliver(const Outgoing& e, SendQuota) {
  books_.calls.add(start_execution_, 1, 0);
  return machine_.start_execution(e.produced, true, e.keys.cause.content_of(e.event))
             ? Delivered::taken
             : Delivered::throttled;
}

}  // namespace edasim::model
