#include "sim/model/bus/bus_destination.hpp"

#include <stdexcept>

#include "sim/core/kernel.hpp"
#include "sim/model/bus/bus.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/model/support/books.hpp"

namespace edasim::model {

namespace {

std::unique_ptr<Destination> to_bus(Assembly& a, std::span<const std::string> names,
                                    const Sending& sending) {
  Bus& bus = only_component<Bus>(a, names, "bus");
  if (sending.role == Sending::Role::service) {
    return std::make_unique<BusDelivery>(bus, sending.component, a.books);
  }
  return std::make_unique<BusDestination>(bus, sending.component, a.kernel, a.books);
}

}  // namespace

const ReceivingKind buses_receiving{"bus", "buses", false, to_bus};

BusDestination::BusDestination(Bus& bus, std::string_view component, core::Kernel& kernel,
                               Books& books)
    : bus_(bus),
      kernel_(kernel),
      books_(books),
      put_events_(books.calls.counter(component, metrics::call_kind::kPutEvents)) {}

rules::PathTable* BusDestination::paths() {
  return &bus_.paths();
}

SchemaRegistry::Check BusDestination::route(const rules::Event& body, const rules::Event&,
                                            std::vector<std::uint32_t>& out, Outgoing&) {
  return bus_.route(body, out);
}

Duration BusDestination::request_latency(core::RandomStream& rng) const {
  return bus_.config().api_latency.sample(rng);
}

void BusDestination::offer(const OfferSample& sample, OfferedLoad& load) const {
  bus_.offer(sample, load);
}

void BusDestination::send(const Request& request, Sender&) {
  const bool admitted = bus_.admit_put_events(kernel_.now());
  // EventBridge bills each 64 KB chunk of each accepted entry as one event; a
  // throttled request ingests nothing.
  std::uint64_t units = 0;
  if (admitted) {
    for (const Outgoing& e : request.entries) units += metrics::billing_units(Bytes{e.size});
  }
  books_.calls.add(put_events_, 1, units);
  if (!admitted) {
    const std::uint32_t blame = bus_.count_throttled(request.entries.size());
    if (request.throttled_by != nullptr) *request.throttled_by = blame;
    request.throttled.insert(request.throttled.end(), request.entries.begin(),
                             request.entries.end());
    request.throttled_routes.insert(request.throttled_routes.end(), request.routes.begin(),
                                    request.routes.end());
    return;
  }
  for (const Outgoing& e : request.entries) {
    bus_.put_event(e.event, e.produced, e.size,
                   request.routes.subspan(e.route_begin, e.route_count), e.keys.claim_checked,
                   e.schema, e.keys.poison, e.keys.cause);
  }
}

void BusDestination::give_up(std::uint64_t entries) {
  books_.events.throttled += entries;
}

BusDelivery::BusDelivery(Bus& bus, std::string_view component, Books& books)
    : bus_(bus),
      books_(books),
      deliver_(books.calls.counter(component, metrics::call_kind::kEventBridgeDeliverBus)) {}

rules::PathTable* BusDelivery::paths() {
  return &bus_.paths();
}

SchemaRegistry::Check BusDelivery::route(const rules::Event& body, const rules::Event&,
                                         std::vector<std::uint32_t>& out, Outgoing&) {
  bus_.route_received(body, out);
  // The sender's own schemas judged the event; the receiver's verdict is
  // in its record.
  return {};
}

void BusDelivery::offer(const OfferSample& sample, OfferedLoad& load) const {
  bus_.offer_received(sample, load);
}

Delivered BusDelivery::deliver(const Outgoing&, SendQuota) {
  throw std::logic_error("bus " + bus_.name() + " was delivered a copy without its routes");
}

Delivered BusDelivery::deliver_routed(const Outgoing& entry, SendQuota,
                                      std::span<const std::uint32_t> routes) {
  // The receiver ingests the event: billed as a custom event, per 64 KB.
  books_.calls.add(deliver_, 1, metrics::billing_units(Bytes{entry.size}));
  bus_.receive(entry, routes);
  return Delivered::taken;
}

}  // namespace edasim::model
