// Builds the content of each produced event from a producer's templates, or
// takes it from an EventBridge archive the producer replays.
//
// The content is a flat list of leaves (path, value), where leaves inside one
// element of an array of objects share a group, so that the bus can judge
// array consistency. String values point into storage the factory owns and
// reuses (or, replaying an archive, into the archive): they stay valid until
// the next call to generate(). Nothing is allocated per event once the first
// event of the largest template is made.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/random.hpp"
#include "sim/model/producers/event_archive.hpp"
#include "sim/model/producers/producer_config.hpp"
#include "sim/rules/event.hpp"
#include "sim/rules/path_table.hpp"
#include "sim/rules/value.hpp"

namespace edasim::model {

struct EventLeaf {
  std::uint32_t path;  // index into EventContent::paths()
  rules::Value value;
  // 0 for a leaf outside arrays; otherwise (array number << 16 | element
  // number) + 1, the same for every leaf of one array element (replaying an
  // archive: the element's number in the event).
  std::uint32_t group;
};

class EventContent {
 public:
  std::span<const EventLeaf> leaves() const { return leaves_; }
  // Every path any leaf can have, as segments from the root.
  const std::vector<std::vector<std::string>>& paths() const { return *paths_; }
  // The template this event was made from.
  std::size_t template_index() const { return template_; }
  // Replaying an archive: the index of the archived event.
  std::size_t archived_index() const { return archived_; }

 private:
  friend class EventFactory;
  std::vector<EventLeaf> leaves_;
  const std::vector<std::vector<std::string>>* paths_ = nullptr;
  std::size_t template_ = 0;
  std::size_t archived_ = 0;
};

class EventFactory {
 public:
  explicit EventFactory(std::span<const EventTemplate> templates);
  // Replays `archive` (which must outlive the factory): the event of number
  // `sequence` is the archive's event sequence % its size, drawing nothing.
  explicit EventFactory(const EventArchive& archive);
  EventFactory(const EventFactory&) = delete;
  EventFactory& operator=(const EventFactory&) = delete;

  // Draws the next event's content; returns its payload size in bytes.
  // `sequence` is the producer's running event number (for unique ids).
  std::int64_t generate(core::RandomStream& rng, std::uint64_t sequence);
  // Makes the content of event `sequence` of a maker whose contents stream
  // is `events_seed` (core::stream_seed of its ".../events" name), from a
  // stream of that event's own (event_stream): the same event comes out
  // wherever and whenever it is made, so a consumer can make again the
  // fields of an event it processes instead of a message carrying them.
  std::int64_t generate_event(std::uint64_t events_seed, std::uint64_t sequence) {
    core::RandomStream rng = event_stream(events_seed, sequence);
    return generate(rng, sequence);
  }
  // The stream event `sequence` of a maker draws its content from.
  static core::RandomStream event_stream(std::uint64_t events_seed, std::uint64_t sequence) {
    return core::RandomStream(core::mix64(events_seed ^ core::mix64(sequence)));
  }
  const EventContent& content() const { return content_; }
  // The path (index into paths()) of array `array` of template `which`.
  std::uint32_t array_path(std::size_t which, std::size_t array) const {
    return templates_[which].arrays[array].path;
  }
  const std::vector<std::vector<std::string>>& paths() const { return paths_; }
  // The archive replayed, or null.
  const EventArchive* archive() const { return archive_; }

 private:
  struct Field {
    const FieldGenerator* spec;
    std::uint32_t path;
    core::Choice choice;
  };
  struct Array {
    const ArrayGenerator* spec;
    std::uint32_t path;
    std::vector<Field> fields;
  };
  struct Template {
    const EventTemplate* spec;
    std::vector<Field> fields;
    std::vector<Array> arrays;
  };

  Field make_field(const FieldGenerator& spec, std::vector<std::string> prefix);
  void emit(const Field& field, core::RandomStream& rng, std::uint64_t sequence,
            std::uint32_t group);
  std::string_view store(std::string_view prefix, std::uint64_t number);
  std::uint32_t intern(std::vector<std::string> path);

  std::vector<Template> templates_;
  core::Choice pick_template_;
  std::vector<std::vector<std::string>> paths_;
  std::string arena_;               // reserved up front; never reallocates while in use
  std::size_t arena_capacity_ = 0;  // bytes of strings outside arrays
  std::vector<std::int64_t> array_counts_;
  const EventArchive* archive_ = nullptr;
  EventContent content_;
};

// The factory's current event as the rule engine reads it, built against
// the path ids `ids` (one per factory path) into `out`: what a destination
// routes on. Shared by producers and emitting consumers.
void build_rules_event(const EventFactory& factory, const std::vector<rules::PathId>& ids,
                       rules::Event& out);
// The factory's paths interned in `table`, one id per factory path: the ids
// build_rules_event takes to build the factory's events for that table's
// rules.
std::vector<rules::PathId> intern_paths(const EventFactory& factory, rules::PathTable& table);
// A field's value as a 64-bit key (a FIFO message group or deduplication
// id): the same value gives the same key wherever the event is made.
std::uint64_t field_key(const rules::Value& v);

// A factory path as dotted text ("detail.orderId").
std::string dotted(const std::vector<std::string>& path);

}  // namespace edasim::model
