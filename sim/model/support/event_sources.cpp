#include "sim/model/support/event_sources.hpp"

#include "sim/model/support/message.hpp"

namespace edasim::model {

void EventSources::add(std::uint64_t base, std::span<const EventTemplate> templates,
                       std::uint64_t events_seed) {
  if (templates.empty()) return;
  sources_.push_back(Source{base, events_seed, std::make_unique<EventFactory>(templates)});
}

void EventSources::add(std::uint64_t base, const EventArchive& archive) {
  sources_.push_back(Source{base, 0, std::make_unique<EventFactory>(archive)});
}

const EventSources::Source* EventSources::find(std::uint64_t number) const {
  const std::uint64_t base = number & ~kEventSequenceMask;
  // A handful of makers: a scan is as quick as any index.
  for (const Source& s : sources_) {
    if (s.base == base) return &s;
  }
  return nullptr;
}

const EventFactory* EventSources::remake(std::uint64_t number) {
  const Source* s = find(number);
  if (s == nullptr) return nullptr;
  s->factory->generate_event(s->events_seed, number & kEventSequenceMask);
  return s->factory.get();
}

const EventFactory* EventSources::maker_of(std::uint64_t number) const {
  const Source* s = find(number);
  return s == nullptr ? nullptr : s->factory.get();
}

}  // namespace edasim::model
