#include "sim/model/requests/chain_destination.hpp"

#include "sim/model/bus/bus.hpp"
#include "sim/model/requests/chain.hpp"

namespace edasim {

rules::PathTable* ChainDestination::paths() {
  Bus* bus = chain_.publish_bus();
  return bus != nullptr ? &bus->paths() : nullptr;
}

bool ChainDestination::routes() const {
  return chain_.publish_bus() != nullptr;
}

SchemaRegistry::Check ChainDestination::route(const rules::Event& body, const rules::Event&,
                                              std::vector<std::uint32_t>& out, Outgoing&) {
  Bus* bus = chain_.publish_bus();
  return bus != nullptr ? bus->route(body, out) : SchemaRegistry::Check{};
}

void ChainDestination::offer(const OfferSample& sample, OfferedLoad& load) const {
  chain_.offer(sample, load);
}

void ChainDestination::send(const Request& request, Sender&) {
  for (const Outgoing& e : request.entries) {
    chain_.request(e.event, e.produced, e.size,
                   request.routes.subspan(e.route_begin, e.route_count), e.schema);
  }
}

}  // namespace edasim
