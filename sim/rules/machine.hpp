// The compiled matching automaton behind a RuleSet (internal to sim/rules).
//
// Every rule is first turned into sub-rules: one per `$or` alternative, and
// one more for each field whose list mixes {"exists": false} with other
// matchers. A sub-rule is a sequence of steps, each "a leaf at this path that
// this condition accepts" or "no leaf at this path"; absence steps come last,
// since absence is judged against the leaves the other steps chose.
//
// Sub-rules are merged into a trie: a node is the state "these steps have
// matched"; its outgoing steps are grouped by path into a field index that
// finds, for one leaf value, every step it satisfies at once (hash lookups
// for exact values, by-length lookups for prefixes and suffixes, a segment
// tree for numeric ranges). Steps that many rules share are taken once, and
// steps are ordered so selective ones come first, which keeps the number of
// nodes visited per event small however many rules there are.
//
// Matching walks the trie depth-first from the root, choosing event leaves
// and keeping the array elements they commit to, so a rule matches only with
// array-consistent leaves.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/rules/event.hpp"
#include "sim/rules/interval_index.hpp"
#include "sim/rules/key_table.hpp"
#include "sim/rules/match_buffers.hpp"
#include "sim/rules/pattern.hpp"

namespace edasim::rules {

using RuleIndex = std::uint32_t;

struct SubRuleStep {
  static constexpr std::uint32_t absent = UINT32_MAX;
  std::uint32_t slot;
  std::uint32_t condition;  // index into MachineInput::conditions, or `absent`
};

struct SubRule {
  RuleIndex rule;
  std::vector<SubRuleStep> steps;
};

struct MachineInput {
  std::vector<std::vector<Matcher>> conditions;  // positive matcher lists, any may accept
  std::vector<SubRule> sub_rules;
  std::vector<std::uint32_t> slot_of_path;  // PathId -> slot, or `no_slot`
  std::uint32_t slot_count = 0;
  std::uint32_t rule_count = 0;
};

class Machine {
 public:
  static constexpr std::uint32_t no_slot = UINT32_MAX;

  Machine() = default;
  explicit Machine(MachineInput input);

  // Appends the indices of matching rules to `out`, ascending.
  void match(const Event& event, MatchBuffers& buffers, std::vector<RuleIndex>& out) const;

  std::size_t node_count() const { return nodes_.size(); }

 private:
  struct Span {
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
  };
  enum class Tag : std::uint32_t {
    exact,
    number,
    prefix,
    suffix,
    prefix_folded,
    suffix_folded,
    equals_folded,
    wildcard_lead,
    wildcard_trail,
    but_exact,
    but_number,
    but_prefix,
    but_suffix,
    but_folded,
    count
  };
  // What a field index holds, so a leaf skips the parts it cannot use.
  enum Holds : std::uint32_t {
    holds_any = 1u << 0,
    holds_any_string = 1u << 1,
    holds_true = 1u << 2,
    holds_false = 1u << 3,
    holds_null = 1u << 4,
    holds_exact = 1u << 5,
    holds_number = 1u << 6,
    holds_intervals = 1u << 7,
    holds_prefix = 1u << 8,
    holds_suffix = 1u << 9,
    holds_folded = 1u << 10,  // any ignore-case key, the value must be folded
    holds_wildcards = 1u << 11,
    holds_cidrs = 1u << 12,
    holds_exclusions = 1u << 13,
    holds_string_keys = holds_any_string | holds_exact | holds_prefix | holds_suffix |
                        holds_folded | holds_wildcards | holds_cidrs,
  };
  struct FieldIndex {
    std::uint32_t slot = 0;
    std::uint32_t holds = 0;
    std::uint32_t intervals = UINT32_MAX;
    KeyTable::Region regions[static_cast<std::size_t>(Tag::count)];  // keys per tag
    Span any;
    Span any_string;
    Span literal[3];  // true, false, null
    Span exclusions;
    Span wildcards_always;
    Span cidrs;
    Span lengths[static_cast<std::size_t>(Tag::count)];  // distinct key lengths per by-length tag
  };
  struct Node {
    Span accepts;  // rules
    Span indexes;  // field indexes
    Span absents;
  };
  struct Absent {
    std::uint32_t slot;
    std::uint32_t child;
  };
  struct WildcardStep {
    Wildcard wildcard;
    std::uint32_t child;
  };
  struct CidrStep {
    CidrBlock block;
    std::uint32_t child;
  };
  struct Exclusion {
    Matcher matcher;  // an anything-but
    std::uint32_t child;
  };

  class Builder;
  class Walk;

  static std::uint64_t owner(std::uint32_t index, Tag tag) {
    return static_cast<std::uint64_t>(index) * static_cast<std::uint32_t>(Tag::count) +
           static_cast<std::uint32_t>(tag);
  }
  std::span<const std::uint32_t> ids(Span span) const {
    return {ids_.data() + span.begin, span.count};
  }

  std::vector<std::uint32_t> slot_of_path_;
  std::uint32_t slot_count_ = 0;
  std::uint32_t rule_count_ = 0;
  std::vector<Node> nodes_;
  std::vector<FieldIndex> indexes_;
  std::vector<Absent> absents_;
  std::vector<std::uint32_t> ids_;  // every Span above points here
  std::vector<WildcardStep> wildcards_;
  std::vector<CidrStep> cidrs_;
  std::vector<Exclusion> exclusions_;
  std::vector<IntervalIndex> intervals_;
  KeyTable table_;
};

}  // namespace edasim::rules
