// Where the fields of every event of a run come from, so that any of them
// can be made again from its number alone.
//
// Each maker of events with content (a producer, from its templates or the
// archive it replays; an emit entry with an `event` template) adds itself
// under its event base (support/message.hpp: the high bits of its events'
// numbers). Its events draw their content from a stream of their own number
// (EventFactory::generate_event), so remake() gives back exactly the fields
// the maker routed the event on, at any later time, without any message
// holding them: memory stays with the makers, not with messages in flight.
// This is what lets an emit entry without a template send on the fields of
// the event it processes (support/emitter.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/model/producers/event_archive.hpp"
#include "sim/model/producers/event_factory.hpp"
#include "sim/model/producers/producer_config.hpp"

namespace edasim::model {

class EventSources {
 public:
  // The maker numbering its events from `base` draws them from `templates`
  // (which must outlive this) with its contents stream `events_seed`.
  void add(std::uint64_t base, std::span<const EventTemplate> templates, std::uint64_t events_seed);
  // The maker numbering its events from `base` replays `archive`.
  void add(std::uint64_t base, const EventArchive& archive);

  // Makes the content of event `number` again: the factory now holding it
  // (valid until the next remake), or null when its maker made events
  // without fields (a producer or an emit entry without templates).
  const EventFactory* remake(std::uint64_t number);
  // The factory of the maker of event `number` (for its paths), or null.
  const EventFactory* maker_of(std::uint64_t number) const;

 private:
  struct Source {
    std::uint64_t base;
    std::uint64_t events_seed;
    std::unique_ptr<EventFactory> factory;
  };
  const Source* find(std::uint64_t number) const;

  std::vector<Source> sources_;
};

}  // namespace edasim::model
