#include "sim/model/support/destination.hpp"

#include <stdexcept>

namespace edasim::model {

SchemaRegistry::Check Destination::route(const rules::Event&, const rules::Event&,
                                         std::vector<std::uint32_t>&, Outgoing&) {
  return {};
}

Duration Destination::request_latency(core::RandomStream&) const {
  return Duration::zero();
}

// Only a destination whose service throttles reports throttled entries, and
// only one that takes duplicates is given them: reaching these is a bug.
void Destination::give_up(std::uint64_t) {
  throw std::logic_error("a destination that throttles nothing was given up entries");
}

void Destination::send_duplicate(const Outgoing&, std::span<const std::uint32_t>) {
  throw std::logic_error("a destination that takes no duplicate sends was given one");
}

Delivered Destination::deliver(const Outgoing&, SendQuota) {
  throw std::logic_error("a destination made for a client was given a service's delivery");
}

void Delivery::send(const Request&, Sender&) {
  throw std::logic_error("a service's delivery destination was sent a request");
}

}  // namespace edasim::model
