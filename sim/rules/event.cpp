#include "sim/rules/event.hpp"
#include "sim/rules/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <optional>
#include <utility>

namespace edasim::rules {

namespace {
constexpr std::size_t arena_block_size = 4096;
}

Event::Event() {
  elements_.push_back({no_array, top});
}

void Event::clear() {
  leaves_.clear();
  arrays_.clear();
  elements_.resize(1);
  block_ = 0;
  used_ = 0;
}

void Event::add_string_copy(PathId path, std::string_view text, ElementId in) {
  // Find room in the current block or a later one; a block too small for a
  // long string is skipped, not split, so every copy stays contiguous.
  while (block_ < blocks_.size() && used_ + text.size() > block_sizes_[block_]) {
    ++block_;
    used_ = 0;
  }
  if (block_ == blocks_.size()) {
    const std::size_t size = std::max(arena_block_size, text.size());
    blocks_.push_back(std::make_unique<char[]>(size));
    block_sizes_.push_back(size);
    used_ = 0;
  }
  char* at = blocks_[block_].get() + used_;
  if (!text.empty()) std::memcpy(at, text.data(), text.size());
  used_ += text.size();
  add_string(path, std::string_view(at, text.size()), in);
}

namespace {

// A JSON document rebuilt from leaves, for to_json.
class JsonTree {
 public:
  JsonTree(const Event& event, const PathTable& paths)
      : event_(event),
        paths_(paths),
        array_nodes_(event.arrays().size(), npos),
        element_nodes_(event.elements().size(), npos) {
    nodes_.push_back({Kind::object, {}, {}, {}});
  }

  void add(const Leaf& leaf) {
    if (leaf.path >= paths_.size()) return;
    std::vector<ElementId> chain;
    for (ElementId e = leaf.element; e != Event::top; e = event_.elements()[e].parent) {
      chain.push_back(e);
    }
    std::size_t node = 0;
    PathId at = PathTable::root;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const ArrayId array = event_.elements()[*it].array;
      const PathId array_path = event_.arrays()[array].path;
      if (array_nodes_[array] == npos) {
        std::size_t holder = node;
        if (array_path == at) {
          nodes_[holder].kind = Kind::array;
        } else {
          auto parent = descend(node, at, paths_.parent(array_path));
          if (!parent) return;
          holder = member(*parent, paths_.segment(array_path), Kind::array);
        }
        array_nodes_[array] = holder;
      }
      if (element_nodes_[*it] == npos) {
        element_nodes_[*it] = nodes_.size();
        nodes_.push_back({Kind::pending, {}, {}, {}});
        nodes_[array_nodes_[array]].items.emplace_back(*it, element_nodes_[*it]);
      }
      node = element_nodes_[*it];
      at = array_path;
    }
    if (leaf.path == at) {
      nodes_[node].kind = Kind::scalar;
      nodes_[node].value = leaf.value;
      return;
    }
    auto parent = descend(node, at, paths_.parent(leaf.path));
    if (!parent) return;
    const std::size_t scalar = nodes_.size();
    nodes_.push_back({Kind::scalar, {}, {}, leaf.value});
    nodes_[*parent].members.emplace_back(paths_.segment(leaf.path), scalar);
  }

  std::string write() const {
    std::string out;
    write(0, out);
    return out;
  }

 private:
  enum class Kind { pending, object, array, scalar };
  struct Node {
    Kind kind;
    std::vector<std::pair<std::string_view, std::size_t>> members;
    std::vector<std::pair<ElementId, std::size_t>> items;
    Value value;
  };
  static constexpr std::size_t npos = SIZE_MAX;

  // The object node for path `to`, reached from `node` (at path `from`) by
  // creating or reusing nested objects; nullopt if `to` is not under `from`.
  std::optional<std::size_t> descend(std::size_t node, PathId from, PathId to) {
    std::vector<PathId> steps;
    for (PathId p = to; p != from; p = paths_.parent(p)) {
      if (p == PathTable::root) return std::nullopt;
      steps.push_back(p);
    }
    if (nodes_[node].kind == Kind::pending) nodes_[node].kind = Kind::object;
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
      node = member(node, paths_.segment(*it), Kind::object);
    }
    return node;
  }

  std::size_t member(std::size_t node, std::string_view key, Kind kind) {
    if (nodes_[node].kind == Kind::pending) nodes_[node].kind = Kind::object;
    if (kind == Kind::object) {
      for (const auto& [name, child] : nodes_[node].members) {
        if (name == key && nodes_[child].kind == Kind::object) return child;
      }
    }
    const std::size_t child = nodes_.size();
    nodes_.push_back({kind, {}, {}, {}});
    nodes_[node].members.emplace_back(key, child);
    return child;
  }

  static void write_value(const Value& value, std::string& out) {
    switch (value.kind) {
      case ValueKind::string:
        append_json_string(value.text, out);
        return;
      case ValueKind::number: {
        if (!std::isfinite(value.number)) {
          out += "null";
          return;
        }
        char buffer[32];
        const auto result = std::to_chars(buffer, buffer + sizeof buffer, value.number);
        out.append(buffer, result.ptr);
        return;
      }
      case ValueKind::true_value:
        out += "true";
        return;
      case ValueKind::false_value:
        out += "false";
        return;
      case ValueKind::null:
        out += "null";
        return;
    }
  }

  void write(std::size_t index, std::string& out) const {
    const Node& node = nodes_[index];
    switch (node.kind) {
      case Kind::pending:
        out += "{}";
        return;
      case Kind::scalar:
        write_value(node.value, out);
        return;
      case Kind::object: {
        out += '{';
        bool first = true;
        for (const auto& [key, child] : node.members) {
          if (!first) out += ',';
          first = false;
          append_json_string(key, out);
          out += ':';
          write(child, out);
        }
        out += '}';
        return;
      }
      case Kind::array: {
        auto items = node.items;
        std::sort(items.begin(), items.end());
        out += '[';
        for (std::size_t i = 0; i < items.size(); ++i) {
          if (i > 0) out += ',';
          write(items[i].second, out);
        }
        out += ']';
        return;
      }
    }
  }

  const Event& event_;
  const PathTable& paths_;
  std::vector<Node> nodes_;
  std::vector<std::size_t> array_nodes_;
  std::vector<std::size_t> element_nodes_;
};

}  // namespace

std::string to_json(const Event& event, const PathTable& paths) {
  JsonTree tree(event, paths);
  for (const Leaf& leaf : event.leaves()) tree.add(leaf);
  return tree.write();
}

}  // namespace edasim::rules
