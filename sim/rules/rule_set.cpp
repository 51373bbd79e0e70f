#include "sim/rules/rule_set.hpp"

#include <algorithm>
#include <unordered_map>

#include "sim/rules/text.hpp"

namespace edasim::rules {

namespace {

// A rule whose fields mix {"exists": false} with other matchers becomes one
// sub-rule per choice; beyond this many, compiling would be unreasonable.
constexpr std::size_t max_sub_rules_per_rule = 4096;

class SubRuleWriter {
 public:
  explicit SubRuleWriter(PathTable& paths) : paths_(paths) {}

  void add_rule(RuleIndex rule, const Pattern& pattern, const std::string& name) {
    std::size_t written = 0;
    for (const Conjunction& conjunction : alternatives(pattern)) {
      // Each field offers one step or two (present with its matchers, or absent).
      std::vector<std::vector<SubRuleStep>> options;
      for (const Field* field : conjunction) {
        const std::uint32_t slot = slot_of(field->path);
        std::vector<Matcher> positive;
        bool absent = false;
        bool any = false;
        for (const Matcher& m : field->matchers) {
          if (m.kind == MatcherKind::exists) {
            (m.exists ? any : absent) = true;
          } else {
            positive.push_back(m);
          }
        }
        if (any) {
          positive.clear();
          Matcher exists;
          exists.kind = MatcherKind::exists;
          exists.exists = true;
          positive.push_back(exists);
        }
        std::vector<SubRuleStep> choices;
        if (!positive.empty()) choices.push_back({slot, condition_of(std::move(positive))});
        if (absent) choices.push_back({slot, SubRuleStep::absent});
        options.push_back(std::move(choices));
      }
      std::vector<std::size_t> pick(options.size(), 0);
      for (;;) {
        if (++written > max_sub_rules_per_rule) {
          throw PatternError(name, "",
                             concat("too many combinations of {\"exists\": false} alternatives "
                                    "(over ",
                                    std::to_string(max_sub_rules_per_rule), ")"));
        }
        SubRule sub{rule, {}};
        for (std::size_t f = 0; f < options.size(); ++f) sub.steps.push_back(options[f][pick[f]]);
        input.sub_rules.push_back(std::move(sub));
        std::size_t f = 0;
        while (f < options.size() && ++pick[f] == options[f].size()) pick[f++] = 0;
        if (f == options.size()) break;
      }
    }
  }

  MachineInput input;

 private:
  std::uint32_t slot_of(const std::string& path) {
    const PathId id = paths_.intern(path);
    if (input.slot_of_path.size() <= id) input.slot_of_path.resize(id + 1, Machine::no_slot);
    if (input.slot_of_path[id] == Machine::no_slot) input.slot_of_path[id] = input.slot_count++;
    return input.slot_of_path[id];
  }

  std::uint32_t condition_of(std::vector<Matcher> matchers) {
    std::vector<std::string> parts;
    for (const Matcher& m : matchers) parts.push_back(describe(m));
    std::sort(parts.begin(), parts.end());
    parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
    std::string key;
    for (const auto& p : parts) key += std::to_string(p.size()) + ":" + p + ";";
    const auto [it, added] =
        conditions_.emplace(std::move(key), static_cast<std::uint32_t>(input.conditions.size()));
    if (added) input.conditions.push_back(std::move(matchers));
    return it->second;
  }

  PathTable& paths_;
  std::unordered_map<std::string, std::uint32_t> conditions_;
};

}  // namespace

RuleSet RuleSet::compile(std::span<const RuleSource> rules, Dialect dialect,
                         std::shared_ptr<PathTable> paths, const PatternLimits& limits) {
  RuleSet out;
  out.paths_ = paths ? std::move(paths) : std::make_shared<PathTable>();
  for (const RuleSource& rule : rules) {
    try {
      out.patterns_.push_back(parse_pattern(rule.pattern, dialect, limits));
    } catch (const PatternError& error) {
      throw error.for_rule(rule.name);
    }
    out.names_.push_back(rule.name);
  }
  SubRuleWriter writer(*out.paths_);
  for (RuleIndex r = 0; r < out.patterns_.size(); ++r) {
    writer.add_rule(r, out.patterns_[r], out.names_[r]);
  }
  writer.input.slot_of_path.resize(out.paths_->size(), Machine::no_slot);
  writer.input.rule_count = static_cast<std::uint32_t>(out.names_.size());
  out.machine_ = std::make_shared<const Machine>(std::move(writer.input));
  return out;
}

std::vector<RuleIndex> RuleSet::match(const Event& event) const {
  MatchBuffers buffers;
  std::vector<RuleIndex> out;
  match(event, buffers, out);
  return out;
}

}  // namespace edasim::rules
