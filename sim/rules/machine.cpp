// Matching an event against the Machine: a depth-first walk of the trie.
#include "sim/rules/machine.hpp"

#include <algorithm>
#include <cstring>

#include "sim/rules/case_fold.hpp"

namespace edasim::rules {

namespace {

constexpr std::uint32_t unassigned = UINT32_MAX;

std::uint32_t next_epoch(std::uint32_t& epoch, std::vector<std::uint32_t>& marks) {
  if (++epoch == 0) {
    std::fill(marks.begin(), marks.end(), 0);
    epoch = 1;
  }
  return epoch;
}

template <typename T>
void grow_to(std::vector<T>& v, std::size_t n) {
  if (v.size() < n) v.resize(n, T{});
}

}  // namespace

class Machine::Walk {
 public:
  Walk(const Machine& machine, const Event& event, MatchBuffers& buffers,
       std::vector<RuleIndex>& out)
      : m_(machine), event_(event), b_(buffers), out_(out) {}

  void run() {
    grow_to(b_.rule_mark, m_.rule_count_);
    grow_to(b_.node_mark, m_.nodes_.size());
    grow_to(b_.exclusion_mark, m_.exclusions_.size());
    grow_to(b_.slot_begin, m_.slot_count_);
    grow_to(b_.slot_count, m_.slot_count_);
    b_.assigned.assign(event_.arrays().size(), unassigned);
    b_.undo.clear();
    b_.candidates.clear();
    rule_epoch_ = next_epoch(b_.rule_epoch, b_.rule_mark);
    bucket_leaves();
    const std::size_t first = out_.size();
    visit(0);
    std::sort(out_.begin() + static_cast<std::ptrdiff_t>(first), out_.end());
    for (std::uint32_t slot : b_.touched_slots) b_.slot_count[slot] = 0;
  }

 private:
  // Groups the leaves the rule set cares about by slot (a counting sort that
  // keeps event order), so each step finds its leaves directly; leaves at
  // other paths are never looked at again.
  void bucket_leaves() {
    auto& relevant = b_.relevant;
    relevant.clear();
    b_.touched_slots.clear();
    const auto leaves = event_.leaves();
    const auto slot_of_path = std::span(m_.slot_of_path_);
    for (std::uint32_t i = 0; i < leaves.size(); ++i) {
      const PathId path = leaves[i].path;
      if (path >= slot_of_path.size()) continue;
      const std::uint32_t slot = slot_of_path[path];
      if (slot == no_slot) continue;
      relevant.emplace_back(slot, i);
      if (b_.slot_count[slot]++ == 0) b_.touched_slots.push_back(slot);
    }
    std::uint32_t end = 0;
    for (std::uint32_t slot : b_.touched_slots) {
      end += b_.slot_count[slot];
      b_.slot_begin[slot] = end;
    }
    b_.bucketed.resize(relevant.size());
    for (auto it = relevant.rbegin(); it != relevant.rend(); ++it) {
      b_.bucketed[--b_.slot_begin[it->first]] = it->second;
    }
  }

  std::span<const std::uint32_t> leaves_at(std::uint32_t slot) const {
    const std::uint32_t count = b_.slot_count[slot];
    if (count == 0) return {};
    return std::span(b_.bucketed).subspan(b_.slot_begin[slot], count);
  }

  bool consistent(const Leaf& leaf) const {
    const auto elements = event_.elements();
    for (ElementId e = leaf.element; e != Event::top; e = elements[e].parent) {
      const std::uint32_t chosen = b_.assigned[elements[e].array];
      if (chosen != unassigned && chosen != e) return false;
    }
    return true;
  }

  void commit(const Leaf& leaf) {
    const auto elements = event_.elements();
    for (ElementId e = leaf.element; e != Event::top; e = elements[e].parent) {
      std::uint32_t& chosen = b_.assigned[elements[e].array];
      if (chosen == unassigned) {
        chosen = e;
        b_.undo.push_back(elements[e].array);
      }
    }
  }

  void rollback(std::size_t mark) {
    while (b_.undo.size() > mark) {
      b_.assigned[b_.undo.back()] = unassigned;
      b_.undo.pop_back();
    }
  }

