#include "sim/model/requests/source_destination.hpp"

#include "sim/model/requests/polling.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/offered_load.hpp"

namespace edasim {

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

}  // namespace edasim
