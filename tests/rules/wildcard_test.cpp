#include <catch2/catch.hpp>

#include "sim/rules/wildcard.hpp"

namespace edasim::rules {

namespace {
Wildcard parsed(std::string_view text) {
  std::string why;
  auto w = parse_wildcard(text, why);
  REQUIRE(w.has_value());
  return *w;
}
}  // namespace

TEST_CASE("a wildcard splits into literal pieces at unescaped stars") {
  CHECK(parsed("a*b\\*c*").pieces == std::vector<std::string>{"a", "b*c", ""});
  CHECK(parsed("\\\\").pieces == std::vector<std::string>{"\\"});
  CHECK(parsed("*").pieces == std::vector<std::string>{"", ""});
}

TEST_CASE("invalid wildcards say why") {
  std::string why;
  CHECK_FALSE(parse_wildcard("a**", why));
  CHECK_THAT(why, Catch::Contains("consecutive"));
  CHECK_FALSE(parse_wildcard("a\\x", why));
  CHECK_FALSE(parse_wildcard("a\\", why));
  CHECK(parse_wildcard("\\**", why));
}

TEST_CASE("wildcard matching places middle pieces leftmost") {
  CHECK(wildcard_matches(parsed("*a*a*"), "aa"));
  CHECK_FALSE(wildcard_matches(parsed("*a*a*"), "a"));
  CHECK(wildcard_matches(parsed("ab*ba"), "aba") == false);
  CHECK(wildcard_matches(parsed("ab*ba"), "abba"));
  CHECK(wildcard_matches(parsed("x*"), "x"));
  CHECK_FALSE(wildcard_matches(parsed("x"), "xy"));
}

}  // namespace edasim::rules
