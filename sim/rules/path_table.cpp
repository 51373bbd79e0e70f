#include "sim/rules/path_table.hpp"

#include "sim/rules/hash.hpp"

namespace edasim::rules {

namespace {

std::uint64_t segment_hash(PathId parent, std::string_view segment) {
  return hash_bytes(segment, parent);
}

}  // namespace

PathTable::PathTable() : slots_(64, none) {
  nodes_.push_back({none, 0, 0, 0});
}

PathId PathTable::find_segment(PathId parent, std::string_view segment, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const PathId id = slots_[i];
    if (id == none) return none;
    const Node& node = nodes_[id];
    if (node.hash == hash && node.parent == parent &&
        std::string_view(text_).substr(node.text_begin, node.text_size) == segment) {
      return id;
    }
  }
}

void PathTable::grow() {
  std::vector<PathId> bigger(slots_.size() * 2, none);
  const std::size_t mask = bigger.size() - 1;
  for (PathId id = 1; id < nodes_.size(); ++id) {
    std::size_t i = nodes_[id].hash & mask;
    while (bigger[i] != none) i = (i + 1) & mask;
    bigger[i] = id;
  }
  slots_ = std::move(bigger);
}

PathId PathTable::add_segment(PathId parent, std::string_view segment) {
  const std::uint64_t hash = segment_hash(parent, segment);
  if (PathId found = find_segment(parent, segment, hash); found != none) return found;
  if ((nodes_.size() + 1) * 2 > slots_.size()) grow();
  const auto id = static_cast<PathId>(nodes_.size());
  nodes_.push_back({parent, static_cast<std::uint32_t>(text_.size()),
                    static_cast<std::uint32_t>(segment.size()), hash});
  text_.append(segment);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i] != none) i = (i + 1) & mask;
  slots_[i] = id;
  return id;
}

PathId PathTable::intern_child(PathId parent, std::string_view key) {
  PathId at = parent;
  for (;;) {
    const std::size_t dot = key.find('.');
    at = add_segment(at, key.substr(0, dot));
    if (dot == std::string_view::npos) return at;
    key.remove_prefix(dot + 1);
  }
}

PathId PathTable::find_child(PathId parent, std::string_view key) const {
  PathId at = parent;
  for (;;) {
    const std::size_t dot = key.find('.');
    const std::string_view segment = key.substr(0, dot);
    at = find_segment(at, segment, segment_hash(at, segment));
    if (at == none || dot == std::string_view::npos) return at;
    key.remove_prefix(dot + 1);
  }
}

PathId PathTable::intern(std::string_view dotted_path) {
  return intern_child(root, dotted_path);
}

std::optional<PathId> PathTable::find(std::string_view dotted_path) const {
  const PathId id = find_child(root, dotted_path);
  if (id == none) return std::nullopt;
  return id;
}

std::string_view PathTable::segment(PathId path) const {
  const Node& node = nodes_[path];
  return std::string_view(text_).substr(node.text_begin, node.text_size);
}

std::string PathTable::name(PathId path) const {
  std::vector<std::string_view> segments;
  for (PathId at = path; at != root; at = nodes_[at].parent) segments.push_back(segment(at));
  std::string out;
  for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
    if (it != segments.rbegin()) out += '.';
    out.append(*it);
  }
  return out;
}

}  // namespace edasim::rules
