// The scratch space of a match: reused from one event to the next so that
// matching allocates nothing once the buffers have grown to fit the rule set
// and the largest event seen.
//
// One MatchBuffers per thread (a compiled RuleSet is immutable and may be
// shared); the same buffers can serve several rule sets.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace edasim::rules {

class Machine;

class MatchBuffers {
 public:
  MatchBuffers() = default;

 private:
  friend class Machine;

  std::vector<std::pair<std::uint32_t, std::uint32_t>> relevant;  // (slot, leaf), event order
  std::vector<std::uint32_t> bucketed;                            // leaf ids grouped by slot
  std::vector<std::uint32_t> slot_begin;
  std::vector<std::uint32_t> slot_count;
  std::vector<std::uint32_t> touched_slots;
  std::vector<std::uint32_t> assigned;  // per event array: the element chosen, or none
  std::vector<std::uint32_t> undo;
  std::vector<std::uint32_t> candidates;
  std::vector<std::uint32_t> rule_mark;
  std::vector<std::uint32_t> node_mark;
  std::vector<std::uint32_t> exclusion_mark;
  std::uint32_t rule_epoch = 0;
  std::uint32_t node_epoch = 0;
  std::uint32_t exclusion_epoch = 0;
  std::string folded;
};

}  // namespace edasim::rules
