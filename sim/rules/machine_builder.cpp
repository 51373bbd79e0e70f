// Compiles sub-rules into the Machine's trie and field indexes.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "sim/rules/machine.hpp"

namespace edasim::rules {

namespace {

// How much of the value space a matcher kind tends to accept; steps with a
// low rank are taken first, so few trie nodes are entered per event.
int kind_rank(const Matcher& m) {
  switch (m.kind) {
    case MatcherKind::exact_string:
    case MatcherKind::exact_number:
    case MatcherKind::exact_true:
    case MatcherKind::exact_false:
    case MatcherKind::exact_null:
      return 0;
    case MatcherKind::prefix:
    case MatcherKind::suffix:
    case MatcherKind::prefix_ignore_case:
    case MatcherKind::suffix_ignore_case:
      return m.strings[0].empty() ? 3 : 1;
    case MatcherKind::equals_ignore_case:
    case MatcherKind::wildcard:
    case MatcherKind::cidr:
      return 1;
    case MatcherKind::numeric:
      return 2;
    default:
      return 3;
  }
}

std::string number_key(double x) {
  if (x == 0) x = 0;  // one key for 0 and -0
  std::string key(sizeof x, '\0');
  std::memcpy(key.data(), &x, sizeof x);
  return key;
}

}  // namespace

class Machine::Builder {
 public:
  Builder(Machine& machine, MachineInput& input) : m_(machine), in_(input) {}

  void run() {
    m_.slot_of_path_ = std::move(in_.slot_of_path);
    m_.slot_count_ = in_.slot_count;
    m_.rule_count_ = in_.rule_count;
    order_steps();
    build_trie();
    flatten();
    m_.table_.finish();
    for (std::uint32_t i = 0; i < m_.indexes_.size(); ++i) {
      for (std::size_t t = 0; t < static_cast<std::size_t>(Tag::count); ++t) {
        m_.indexes_[i].regions[t] = m_.table_.region_of(owner(i, static_cast<Tag>(t)));
      }
    }
    for (auto& index : m_.intervals_) index.finish();
  }

 private:
  struct BuildNode {
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::uint32_t> next;  // (slot, condition)
    std::vector<RuleIndex> accepts;
  };

  static std::uint64_t step_key(const SubRuleStep& s) {
    return (static_cast<std::uint64_t>(s.slot) << 32) | s.condition;
  }

  void order_steps() {
    std::vector<int> rank(in_.conditions.size(), 0);
    for (std::size_t c = 0; c < in_.conditions.size(); ++c) {
      for (const Matcher& m : in_.conditions[c]) rank[c] = std::max(rank[c], kind_rank(m));
    }
    std::unordered_map<std::uint64_t, std::uint32_t> shared;
    for (const SubRule& sub : in_.sub_rules) {
      for (const SubRuleStep& s : sub.steps) ++shared[step_key(s)];
    }
    for (SubRule& sub : in_.sub_rules) {
      std::stable_sort(sub.steps.begin(), sub.steps.end(),
                       [&](const SubRuleStep& a, const SubRuleStep& b) {
                         const bool a_absent = a.condition == SubRuleStep::absent;
                         const bool b_absent = b.condition == SubRuleStep::absent;
                         if (a_absent != b_absent) return b_absent;
                         if (a_absent) return a.slot < b.slot;
                         if (rank[a.condition] != rank[b.condition]) {
                           return rank[a.condition] < rank[b.condition];
                         }
                         const auto sa = shared[step_key(a)];
                         const auto sb = shared[step_key(b)];
                         if (sa != sb) return sa < sb;
                         return step_key(a) < step_key(b);
                       });
    }
  }

  void build_trie() {
    nodes_.emplace_back();
    for (const SubRule& sub : in_.sub_rules) {
      std::uint32_t at = 0;
      for (const SubRuleStep& s : sub.steps) {
        const auto key = std::pair{s.slot, s.condition};
        auto found = nodes_[at].next.find(key);
        if (found == nodes_[at].next.end()) {
          const auto child = static_cast<std::uint32_t>(nodes_.size());
          nodes_[at].next.emplace(key, child);
          nodes_.emplace_back();
          at = child;
        } else {
          at = found->second;
        }
      }
      nodes_[at].accepts.push_back(sub.rule);
    }
  }

