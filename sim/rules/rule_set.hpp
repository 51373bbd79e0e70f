// A compiled set of rules: compile once, then match each event against all
// rules at once.
//
//   auto rules = RuleSet::compile({{"fraud", R"({"detail":{"total":[{"numeric":[">=",1000]}]}})"},
//                                  {"analytics", R"({"source":["shop.orders"]})"}});
//   MatchBuffers buffers;                 // one per thread, reused
//   std::vector<RuleIndex> matched;
//   rules.match(event, buffers, matched);  // appends indices, ascending
//
// Events are built against rules.paths() (see event.hpp) or read from JSON
// with JsonEventReader.
//
// Promises:
// - The meaning of each rule is exactly reference_matches() on its pattern.
// - match() appends each matching rule once, in ascending rule index (the
//   order rules were given), and allocates nothing once the buffers are warm.
// - The work per event depends on the event and on how many rules share its
//   values, not on the total number of rules (see machine.hpp).
// - compile() throws PatternError naming the rule, the place in its pattern
//   and the reason.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/rules/event.hpp"
#include "sim/rules/machine.hpp"
#include "sim/rules/match_buffers.hpp"
#include "sim/rules/path_table.hpp"
#include "sim/rules/pattern.hpp"

namespace edasim::rules {

struct RuleSource {
  std::string name;
  std::string pattern;  // JSON text
};

class RuleSet {
 public:
  // An empty rule set: matches nothing.
  RuleSet() = default;

  // Compiles `rules` in `dialect`. Paths are interned into `paths` (a new
  // table if null); events to match must use the same table.
  static RuleSet compile(std::span<const RuleSource> rules, Dialect dialect = Dialect::eventbridge,
                         std::shared_ptr<PathTable> paths = nullptr,
                         const PatternLimits& limits = {});
  static RuleSet compile(std::initializer_list<RuleSource> rules,
                         Dialect dialect = Dialect::eventbridge) {
    return compile(std::span(rules.begin(), rules.size()), dialect);
  }

  std::size_t size() const { return names_.size(); }
  const std::string& name(RuleIndex rule) const { return names_[rule]; }
  const Pattern& pattern(RuleIndex rule) const { return patterns_[rule]; }

  // The table events must be built against. Interning new paths into it
  // after compiling is allowed; the rule set ignores them.
  PathTable& paths() const { return *paths_; }
  const std::shared_ptr<PathTable>& shared_paths() const { return paths_; }

  void match(const Event& event, MatchBuffers& buffers, std::vector<RuleIndex>& out) const {
    machine_->match(event, buffers, out);
  }
  // Convenience for tests and tools: allocates.
  std::vector<RuleIndex> match(const Event& event) const;

  // Size of the compiled automaton, for diagnostics.
  std::size_t node_count() const { return machine_->node_count(); }

 private:
  std::vector<std::string> names_;
  std::vector<Pattern> patterns_;
  std::shared_ptr<PathTable> paths_ = std::make_shared<PathTable>();
  std::shared_ptr<const Machine> machine_ = std::make_shared<const Machine>();
};

}  // namespace edasim::rules
