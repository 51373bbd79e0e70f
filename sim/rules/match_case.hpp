// The work behind `edasim match`: one pattern against one event, a JSONL
// line of such cases, and a named rules file against a stream of events.
// The command line only reads files and prints.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/rules/pattern.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim::rules {

// Whether `pattern` matches `event` (both JSON text). Throws PatternError for
// a bad pattern and JsonError for a bad event. For Dialect::sns_attributes the
// event is SNS's MessageAttributes JSON ({"name":{"Type":..,"Value":..}}).
bool pattern_matches(std::string_view pattern, std::string_view event,
                     Dialect dialect = Dialect::eventbridge);

// One JSONL line {"pattern": ..., "event": ...} (pattern and event as JSON
// values, or as strings holding JSON text): "true", "false" or
// "error: <message>".
std::string evaluate_match_case(std::string_view line, Dialect dialect = Dialect::eventbridge);

// A rules file: a JSON object mapping rule names to patterns (objects, or
// strings holding the pattern's JSON as EventBridge's API takes it), in file
// order. Throws PatternError (a duplicate name is one).
std::vector<RuleSource> parse_rules_file(std::string_view json);

// The names of `matched` as a JSON array, e.g. ["fraud","analytics"].
std::string rule_names_json(const RuleSet& rules, const std::vector<RuleIndex>& matched);

}  // namespace edasim::rules