  void visit(std::uint32_t node_id) {
    const Node& node = m_.nodes_[node_id];
    for (RuleIndex rule : m_.ids(node.accepts)) {
      if (b_.rule_mark[rule] != rule_epoch_) {
        b_.rule_mark[rule] = rule_epoch_;
        out_.push_back(rule);
      }
    }
    const auto leaves = event_.leaves();
    for (std::uint32_t index_id : m_.ids(node.indexes)) {
      const FieldIndex& index = m_.indexes_[index_id];
      if (b_.slot_count[index.slot] == 0) continue;
      for (std::uint32_t leaf_id : leaves_at(index.slot)) {
        const Leaf& leaf = leaves[leaf_id];
        if (leaf.element != Event::top && !consistent(leaf)) continue;
        const std::size_t begin = b_.candidates.size();
        node_epoch_ = next_epoch(b_.node_epoch, b_.node_mark);
        collect(index, leaf.value);
        const std::size_t end = b_.candidates.size();
        if (end == begin) continue;
        const std::size_t mark = b_.undo.size();
        if (leaf.element != Event::top) commit(leaf);
        for (std::size_t i = begin; i < end; ++i) visit(b_.candidates[i]);
        rollback(mark);
        b_.candidates.resize(begin);
      }
    }
    for (const Absent& absent :
         std::span(m_.absents_).subspan(node.absents.begin, node.absents.count)) {
      bool present = false;
      for (std::uint32_t leaf_id : leaves_at(absent.slot)) {
        const Leaf& leaf = leaves[leaf_id];
        if (leaf.element == Event::top || consistent(leaf)) {
          present = true;
          break;
        }
      }
      if (!present) visit(absent.child);
    }
  }

  void take(std::uint32_t child) {
    if (b_.node_mark[child] != node_epoch_) {
      b_.node_mark[child] = node_epoch_;
      b_.candidates.push_back(child);
    }
  }

  void take_all(Span span) {
    for (std::uint32_t child : m_.ids(span)) take(child);
  }

  void take_keyed(const FieldIndex& index, Tag tag, std::string_view key) {
    for (std::uint32_t child : m_.table_.find(index.regions[static_cast<std::size_t>(tag)], key)) {
      take(child);
    }
  }

  std::span<const std::uint32_t> lengths(const FieldIndex& index, Tag tag) const {
    return m_.ids(index.lengths[static_cast<std::size_t>(tag)]);
  }

  // Every key length L of `tag` that fits, looked up as text's first L bytes
  // (prefixes) or last L bytes (suffixes).
  template <typename Each>
  void by_length(const FieldIndex& index, Tag tag, std::string_view text, bool from_end,
                 Each&& each) {
    const KeyTable::Region region = index.regions[static_cast<std::size_t>(tag)];
    if (region == KeyTable::no_region) return;
    for (std::uint32_t length : lengths(index, tag)) {
      if (length > text.size()) break;
      const std::string_view key =
          from_end ? text.substr(text.size() - length) : text.substr(0, length);
      for (std::uint32_t id : m_.table_.find(region, key)) each(id);
    }
  }

  bool has_keys(const FieldIndex& index, Tag tag) const {
    return index.regions[static_cast<std::size_t>(tag)] != KeyTable::no_region;
  }

