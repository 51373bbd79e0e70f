// SNS filter policies: attribute and body scopes, and where SNS's rules
// differ from EventBridge's.
#include <catch2/catch.hpp>

#include "sim/rules/sns_policy.hpp"
#include "tests/rules/matching.hpp"

namespace edasim::rules {

using testing::rejection;

namespace {

bool attributes_match(const char* policy, std::vector<MessageAttribute> attributes) {
  const RuleSource source{"sub", policy};
  const RuleSet rules =
      compile_filter_policies(std::span(&source, 1), FilterPolicyScope::message_attributes);
  MessageAttributesReader reader;
  Event event;
  reader.read(attributes, rules.paths(), event);
  return !rules.match(event).empty();
}

bool body_matches(const char* policy, const char* body) {
  const RuleSource source{"sub", policy};
  const RuleSet rules =
      compile_filter_policies(std::span(&source, 1), FilterPolicyScope::message_body);
  JsonEventReader reader;
  Event event;
  reader.read(body, rules.paths(), event);
  return !rules.match(event).empty();
}

}  // namespace

TEST_CASE("attribute policies match String, Number and String.Array attributes") {
  CHECK(attributes_match(R"({"store":["example_corp"]})", {{"store", "String", "example_corp"}}));
  CHECK_FALSE(attributes_match(R"({"store":["example_corp"]})", {{"store", "String", "other"}}));
  CHECK(
      attributes_match(R"({"price":[{"numeric":[">=",100]}]})", {{"price", "Number", "3.015e2"}}));
  CHECK(attributes_match(R"({"price":[301.5]})", {{"price", "Number.float", "301.50"}}));
  CHECK_FALSE(attributes_match(R"({"price":["301.5"]})", {{"price", "Number", "301.5"}}));
  CHECK(attributes_match(R"({"interests":["rugby"]})",
                         {{"interests", "String.Array", R"(["rugby","tennis"])"}}));
  CHECK(attributes_match(R"({"interests":[{"anything-but":["rugby","tennis"]}]})",
                         {{"interests", "String.Array", R"(["rugby","baseball"])"}}));
  CHECK_FALSE(attributes_match(R"({"interests":[{"anything-but":"rugby"}]})",
                               {{"interests", "String.Array", R"(["rugby"])"}}));
}

TEST_CASE("binary attributes are ignored and missing attributes are absent") {
  CHECK_FALSE(attributes_match(R"({"blob":[{"exists":true}]})", {{"blob", "Binary", "AAEC"}}));
  CHECK(attributes_match(R"({"blob":[{"exists":false}]})", {{"blob", "Binary", "AAEC"}}));
  CHECK(attributes_match(R"({"store":[{"exists":false}]})", {}));
}

TEST_CASE("malformed attribute values are reported") {
  const RuleSource source{"sub", R"({"price":[1]})"};
  const RuleSet rules =
      compile_filter_policies(std::span(&source, 1), FilterPolicyScope::message_attributes);
  MessageAttributesReader reader;
  Event event;
  const std::vector<MessageAttribute> bad_number = {{"price", "Number", "12abc"}};
  CHECK_THROWS_WITH(reader.read(bad_number, rules.paths(), event), Catch::Contains("not a number"));
  const std::vector<MessageAttribute> bad_array = {{"price", "String.Array", R"({"a":1})"}};
  CHECK_THROWS_WITH(reader.read(bad_array, rules.paths(), event), Catch::Contains("JSON array"));
}

TEST_CASE("attributes read from SNS's JSON form match like built ones") {
  const RuleSource source{"sub", R"({"kind":["order"],"tags":["vip"]})"};
  const RuleSet rules =
      compile_filter_policies(std::span(&source, 1), FilterPolicyScope::message_attributes);
  MessageAttributesReader reader;
  Event event;
  reader.read_json(R"({"kind":{"Type":"String","Value":"order"},)"
                   R"("tags":{"Type":"String.Array","Value":"[\"new\",\"vip\"]"}})",
                   rules.paths(), event);
  CHECK(rules.match(event) == std::vector<RuleIndex>{0});
}

