// Events that start a synchronous call chain: each event one request of the
// chain, which calls its APIs in turn. A chain that publishes at its end
// (to a bus) needs each event's routes there, so they are found as the event
// is made, by the destination its publish step sends to. chains_receiving (to = "chain.NAME") makes
// one for a client.
#pragma once

#include "sim/model/support/destination.hpp"

namespace edasim::model {

class Chain;

class ChainDestination final : public Destination {
 public:
  explicit ChainDestination(Chain& chain) : chain_(chain) {}

  rules::PathTable* paths() override;
  bool routes() const override;
  SchemaRegistry::Check route(const rules::Event& body, const rules::Event& attributes,
                              std::vector<std::uint32_t>& out, Outgoing& entry) override;
  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;

 private:
  Chain& chain_;
};

}  // namespace edasim::model
