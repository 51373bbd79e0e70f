// The path table: interns field paths ("detail.items.sku") to small integer
// ids shared by compiled rule sets and events.
//
// A path is the list of object keys from the event's root to a leaf; array
// levels are not part of it. Paths are stored as a tree of segments, one node
// per distinct prefix, so resolving an event key is one lookup from its
// parent's node, and a key unknown to the table lets a reader skip the whole
// subtree under it.
//
// Dotted keys: as in event-ruler (the matcher behind EventBridge), a key is
// split on '.', so the pattern {"a":{"b":[1]}} and {"a.b":[1]} name the same
// path, and each matches both {"a":{"b":1}} and {"a.b":1}. Every function
// taking a key or a path applies the same split.
//
// Promises: ids are dense, start at 1 (0 is the root, the empty path) and
// never change once given; find() and find_child() never allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edasim::rules {

using PathId = std::uint32_t;

class PathTable {
 public:
  static constexpr PathId root = 0;
  static constexpr PathId none = UINT32_MAX;

  PathTable();

  // The id of a dotted path, adding it (and its prefixes) if new.
  PathId intern(std::string_view dotted_path);
  // The id of a dotted path, or nullopt if it was never interned.
  std::optional<PathId> find(std::string_view dotted_path) const;

  // The id of `parent` extended by `key` (split on '.'), adding it if new.
  PathId intern_child(PathId parent, std::string_view key);
  // The id of `parent` extended by `key`, or `none` if unknown.
  PathId find_child(PathId parent, std::string_view key) const;

  PathId parent(PathId path) const { return nodes_[path].parent; }
  // The last segment of a path (empty for the root).
  std::string_view segment(PathId path) const;
  // The dotted name of a path ("" for the root).
  std::string name(PathId path) const;
  std::size_t size() const { return nodes_.size(); }

 private:
  struct Node {
    PathId parent;
    std::uint32_t text_begin;
    std::uint32_t text_size;
    std::uint64_t hash;
  };

  PathId find_segment(PathId parent, std::string_view segment, std::uint64_t hash) const;
  PathId add_segment(PathId parent, std::string_view segment);
  void grow();

  std::vector<Node> nodes_;
  std::string text_;
  std::vector<PathId> slots_;  // open addressing over (parent, segment); `none` = empty
};

}  // namespace edasim::rules