TEST_CASE("body policies nest like EventBridge patterns") {
  CHECK(body_matches(R"({"order":{"total":[{"numeric":[">",100]}]}})",
                     R"({"order":{"total":150,"id":"x"}})"));
  CHECK_FALSE(
      body_matches(R"({"order":{"total":[{"numeric":[">",100]}]}})", R"({"order":{"total":50}})"));
  CHECK(body_matches(R"({"$or":[{"a":["1"]},{"b":["2"]}]})", R"({"b":"2"})"));
}

TEST_CASE("attribute policies are flat") {
  const PatternError error = rejection(R"({"a":{"b":["x"]}})", Dialect::sns_attributes);
  CHECK(error.where() == "a");
  CHECK_THAT(error.why(), Catch::Contains("flat"));
  CHECK_NOTHROW(parse_pattern(R"({"a":{"b":["x"]}})", Dialect::sns_body));
}

TEST_CASE("SNS allows five keys: all keys for attributes, top-level keys for a body") {
  const char* six = R"({"a":[1],"b":[1],"c":[1],"d":[1],"e":[1],"f":[1]})";
  CHECK_THAT(rejection(six, Dialect::sns_attributes).why(), Catch::Contains("at most 5 keys"));
  CHECK_THAT(rejection(six, Dialect::sns_body).why(), Catch::Contains("at most 5 top-level keys"));
  CHECK_NOTHROW(
      parse_pattern(R"({"a":[1],"b":[1],"c":[1],"d":[1],"e":[1]})", Dialect::sns_attributes));
  CHECK_NOTHROW(parse_pattern(R"({"n":{"a":[1],"b":[1],"c":[1],"d":[1],"e":[1],"f":[1]}})",
                              Dialect::sns_body));
  CHECK_NOTHROW(parse_pattern(six, Dialect::eventbridge));
}

TEST_CASE("SNS allows at most 150 combinations of values") {
  const char* fine = R"({"a":[1,2,3,4,5],"b":[1,2,3,4,5],"c":[1,2,3,4,5,6]})";
  const char* over = R"({"a":[1,2,3,4,5],"b":[1,2,3,4,5],"c":[1,2,3,4,5,6,7]})";
  CHECK_NOTHROW(parse_pattern(fine, Dialect::sns_attributes));
  CHECK_THAT(rejection(over, Dialect::sns_attributes).why(),
             Catch::Contains("at most 150 combinations of values, not 175"));
  CHECK_NOTHROW(parse_pattern(over, Dialect::eventbridge));
  const char* with_or =
      R"({"a":[1,2,3,4,5,6,7,8,9,10],"$or":[{"b":[1,2,3,4,5,6,7,8]},{"c":[1,2,3,4,5,6,7,8]}]})";
  CHECK_THAT(rejection(with_or, Dialect::sns_body).why(), Catch::Contains("not 160"));
}

TEST_CASE("SNS numbers stay within plus or minus one billion") {
  CHECK_THAT(rejection(R"({"a":[{"numeric":[">",1e10]}]})", Dialect::sns_attributes).why(),
             Catch::Contains("-1e9 to 1e9"));
  CHECK_THAT(rejection(R"({"a":[2000000000]})", Dialect::sns_body).why(),
             Catch::Contains("-1e9 to 1e9"));
  CHECK_NOTHROW(parse_pattern(R"({"a":[{"numeric":[">",1e10]}]})"));
}

TEST_CASE("operators EventBridge has and SNS lacks are rejected in policies") {
  CHECK_THAT(rejection(R"({"a":[{"wildcard":"x*"}]})", Dialect::sns_body).why(),
             Catch::Contains("not supported by SNS"));
  CHECK_THAT(rejection(R"({"a":[{"anything-but":{"suffix":"x"}}]})", Dialect::sns_body).why(),
             Catch::Contains("not supported by SNS"));
  CHECK_THAT(rejection(R"({"a":[{"prefix":{"equals-ignore-case":"x"}}]})", Dialect::sns_body).why(),
             Catch::Contains("not supported by SNS"));
  CHECK_NOTHROW(parse_pattern(
      R"({"a":[{"anything-but":{"prefix":"x"}},{"suffix":"y"},{"equals-ignore-case":"Z"},)"
      R"({"cidr":"10.0.0.0/8"},{"exists":false}]})",
      Dialect::sns_attributes));
}

}  // namespace edasim::rules
