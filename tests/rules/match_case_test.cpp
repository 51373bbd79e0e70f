// The logic behind `edasim match`.
#include <catch2/catch.hpp>

#include "sim/rules/json_event.hpp"
#include "sim/rules/match_case.hpp"

namespace edasim::rules {

TEST_CASE("a pattern and an event give true or false") {
  CHECK(pattern_matches(R"({"a":["x"]})", R"({"a":"x"})"));
  CHECK_FALSE(pattern_matches(R"({"a":["x"]})", R"({"a":"y"})"));
  CHECK_THROWS_AS(pattern_matches(R"({"a":[]})", R"({"a":"y"})"), PatternError);
  CHECK_THROWS_AS(pattern_matches(R"({"a":["x"]})", "nope"), JsonError);
}

TEST_CASE("a JSONL case prints true, false or the error") {
  CHECK(evaluate_match_case(R"({"pattern":{"a":["x"]},"event":{"a":["y","x"]}})") == "true");
  CHECK(evaluate_match_case(R"({"pattern":"{\"a\":[\"x\"]}","event":"{\"a\":\"z\"}"})") == "false");
  CHECK(evaluate_match_case(R"({"pattern":{"a":[{"numeric":[">"]}]},"event":{}})") ==
        "error: at a[0].numeric: numeric takes one comparison [op, number] or a range [op, "
        "number, op, number], not 1 elements");
  CHECK_THAT(evaluate_match_case(R"({"pattern":{"a":["x"]}})"), Catch::StartsWith("error: "));
  CHECK_THAT(evaluate_match_case("{"), Catch::StartsWith("error: the line is not valid JSON"));
  CHECK_THAT(evaluate_match_case(""), Catch::StartsWith("error: "));
}

TEST_CASE("SNS attribute cases take SNS's attribute JSON as the event") {
  CHECK(
      evaluate_match_case(
          R"({"pattern":{"n":[{"numeric":[">",1]}]},"event":{"n":{"Type":"Number","Value":"5"}}})",
          Dialect::sns_attributes) == "true");
}

TEST_CASE("a rules file keeps names in file order and takes patterns as objects or text") {
  const auto rules = parse_rules_file(R"({"z":{"a":["1"]},"a":"{\"b\":[2]}"})");
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].name == "z");
  CHECK(rules[0].pattern == R"({"a":["1"]})");
  CHECK(rules[1].name == "a");
  CHECK(rules[1].pattern == R"({"b":[2]})");
  CHECK_THROWS_WITH(parse_rules_file(R"({"x":{"a":["1"]},"x":{"a":["2"]}})"),
                    Catch::Contains("appears twice"));
  CHECK_THROWS_AS(parse_rules_file("[]"), PatternError);
}

TEST_CASE("matched rule names print as a JSON array") {
  const auto sources = parse_rules_file(R"({"say \"hi\"":{"a":["1"]},"b":{"a":["1"]}})");
  const RuleSet rules = RuleSet::compile(sources);
  CHECK(rule_names_json(rules, {0, 1}) == R"(["say \"hi\"","b"])");
  CHECK(rule_names_json(rules, {}) == "[]");
}

}  // namespace edasim::rules
