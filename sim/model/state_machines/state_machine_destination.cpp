#include "sim/model/state_machines/state_machine_destination.hpp"

#include "sim/model/receiving_kind.hpp"
#include "sim/model/state_machines/state_machine.hpp"

namespace edasim::model {

namespace {

std::unique_ptr<Destination> to_state_machine(Assembly& a, std::span<const std::string> names,
                                              const Sending& sending) {
  require_client(sending, "state machine");
  return std::make_unique<StateMachineDestination>(
      only_component<StateMachine>(a, names, "state machine"));
}

}  // namespace

const ReceivingKind state_machines_receiving{"state_machine", "state_machines", false,
                                             to_state_machine};

void StateMachineDestination::offer(const OfferSample& sample, OfferedLoad& load) const {
  machine_.offer(sample, load);
}

// One StartExecution per entry: the API starts one execution a call.
void StateMachineDestination::send(const Request& request, Sender&) {
  for (const Outgoing& e : request.entries) {
    if (machine_.start_execution(e.produced)) continue;
    request.throttled.push_back(e);
    request.throttled.back().route_begin =
        static_cast<std::uint32_t>(request.throttled_routes.size());
    request.throttled.back().route_count = 0;
  }
}

void StateMachineDestination::give_up(std::uint64_t entries) {
  machine_.give_up(entries);
}

}  // namespace edasim::model