  Span add_ids(std::vector<std::uint32_t> ids) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const Span span{static_cast<std::uint32_t>(m_.ids_.size()),
                    static_cast<std::uint32_t>(ids.size())};
    m_.ids_.insert(m_.ids_.end(), ids.begin(), ids.end());
    return span;
  }

  void flatten() {
    m_.nodes_.resize(nodes_.size());
    for (std::size_t n = 0; n < nodes_.size(); ++n) {
      BuildNode& node = nodes_[n];
      m_.nodes_[n].accepts = add_ids(node.accepts);
      std::vector<std::uint32_t> index_ids;
      const auto absents_begin = static_cast<std::uint32_t>(m_.absents_.size());
      for (auto it = node.next.begin(); it != node.next.end();) {
        const std::uint32_t slot = it->first.first;
        std::vector<std::pair<std::uint32_t, std::uint32_t>> steps;  // (condition, child)
        for (; it != node.next.end() && it->first.first == slot; ++it) {
          if (it->first.second == SubRuleStep::absent) {
            m_.absents_.push_back({slot, it->second});
          } else {
            steps.emplace_back(it->first.second, it->second);
          }
        }
        if (!steps.empty()) index_ids.push_back(build_index(slot, steps));
      }
      m_.nodes_[n].indexes = add_ids(index_ids);
      m_.nodes_[n].absents = {absents_begin,
                              static_cast<std::uint32_t>(m_.absents_.size()) - absents_begin};
    }
  }

