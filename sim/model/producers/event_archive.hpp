// Events recorded by an EventBridge archive (an export of it, one event
// envelope per line), which a producer replays in place of its templates:
// each event at its recorded time, with its recorded content.
//
// Promises: an event's content is the event the rule engine would read from
// its JSON text (rules::JsonEventReader::read_all): the same leaves, arrays
// and elements in the same order, so that a replayed event routes through a
// bus's rules exactly as that JSON would. The archive is read once, when the
// scenario is loaded, and never changes; producers share it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/rules/value.hpp"

namespace edasim::model {

// One leaf of an archived event. Strings are kept in EventArchive::text, by
// offset, so that the archive can be built by appending.
struct ArchivedLeaf {
  std::uint32_t path = 0;     // index into EventArchive::paths
  std::uint32_t element = 0;  // 0: outside arrays; else the event's element number (from 1)
  rules::ValueKind kind = rules::ValueKind::null;
  double number = 0;
  std::uint32_t text_begin = 0;
  std::uint32_t text_size = 0;
};

// An array of an archived event, in the order the JSON opens them.
struct ArchivedArray {
  std::uint32_t path = 0;    // index into EventArchive::paths
  std::uint32_t parent = 0;  // the element holding it: 0, or an element number
};

struct ArchivedEvent {
  Duration at;            // from time 0 of the run, after `speed`
  std::int64_t size = 0;  // bytes, as the scenario's `size` says
  std::uint32_t line = 0;
  // The event's leaves, arrays and elements: ranges of the archive's
  // vectors. Element number e of the event is elements[first_element + e - 1].
  std::uint32_t first_leaf = 0, leaves = 0;
  std::uint32_t first_array = 0, arrays = 0;
  std::uint32_t first_element = 0, elements = 0;
};

struct EventArchive {
  std::string file;  // as the scenario names it
  // Every path any event has, as object keys from the root; arrays are not
  // part of a path (as in the rule engine).
  std::vector<std::vector<std::string>> paths;
  // Whether some event has a leaf at the path outside every array: a path
  // that can name one value per event (a partition key, a group id).
  std::vector<bool> single;
  std::vector<ArchivedEvent> events;  // in replay order: by time, then by line
  std::vector<ArchivedLeaf> leaves;
  std::vector<ArchivedArray> arrays;
  // The array (index from the event's first_array) of each element.
  std::vector<std::uint32_t> elements;
  std::string text;  // the characters of every string leaf

  // The events of the file that come before the replay's `start` and are
  // not replayed.
  std::size_t before_start = 0;
  // The busiest second of the replay, in events: its peak rate.
  std::int64_t busiest_second = 0;

  rules::Value value(const ArchivedLeaf& leaf) const {
    switch (leaf.kind) {
      case rules::ValueKind::string:
        return rules::Value::of_string(
            std::string_view(text).substr(leaf.text_begin, leaf.text_size));
      case rules::ValueKind::number:
        return rules::Value::of_number(leaf.number);
      case rules::ValueKind::true_value:
        return rules::Value::of_bool(true);
      case rules::ValueKind::false_value:
        return rules::Value::of_bool(false);
      case rules::ValueKind::null:
        break;
    }
    return rules::Value::null_value();
  }
};

}  // namespace edasim::model
