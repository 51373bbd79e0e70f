#include "sim/model/requests/chain_destination.hpp"

#include "sim/model/receiving_kind.hpp"
#include "sim/model/requests/chain.hpp"

namespace edasim::model {

namespace {

std::unique_ptr<Destination> to_chain(Assembly& a, std::span<const std::string> names,
                                      const Sending& sending) {
  require_client(sending, "chain");
  Chain& chain = only_component<Chain>(a, names, "chain");
  connect_chain(a, chain);
  return std::make_unique<ChainDestination>(chain);
}

}  // namespace

void connect_chain(Assembly& a, Chain& chain) {
  const std::string component = "chain:" + chain.name();
  try {
    chain.connect([&](std::string_view table, const std::string& name) {
      return make_destination(a, table, {&name, 1}, Sending{component, Sending::Role::client});
    });
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("chain " + chain.name() + ": " + e.what());
  }
}

const ReceivingKind chains_receiving{"chain", "chains", false, to_chain, /*ingest_api=*/false};

// The chain routes nothing itself: what its publish step sends to does.
rules::PathTable* ChainDestination::paths() {
  Destination* publish = chain_.publish_destination();
  return publish != nullptr ? publish->paths() : nullptr;
}

rules::PathTable* ChainDestination::attribute_paths() {
  Destination* publish = chain_.publish_destination();
  return publish != nullptr ? publish->attribute_paths() : nullptr;
}

bool ChainDestination::keyed() const {
  const Destination* publish = chain_.publish_destination();
  return publish != nullptr && publish->keyed();
}

bool ChainDestination::routes() const {
  const Destination* publish = chain_.publish_destination();
  return publish != nullptr && publish->routes();
}

SchemaRegistry::Check ChainDestination::route(const rules::Event& body,
                                              const rules::Event& attributes,
                                              std::vector<std::uint32_t>& out, Outgoing& entry) {
  Destination* publish = chain_.publish_destination();
  return publish != nullptr ? publish->route(body, attributes, out, entry)
                            : SchemaRegistry::Check{};
}

void ChainDestination::offer(const OfferSample& sample, OfferedLoad& load) const {
  chain_.offer(sample, load);
}

void ChainDestination::send(const Request& request, Sender&) {
  for (const Outgoing& e : request.entries) {
    chain_.request(e.event, e.produced, e.size,
                   request.routes.subspan(e.route_begin, e.route_count), e.schema, e.key,
                   e.unwanted);
  }
}

}  // namespace edasim::model
