#include "sim/model/requests/source_destination.hpp"

#include "sim/model/requests/polling.hpp"
#include "sim/model/support/books.hpp"

namespace edasim {

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
