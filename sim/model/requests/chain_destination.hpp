// Events that start a synchronous call chain: each event one request of the
// chain, which calls its APIs in turn. A chain that publishes to a bus at its
// end needs each event's routes on that bus, so they are found as the event
// is made, as for a bus.
#pragma once

#include "sim/model/support/destination.hpp"

namespace edasim {

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

}  // namespace edasim
