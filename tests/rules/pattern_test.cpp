// Parsing and validating patterns: the structure kept, and every class of
// invalid pattern rejected with where and why.
#include <catch2/catch.hpp>

#include <string>

#include "sim/rules/pattern.hpp"
#include "sim/rules/text.hpp"
#include "tests/rules/matching.hpp"

namespace edasim::rules {

using testing::rejection;

namespace {

void check_rejected(const std::string& pattern, const std::string& where, const std::string& why) {
  INFO("pattern: " << pattern);
  const PatternError error = rejection(pattern);
  CHECK(error.where() == where);
  CHECK_THAT(error.why(), Catch::Contains(why));
}

}  // namespace

TEST_CASE("a pattern becomes fields with dotted paths in document order") {
  const Pattern p = parse_pattern(R"({"source":["a"],"detail":{"total":[1,"x"],"ok":[true]}})");
  REQUIRE(p.items.size() == 3);
  CHECK(p.items[0].field.path == "source");
  CHECK(p.items[1].field.path == "detail.total");
  CHECK(p.items[1].field.where == "detail.total");
  REQUIRE(p.items[1].field.matchers.size() == 2);
  CHECK(p.items[1].field.matchers[0].kind == MatcherKind::exact_number);
  CHECK(p.items[1].field.matchers[1].kind == MatcherKind::exact_string);
  CHECK(p.items[2].field.matchers[0].kind == MatcherKind::exact_true);
}

TEST_CASE("ignore-case operands are stored folded") {
  const Pattern p = parse_pattern(R"({"a":[{"equals-ignore-case":"MiXeD"}]})");
  CHECK(p.items[0].field.matchers[0].strings[0] == "mixed");
}

TEST_CASE("alternatives expand every $or and keep the last condition per path") {
  const Pattern p = parse_pattern(
      R"({"x":["1"],"$or":[{"y":["2"]},{"x":["3"],"$or":[{"z":["4"]},{"w":["5"]}]}],"v":["6"]})");
  const auto alts = alternatives(p);
  REQUIRE(alts.size() == 3);
  CHECK(count_alternatives(p) == 3);
  auto paths = [](const Conjunction& c) {
    std::string out;
    for (const Field* f : c) out += f->path + "=" + f->matchers[0].strings[0] + " ";
    return out;
  };
  CHECK(paths(alts[0]) == "x=1 y=2 v=6 ");
  CHECK(paths(alts[1]) == "x=3 z=4 v=6 ");
  CHECK(paths(alts[2]) == "x=3 w=5 v=6 ");
}

TEST_CASE("invalid JSON and non-object patterns are rejected") {
  check_rejected(R"({"a":["x"])", "", "not valid JSON");
  check_rejected(R"(["a"])", "", "must be a JSON object");
  check_rejected(R"("a")", "", "must be a JSON object");
}

TEST_CASE("empty objects and empty lists are rejected") {
  check_rejected("{}", "", "must not be empty");
  check_rejected(R"({"detail":{}})", "detail", "must not be empty");
  check_rejected(R"({"detail":{"x":[]}})", "detail.x", "must not be empty");
}

TEST_CASE("a field must be an object or a list") {
  check_rejected(R"({"x":true})", "x", "must be an object or an array");
  check_rejected(R"({"a":{"x":"v"}})", "a.x", "must be an object or an array");
  check_rejected(R"({"x":null})", "x", "must be an object or an array");
  check_rejected(R"({"x":5})", "x", "must be an object or an array");
}

TEST_CASE("match values must be scalars or operator objects") {
  check_rejected(R"({"x":[["a"]]})", "x[0]", "not an array");
  check_rejected(R"({"x":["a",{"bogus":1}]})", "x[1]", "unknown operator \"bogus\"");
  check_rejected(R"({"x":[{}]})", "x[0]", "exactly one key");
  check_rejected(R"({"x":[{"prefix":"a","suffix":"b"}]})", "x[0]", "exactly one key");
}

TEST_CASE("string operators take strings") {
  check_rejected(R"({"x":[{"prefix":1}]})", "x[0].prefix", "takes a string");
  check_rejected(R"({"x":[{"prefix":["a","b"]}]})", "x[0].prefix", "takes a string");
  check_rejected(R"({"x":[{"prefix":{"suffix":"a"}}]})", "x[0].prefix.suffix",
                 "equals-ignore-case");
  check_rejected(R"({"x":[{"suffix":null}]})", "x[0].suffix", "takes a string");
  check_rejected(R"({"x":[{"equals-ignore-case":5}]})", "x[0].equals-ignore-case",
                 "takes a string");
  check_rejected(R"({"x":[{"wildcard":5}]})", "x[0].wildcard", "takes a string");
}

TEST_CASE("wildcards with consecutive stars or bad escapes are rejected") {
  check_rejected(R"({"x":[{"wildcard":"a**b"}]})", "x[0].wildcard", "consecutive");
  check_rejected(R"({"x":[{"wildcard":"**"}]})", "x[0].wildcard", "consecutive");
  check_rejected(R"({"x":[{"wildcard":"a\\b"}]})", "x[0].wildcard", "backslash");
  check_rejected(R"({"x":[{"wildcard":"ab\\"}]})", "x[0].wildcard", "lone backslash");
  CHECK_NOTHROW(parse_pattern(R"({"x":[{"wildcard":"a\\**"}]})"));
}

TEST_CASE("malformed anything-but is rejected") {
  check_rejected(R"({"x":[{"anything-but":[]}]})", "x[0].anything-but", "empty");
  check_rejected(R"({"x":[{"anything-but":["a",1]}]})", "x[0].anything-but[1]", "mix");
  check_rejected(R"({"x":[{"anything-but":[["a"]]}]})", "x[0].anything-but[0]",
                 "strings or numbers");
  check_rejected(R"({"x":[{"anything-but":true}]})", "x[0].anything-but", "not a boolean");
  check_rejected(R"({"x":[{"anything-but":null}]})", "x[0].anything-but", "not null");
  check_rejected(R"({"x":[{"anything-but":{"prefix":""}}]})", "x[0].anything-but.prefix",
                 "must not be empty");
  check_rejected(R"({"x":[{"anything-but":{"numeric":[">",1]}}]})", "x[0].anything-but.numeric",
                 "anything-but takes");
  check_rejected(R"({"x":[{"anything-but":{"prefix":"a","suffix":"b"}}]})", "x[0].anything-but",
                 "exactly one key");
  check_rejected(R"({"x":[{"anything-but":{"wildcard":"a**"}}]})", "x[0].anything-but.wildcard",
                 "consecutive");
}

TEST_CASE("malformed numeric comparisons are rejected") {
  check_rejected(R"({"x":[{"numeric":5}]})", "x[0].numeric", "takes a list");
  check_rejected(R"({"x":[{"numeric":[">"]}]})", "x[0].numeric", "not 1 elements");
  check_rejected(R"({"x":[{"numeric":[">",1,"<"]}]})", "x[0].numeric", "not 3 elements");
  check_rejected(R"({"x":[{"numeric":[">",1,"<",2,"<",3]}]})", "x[0].numeric", "not 6 elements");
  check_rejected(R"({"x":[{"numeric":["!=",1]}]})", "x[0].numeric[0]", "unknown comparison");
  check_rejected(R"({"x":[{"numeric":[1,">"]}]})", "x[0].numeric[0]", "expected a comparison");
  check_rejected(R"({"x":[{"numeric":[">","5"]}]})", "x[0].numeric[1]", "must be a number");
  check_rejected(R"({"x":[{"numeric":["=",1,"<",2]}]})", "x[0].numeric[0]", "lower bound");
  check_rejected(R"({"x":[{"numeric":["<",5,">",1]}]})", "x[0].numeric[0]", "lower bound");
  check_rejected(R"({"x":[{"numeric":[">",1,">=",5]}]})", "x[0].numeric[2]", "upper bound");
  check_rejected(R"({"x":[{"numeric":[">",5,"<",1]}]})", "x[0].numeric", "less than its upper");
  check_rejected(R"({"x":[{"numeric":[">=",5,"<=",5]}]})", "x[0].numeric", "less than its upper");
}

TEST_CASE("exists takes a boolean and cidr a valid block") {
  check_rejected(R"({"x":[{"exists":"true"}]})", "x[0].exists", "true or false");
  check_rejected(R"({"x":[{"cidr":"10.0.0.0"}]})", "x[0].cidr", "address/prefix-length");
  check_rejected(R"({"x":[{"cidr":"10.0.0.256/8"}]})", "x[0].cidr", "not an IPv4 or IPv6");
  check_rejected(R"({"x":[{"cidr":"10.0.0.0/33"}]})", "x[0].cidr", "from 0 to 32");
  check_rejected(R"({"x":[{"cidr":"::1/129"}]})", "x[0].cidr", "from 0 to 128");
  check_rejected(R"({"x":[{"cidr":5}]})", "x[0].cidr", "takes a string");
}

TEST_CASE("$or rejects operator names as fields and too many combinations") {
  check_rejected(R"({"$or":[{"a":{"prefix":["x"]}},{"b":["y"]}]})", "$or[0].a.prefix",
                 "operator name");
  check_rejected(R"({"$or":[{"a":["x"]},{}]})", "$or[1]", "must not be empty");
  check_rejected(R"({"$or":[{"a":["x"]}]})", "$or", "at least two branches");
  check_rejected(R"({"$or":[{"a":["x"]},"b"]})", "$or[1]", "must be an object, not a string");
  std::string big = "{";
  for (int i = 0; i < 4; ++i) {
    big += concat("\"f", std::to_string(i), "\":{\"$or\":[");
    for (int j = 0; j < 6; ++j) big += concat(j ? "," : "", "{\"v", std::to_string(j), "\":[1]}");
    big += "]}";
    big += i < 3 ? "," : "}";
  }
  check_rejected(big, "", "1296 combinations; the limit is 1000");
}

TEST_CASE("patterns longer than the size limit are rejected") {
  const std::string value(5000, 'a');
  const std::string pattern = R"({"x":[")" + value + R"("]})";
  const PatternError error = rejection(pattern);
  CHECK_THAT(error.why(), Catch::Contains("the limit is 4096"));
  PatternLimits roomy;
  roomy.max_pattern_bytes = 8192;
  CHECK_NOTHROW(parse_pattern(pattern, Dialect::eventbridge, roomy));
}

TEST_CASE("describe gives equal text exactly for equivalent matchers") {
  auto first = [](const char* pattern) {
    return describe(parse_pattern(pattern).items[0].field.matchers[0]);
  };
  CHECK(first(R"({"x":[300]})") == first(R"({"x":[3e2]})"));
  CHECK(first(R"({"x":[{"anything-but":["a","b"]}]})") ==
        first(R"({"x":[{"anything-but":["b","a","a"]}]})"));
  CHECK(first(R"({"x":["300"]})") != first(R"({"x":[300]})"));
  CHECK(first(R"({"x":[{"prefix":"a"}]})") != first(R"({"x":[{"suffix":"a"}]})"));
  CHECK(first(R"({"x":[{"numeric":[">",1]}]})") != first(R"({"x":[{"numeric":[">=",1]}]})"));
}

}  // namespace edasim::rules