  std::uint32_t build_index(std::uint32_t slot,
                            const std::vector<std::pair<std::uint32_t, std::uint32_t>>& steps) {
    const auto id = static_cast<std::uint32_t>(m_.indexes_.size());
    FieldIndex index;
    index.slot = slot;
    std::vector<std::uint32_t> any, any_string, literal[3], always, cidrs, exclusions;
    std::set<std::uint32_t> lengths[static_cast<std::size_t>(Tag::count)];
    IntervalIndex intervals;
    bool has_intervals = false;

    auto keyed = [&](Tag tag, std::string_view key, std::uint32_t target) {
      m_.table_.add(owner(id, tag), key, target);
      lengths[static_cast<std::size_t>(tag)].insert(static_cast<std::uint32_t>(key.size()));
    };

    for (const auto& [condition, child] : steps) {
      for (const Matcher& m : in_.conditions[condition]) {
        switch (m.kind) {
          case MatcherKind::exact_string:
            keyed(Tag::exact, m.strings[0], child);
            index.holds |= holds_exact;
            break;
          case MatcherKind::exact_number:
            keyed(Tag::number, number_key(m.numbers[0]), child);
            index.holds |= holds_number;
            break;
          case MatcherKind::exact_true:
            literal[0].push_back(child);
            break;
          case MatcherKind::exact_false:
            literal[1].push_back(child);
            break;
          case MatcherKind::exact_null:
            literal[2].push_back(child);
            break;
          case MatcherKind::prefix:
          case MatcherKind::suffix:
          case MatcherKind::prefix_ignore_case:
          case MatcherKind::suffix_ignore_case: {
            if (m.strings[0].empty()) {
              any_string.push_back(child);
              break;
            }
            const Tag tag = m.kind == MatcherKind::prefix               ? Tag::prefix
                            : m.kind == MatcherKind::suffix             ? Tag::suffix
                            : m.kind == MatcherKind::prefix_ignore_case ? Tag::prefix_folded
                                                                        : Tag::suffix_folded;
            keyed(tag, m.strings[0], child);
            index.holds |= tag == Tag::prefix   ? holds_prefix
                           : tag == Tag::suffix ? holds_suffix
                                                : holds_folded;
            break;
          }
          case MatcherKind::equals_ignore_case:
            keyed(Tag::equals_folded, m.strings[0], child);
            index.holds |= holds_folded;
            break;
          case MatcherKind::wildcard: {
            const Wildcard& w = m.wildcards[0];
            if (w.pieces.size() == 1) {
              keyed(Tag::exact, w.pieces[0], child);
              index.holds |= holds_exact;
            } else if (w.pieces.size() == 2 && w.pieces[0].empty() && w.pieces[1].empty()) {
              any_string.push_back(child);
            } else {
              const auto step = static_cast<std::uint32_t>(m_.wildcards_.size());
              m_.wildcards_.push_back({w, child});
              index.holds |= holds_wildcards;
              if (!w.pieces.front().empty()) {
                keyed(Tag::wildcard_lead, w.pieces.front(), step);
              } else if (!w.pieces.back().empty()) {
                keyed(Tag::wildcard_trail, w.pieces.back(), step);
              } else {
                always.push_back(step);
              }
            }
            break;
          }
          case MatcherKind::numeric:
            intervals.add(m.range, child);
            has_intervals = true;
            break;
          case MatcherKind::exists:
            any.push_back(child);
            break;
          case MatcherKind::cidr:
            cidrs.push_back(static_cast<std::uint32_t>(m_.cidrs_.size()));
            m_.cidrs_.push_back({m.block, child});
            break;
          default:
            add_exclusion(m, child, exclusions, keyed);
            break;
        }
      }
    }
    if (!any.empty()) index.holds |= holds_any;
    if (!any_string.empty()) index.holds |= holds_any_string;
    if (!literal[0].empty()) index.holds |= holds_true;
    if (!literal[1].empty()) index.holds |= holds_false;
    if (!literal[2].empty()) index.holds |= holds_null;
    if (!cidrs.empty()) index.holds |= holds_cidrs;
    if (!exclusions.empty()) index.holds |= holds_exclusions;
    if (has_intervals) index.holds |= holds_intervals;
    index.any = add_ids(std::move(any));
    index.any_string = add_ids(std::move(any_string));
    for (int k = 0; k < 3; ++k) index.literal[k] = add_ids(std::move(literal[k]));
    for (std::size_t t = 0; t < static_cast<std::size_t>(Tag::count); ++t) {
      index.lengths[t] = add_ids({lengths[t].begin(), lengths[t].end()});
    }
    index.wildcards_always = add_ids(std::move(always));
    index.cidrs = add_ids(std::move(cidrs));
    index.exclusions = add_ids(std::move(exclusions));
    if (has_intervals) {
      index.intervals = static_cast<std::uint32_t>(m_.intervals_.size());
      m_.intervals_.push_back(std::move(intervals));
    }
    m_.indexes_.push_back(index);
    return id;
  }

  template <typename Keyed>
  void add_exclusion(const Matcher& m, std::uint32_t child, std::vector<std::uint32_t>& exclusions,
                     Keyed& keyed) {
    const auto step = static_cast<std::uint32_t>(m_.exclusions_.size());
    m_.exclusions_.push_back({m, child});
    exclusions.push_back(step);
    switch (m.kind) {
      case MatcherKind::but_strings:
        for (const auto& s : m.strings) keyed(Tag::but_exact, s, step);
        break;
      case MatcherKind::but_numbers:
        for (double x : m.numbers) keyed(Tag::but_number, number_key(x), step);
        break;
      case MatcherKind::but_prefix:
        for (const auto& s : m.strings) keyed(Tag::but_prefix, s, step);
        break;
      case MatcherKind::but_suffix:
        for (const auto& s : m.strings) keyed(Tag::but_suffix, s, step);
        break;
      case MatcherKind::but_ignore_case:
        for (const auto& s : m.strings) keyed(Tag::but_folded, s, step);
        break;
      default:  // but_wildcard: tested directly when walking
        break;
    }
  }

  Machine& m_;
  MachineInput& in_;
  std::vector<BuildNode> nodes_;
};

Machine::Machine(MachineInput input) {
  Builder(*this, input).run();
}

}  // namespace edasim::rules
