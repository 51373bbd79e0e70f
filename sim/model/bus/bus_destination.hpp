// Events sent to a bus with PutEvents: each routed by the bus's rules as it
// is made, a batch one request, billed per 64 KB chunk of each accepted entry
// (a throttled request ingests nothing and is not billed). buses_receiving
// (to = "bus.NAME") makes one for a client: a producer, or a chain's publish
// step; and a BusDelivery for another bus whose rule targets the bus
// (bus-to-bus: the only service that delivers to a bus).
#pragma once

#include <string_view>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/support/destination.hpp"

namespace edasim::core {
class Kernel;
}  // namespace edasim::core

namespace edasim::model {

struct Books;
class Bus;

class BusDestination final : public Destination {
 public:
  // `component` names the sender in the books ("producer:orders").
  BusDestination(Bus& bus, std::string_view component, core::Kernel& kernel, Books& books);

  rules::PathTable* paths() override;
  bool routes() const override { return true; }
  SchemaRegistry::Check route(const rules::Event& body, const rules::Event& attributes,
                              std::vector<std::uint32_t>& out, Outgoing& entry) override;
  // The bus's API latency: a PutEvents request's answer.
  Duration request_latency(core::RandomStream& rng) const override;
  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;
  void give_up(std::uint64_t entries) override;

 private:
  Bus& bus_;
  core::Kernel& kernel_;
  Books& books_;
  metrics::CounterId put_events_;
};

// Another bus's deliveries to a bus (a rule target "bus.NAME"). The sender
// routes each event through route() as it is made (the receiver's rules
// read the content there, in the path table the linked buses share), and
// hands the copy over with those routes (deliver_routed()), billing the
// ingested event in its own name: one EventBridge.DeliverToEventBus call,
// its 64 KB chunks billed as custom events. The receiver's PutEvents quota
// does not meter it (UNCONFIRMED), so it is always taken.
class BusDelivery final : public Delivery {
 public:
  // `component` names the sending bus in the books ("bus:orders").
  BusDelivery(Bus& bus, std::string_view component, Books& books);

  rules::PathTable* paths() override;
  bool routes() const override { return true; }
  SchemaRegistry::Check route(const rules::Event& body, const rules::Event& attributes,
                              std::vector<std::uint32_t>& out, Outgoing& entry) override;
  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  // Throws std::logic_error: a bus's copy comes with its routes.
  Delivered deliver(const Outgoing& entry, SendQuota quota) override;
  Delivered deliver_routed(const Outgoing& entry, SendQuota quota,
                           std::span<const std::uint32_t> routes) override;

 private:
  Bus& bus_;
  Books& books_;
  metrics::CounterId deliver_;
};

}  // namespace edasim::model
