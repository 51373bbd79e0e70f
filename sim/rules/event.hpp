// The in-memory event: what the simulator builds for every produced event and
// what the rule engine matches. JSON text is read into the same type (see
// json_event.hpp), so both inputs share one matcher.
//
// An event is a flat list of leaves. Each leaf has a path id (from the
// PathTable the rule set was compiled with), a value, and the array element
// it sits in. Arrays are not part of a path: the items of
// {"items":[{"sku":"a"},{"sku":"b"}]} are two leaves at "items.sku", each in
// its own element of the "items" array. Elements are what array consistency
// needs: a rule's fields must all come from the same element of any array
// they share.
//
// Building an event (paths resolved once, up front, with PathTable::intern):
//
//   event.clear();                                   // keeps capacity
//   event.add_string(source, "com.shop.orders");     // top-level leaf
//   event.add_number(total, 129.5);
//   ArrayId items = event.add_array(items_path);     // "detail.items"
//   for (const Item& item : order.items) {
//     ElementId e = event.add_element(items);
//     event.add_string(sku, item.sku, e);            // "detail.items.sku"
//     event.add_number(qty, item.qty, e);
//   }
//
// An array of scalars is an array whose elements each hold one leaf at the
// array's own path. Nested arrays pass the enclosing element to add_array.
//
// Strings: add_string keeps a view, so its characters must outlive every
// match of this event (templates and interned names do); add_string_copy
// copies into an arena owned by the event and reused by clear().
//
// Promises: once warmed up (capacity reached), clear() and the add_* calls
// allocate nothing. Leaves keep the order they were added in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/rules/path_table.hpp"
#include "sim/rules/value.hpp"

namespace edasim::rules {

using ElementId = std::uint32_t;
using ArrayId = std::uint32_t;

struct Leaf {
  PathId path;
  ElementId element;
  Value value;
};

struct EventArray {
  PathId path;       // where the array sits
  ElementId parent;  // the element holding the array (Event::top if none)
};

struct EventElement {
  ArrayId array;
  ElementId parent;  // the element holding `array`: the next link of the chain
};

class Event {
 public:
  // The event itself: the element of every leaf that is in no array.
  static constexpr ElementId top = 0;
  static constexpr ArrayId no_array = UINT32_MAX;

  Event();

  void clear();

  void add_string(PathId path, std::string_view text, ElementId in = top) {
    leaves_.push_back({path, in, Value::of_string(text)});
  }
  void add_string_copy(PathId path, std::string_view text, ElementId in = top);
  void add_number(PathId path, double number, ElementId in = top) {
    leaves_.push_back({path, in, Value::of_number(number)});
  }
  void add_bool(PathId path, bool value, ElementId in = top) {
    leaves_.push_back({path, in, Value::of_bool(value)});
  }
  void add_null(PathId path, ElementId in = top) {
    leaves_.push_back({path, in, Value::null_value()});
  }
  void add(PathId path, Value value, ElementId in = top) { leaves_.push_back({path, in, value}); }

  ArrayId add_array(PathId path, ElementId in = top) {
    arrays_.push_back({path, in});
    return static_cast<ArrayId>(arrays_.size() - 1);
  }
  // A new element at the end of `array`.
  ElementId add_element(ArrayId array) {
    elements_.push_back({array, arrays_[array].parent});
    return static_cast<ElementId>(elements_.size() - 1);
  }

  std::span<const Leaf> leaves() const { return leaves_; }
  std::span<const EventArray> arrays() const { return arrays_; }
  // Indexed by ElementId; element 0 is `top` and belongs to no array.
  std::span<const EventElement> elements() const { return elements_; }

 private:
  std::vector<Leaf> leaves_;
  std::vector<EventArray> arrays_;
  std::vector<EventElement> elements_;
  // Arena of copied strings: fixed-size blocks so views stay valid as it grows.
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::size_t> block_sizes_;
  std::size_t block_ = 0;
  std::size_t used_ = 0;
};

// The event as JSON text, for debugging and for the command line. Arrays and
// nesting are rebuilt from paths and elements; paths unknown to `paths` and
// empty objects or arrays (which hold no leaf) do not appear.
std::string to_json(const Event& event, const PathTable& paths);

}  // namespace edasim::rules
