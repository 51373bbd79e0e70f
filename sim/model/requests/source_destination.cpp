#include "sim/model/requests/source_destination.hpp"

#include <stdexcept>

#include "sim/model/receiving_kind.hpp"
#include "sim/model/requests/polling.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/offered_load.hpp"

namespace edasim::model {

namespace {

std::unique_ptr<Destination> to_sources(Assembly& a, std::span<const std::string> names,
                                        const Sending& sending) {
  require_client(sending, "source");
  std::vector<Poller*> sources;
  for (const std::string& t : names) {
    Poller* poller = a.find<Poller>(t);
    if (poller == nullptr) throw std::invalid_argument("no such poller " + t);
    sources.push_back(poller);
  }
  return std::make_unique<SourceDestination>(std::move(sources), a.books);
}

}  // namespace

// A source is declared by its poller: to = "source.NAME" names [pollers.NAME].
const ReceivingKind pollers_receiving{"source", "pollers", true, to_sources, /*ingest_api=*/false};

// Each source records every event; the poller lists and fetches them.
void SourceDestination::offer(const OfferSample& s, OfferedLoad& load) const {
  for (const Poller* source : sources_) {
    load.add("pollers", source->name(), {s.weight, s.weight * static_cast<double>(s.entry.size)});
  }
}

void SourceDestination::send(const Request& request, Sender&) {
  for (const Outgoing& e : request.entries) {
    ++books_.events.routed_events;
    for (Poller* source : sources_) {
      ++books_.events.copies;
      source->record(e.event, e.produced);
    }
  }
}

}  // namespace edasim::model
