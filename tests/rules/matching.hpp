// Test support for the rules suite: one pattern against one event through
// both the compiled rule set and the reference evaluator, failing the test
// when they disagree, so every semantic test checks both.
#pragma once

#include <catch2/catch.hpp>

#include <span>
#include <string>
#include <string_view>

#include "sim/rules/json_event.hpp"
#include "sim/rules/reference.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim::rules::testing {

inline bool matches(std::string_view pattern, std::string_view event) {
  const RuleSource source{"rule", std::string(pattern)};
  const RuleSet rules = RuleSet::compile(std::span(&source, 1));
  JsonEventReader reader;
  Event parsed;
  reader.read_all(event, rules.paths(), parsed);
  const bool compiled = !rules.match(parsed).empty();
  const bool reference = reference_matches(rules.pattern(0), parsed, rules.paths());
  INFO("pattern: " << pattern << "\nevent: " << event);
  REQUIRE(compiled == reference);
  return compiled;
}

// The error a pattern is rejected with; fails the test if it is accepted.
inline PatternError rejection(std::string_view pattern, Dialect dialect = Dialect::eventbridge) {
  try {
    parse_pattern(pattern, dialect);
  } catch (const PatternError& error) {
    return error;
  }
  FAIL("pattern was accepted: " << pattern);
  return PatternError("", "", "");
}

}  // namespace edasim::rules::testing
