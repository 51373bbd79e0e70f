#include "sim/rules/match_case.hpp"

#include <simdjson.h>

#include <string_view>
#include <unordered_set>

#include "sim/rules/json_event.hpp"
#include "sim/rules/sns_policy.hpp"
#include "sim/rules/text.hpp"

namespace edasim::rules {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// A JSON value as pattern or event text: a string holds the text itself.
std::string as_text(const element& value) {
  if (value.type() == element_type::STRING) return std::string(std::string_view(value));
  return simdjson::minify(value);
}

}  // namespace

bool pattern_matches(std::string_view pattern, std::string_view event, Dialect dialect) {
  const RuleSource source{"", std::string(pattern)};
  PatternLimits limits;
  if (dialect != Dialect::eventbridge) limits.max_pattern_bytes = 256 * 1024;
  const RuleSet rules = RuleSet::compile(std::span(&source, 1), dialect, nullptr, limits);
  Event parsed;
  JsonEventReader reader;  // `parsed` points into its buffer
  MessageAttributesReader attributes;
  if (dialect == Dialect::sns_attributes) {
    attributes.read_json(event, rules.paths(), parsed);
  } else {
    reader.read(event, rules.paths(), parsed);
  }
  return !rules.match(parsed).empty();
}

std::string evaluate_match_case(std::string_view line, Dialect dialect) {
  try {
    simdjson::dom::parser parser;
    element root;
    if (const auto error = parser.parse(line.data(), line.size()).get(root); error) {
      return concat("error: the line is not valid JSON: ", simdjson::error_message(error));
    }
    element pattern, event;
    if (root.type() != element_type::OBJECT || root["pattern"].get(pattern) != simdjson::SUCCESS ||
        root["event"].get(event) != simdjson::SUCCESS) {
      return "error: a line must be an object with \"pattern\" and \"event\"";
    }
    return pattern_matches(as_text(pattern), as_text(event), dialect) ? "true" : "false";
  } catch (const std::exception& error) {
    return concat("error: ", error.what());
  }
}

std::vector<RuleSource> parse_rules_file(std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (const auto error = parser.parse(json.data(), json.size()).get(root); error) {
    throw PatternError(
        "", "", concat("the rules file is not valid JSON: ", simdjson::error_message(error)));
  }
  if (root.type() != element_type::OBJECT) {
    throw PatternError("", "",
                       "the rules file must be a JSON object mapping rule names to patterns");
  }
  std::vector<RuleSource> out;
  // The keys point into the parser's buffer, which outlives the loop.
  std::unordered_set<std::string_view> seen;
  for (const auto member : simdjson::dom::object(root)) {
    if (!seen.insert(member.key).second) {
      throw PatternError(std::string(member.key), "",
                         "the rule name appears twice in the rules file");
    }
    out.push_back({std::string(member.key), as_text(member.value)});
  }
  return out;
}

std::string rule_names_json(const RuleSet& rules, const std::vector<RuleIndex>& matched) {
  std::string out = "[";
  for (std::size_t i = 0; i < matched.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(rules.name(matched[i]), out);
  }
  out += ']';
  return out;
}

}  // namespace edasim::rules
