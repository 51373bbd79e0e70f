// Events that start a synchronous call chain: each event one request of the
// chain, which calls its APIs in turn. A chain that publishes at its end
// (to a bus, a queue, a topic, a stream or a state machine) needs each
// event's routes, partition key and attributes there, so they are found as
// the event is made, by the destination its publish step sends to.
// chains_receiving (to = "chain.NAME") makes one for a client, and connects
// the chain's publish step first: its senders (producers) build after every
// receiving kind, where a chain builds before streams, topics and state
// machines.
#pragma once

#include "sim/model/support/destination.hpp"

namespace edasim::model {

class Assembly;
class Chain;

// Makes the chain's publish step's destination, for the chain as a client
// (Chain::connect), if it has none yet. Throws std::invalid_argument naming
// the chain for a component that is not in the Assembly.
void connect_chain(Assembly& assembly, Chain& chain);

class ChainDestination final : public Destination {
 public:
  explicit ChainDestination(Chain& chain) : chain_(chain) {}

  rules::PathTable* paths() override;
  rules::PathTable* attribute_paths() override;
  bool keyed() const override;
  bool routes() const override;
  SchemaRegistry::Check route(const rules::Event& body, const rules::Event& attributes,
                              std::vector<std::uint32_t>& out, Outgoing& entry) override;
  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;

 private:
  Chain& chain_;
};

}  // namespace edasim::model
