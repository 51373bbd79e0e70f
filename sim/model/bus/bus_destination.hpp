// Events sent to a bus with PutEvents: each routed by the bus's rules as it
// is made, a batch one request, billed per 64 KB chunk of each accepted entry
// (a throttled request ingests nothing and is not billed). buses_receiving
// (to = "bus.NAME") makes one for a client: a producer, or a chain's publish
// step.
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

}  // namespace edasim::model