  void collect(const FieldIndex& index, const Value& value) {
    const std::uint32_t holds = index.holds;
    if (holds & holds_any) take_all(index.any);
    auto take_child = [&](std::uint32_t child) { take(child); };
    std::string_view folded;
    switch (value.kind) {
      case ValueKind::string: {
        if ((holds & holds_string_keys) == 0) break;
        const std::string_view text = value.text;
        if (holds & holds_any_string) take_all(index.any_string);
        if (holds & holds_exact) take_keyed(index, Tag::exact, text);
        if (holds & holds_prefix) by_length(index, Tag::prefix, text, false, take_child);
        if (holds & holds_suffix) by_length(index, Tag::suffix, text, true, take_child);
        if (holds & holds_folded) {
          fold_case(text, b_.folded);
          folded = b_.folded;
          if (has_keys(index, Tag::equals_folded)) take_keyed(index, Tag::equals_folded, folded);
          by_length(index, Tag::prefix_folded, folded, false, take_child);
          by_length(index, Tag::suffix_folded, folded, true, take_child);
        }
        if (holds & holds_wildcards) {
          auto try_wildcard = [&](std::uint32_t step) {
            const WildcardStep& w = m_.wildcards_[step];
            if (wildcard_matches(w.wildcard, text)) take(w.child);
          };
          by_length(index, Tag::wildcard_lead, text, false, try_wildcard);
          by_length(index, Tag::wildcard_trail, text, true, try_wildcard);
          for (std::uint32_t step : m_.ids(index.wildcards_always)) try_wildcard(step);
        }
        if (holds & holds_cidrs) {
          if (const auto ip = parse_ip(text)) {
            for (std::uint32_t step : m_.ids(index.cidrs)) {
              if (m_.cidrs_[step].block.contains(*ip)) take(m_.cidrs_[step].child);
            }
          }
        }
        break;
      }
      case ValueKind::number:
        if (holds & holds_number) take_keyed(index, Tag::number, number_key(value.number));
        if (holds & holds_intervals) {
          m_.intervals_[index.intervals].for_each_containing(value.number, take_child);
        }
        break;
      case ValueKind::true_value:
        if (holds & holds_true) take_all(index.literal[0]);
        break;
      case ValueKind::false_value:
        if (holds & holds_false) take_all(index.literal[1]);
        break;
      case ValueKind::null:
        if (holds & holds_null) take_all(index.literal[2]);
        break;
    }
    if (holds & holds_exclusions) collect_exclusions(index, value, folded);
  }

  // The bytes of a number as a table key; 0 and -0 share one.
  std::string_view number_key(double x) {
    if (x == 0) x = 0;
    std::memcpy(number_bytes_, &x, sizeof x);
    return {number_bytes_, sizeof x};
  }

  // anything-but: every exclusion step accepts the value unless one of its
  // excluded keys covers it; the covered ones are marked first.
  void collect_exclusions(const FieldIndex& index, const Value& value, std::string_view folded) {
    const std::uint32_t epoch = next_epoch(b_.exclusion_epoch, b_.exclusion_mark);
    auto mark = [&](std::uint32_t step) { b_.exclusion_mark[step] = epoch; };
    auto mark_keyed = [&](Tag tag, std::string_view key) {
      if (!has_keys(index, tag)) return;
      for (std::uint32_t step : m_.table_.find(index.regions[static_cast<std::size_t>(tag)], key)) {
        mark(step);
      }
    };
    const bool is_string = value.kind == ValueKind::string;
    if (is_string) {
      const std::string_view text = value.text;
      mark_keyed(Tag::but_exact, text);
      by_length(index, Tag::but_prefix, text, false, mark);
      by_length(index, Tag::but_suffix, text, true, mark);
      if (has_keys(index, Tag::but_folded)) {
        if (folded.data() == nullptr) {
          fold_case(text, b_.folded);
          folded = b_.folded;
        }
        mark_keyed(Tag::but_folded, folded);
      }
    } else if (value.kind == ValueKind::number) {
      mark_keyed(Tag::but_number, number_key(value.number));
    }
    for (std::uint32_t step : m_.ids(index.exclusions)) {
      if (b_.exclusion_mark[step] == epoch) continue;
      const Exclusion& exclusion = m_.exclusions_[step];
      if (exclusion.matcher.kind == MatcherKind::but_wildcard && is_string) {
        const auto& wildcards = exclusion.matcher.wildcards;
        if (std::any_of(wildcards.begin(), wildcards.end(),
                        [&](const Wildcard& w) { return wildcard_matches(w, value.text); })) {
          continue;
        }
      }
      take(exclusion.child);
    }
  }

  const Machine& m_;
  const Event& event_;
  MatchBuffers& b_;
  std::vector<RuleIndex>& out_;
  std::uint32_t rule_epoch_ = 0;
  std::uint32_t node_epoch_ = 0;
  char number_bytes_[sizeof(double)] = {};
};

void Machine::match(const Event& event, MatchBuffers& buffers, std::vector<RuleIndex>& out) const {
  if (nodes_.empty()) return;
  Walk(*this, event, buffers, out).run();
}

}  // namespace edasim::rules
