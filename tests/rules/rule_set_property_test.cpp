// Property: for random rule sets and random events, the compiled rule set
// returns exactly the rules the reference evaluator accepts one by one.
//
// Paths, values and operators are drawn from small pools so that matches,
// near misses, arrays, nesting and array consistency all occur often.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "sim/rules/json_event.hpp"
#include "sim/rules/reference.hpp"
#include "sim/rules/rule_set.hpp"
#include "sim/rules/text.hpp"

namespace edasim::rules {

namespace {

const std::vector<std::string> string_pool = {"",   "a",  "ab",  "abc", "b",        "B",
                                              "ba", "Ab", "x*y", "é",   "10.0.0.1", "10.1.0.9"};
const std::vector<std::string> number_pool = {"0", "1", "2.5", "3", "300", "-1", "3e2"};

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : rng_(seed) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& pool) {
    return pool[static_cast<std::size_t>(below(static_cast<int>(pool.size())))];
  }

  static std::string quoted(const std::string& s) { return concat("\"", s, "\""); }

  std::string scalar() {
    switch (below(6)) {
      case 0:
      case 1:
      case 2:
        return quoted(pick(string_pool));
      case 3:
      case 4:
        return pick(number_pool);
      default: {
        static const std::vector<std::string> literals = {"true", "false", "null"};
        return pick(literals);
      }
    }
  }

  std::string nonempty_string() {
    std::string s;
    do s = pick(string_pool);
    while (s.empty());
    return s;
  }

  std::string matcher() {
    switch (below(15)) {
      case 0:
      case 1:
      case 2:
        return scalar();
      case 3:
        return concat(R"({"prefix":)", quoted(pick(string_pool)), "}");
      case 4:
        return concat(R"({"suffix":)", quoted(pick(string_pool)), "}");
      case 5:
        return concat(R"({"equals-ignore-case":)", quoted(pick(string_pool)), "}");
      case 6: {
        static const std::vector<std::string> wildcards = {"*",       "a*",      "*b", "a*b*",
                                                           "*\\\\**", "x\\\\*y", "*a*"};
        return concat(R"({"wildcard":")", pick(wildcards), "\"}");
      }
      case 7: {
        const int form = below(6);
        if (form == 0) return concat(R"({"anything-but":)", quoted(pick(string_pool)), "}");
        if (form == 1) {
          return concat(R"({"anything-but":[)", pick(number_pool), ",", pick(number_pool), "]}");
        }
        if (form == 2)
          return concat(R"({"anything-but":{"prefix":)", quoted(nonempty_string()), "}}");
        if (form == 3)
          return concat(R"({"anything-but":{"suffix":[)", quoted(nonempty_string()), "]}}");
        if (form == 4) {
          return concat(R"({"anything-but":{"equals-ignore-case":)", quoted(pick(string_pool)),
                        "}}");
        }
        return R"({"anything-but":{"wildcard":"a*"}})";
      }
      case 8:
      case 9: {
        static const std::vector<std::string> ranges = {R"([">",0])",    R"([">=",1,"<",3])",
                                                        R"(["<=",2.5])", R"([">",-1,"<=",300])",
                                                        R"(["=",300])",  R"(["<",0])"};
        return concat(R"({"numeric":)", pick(ranges), "}");
      }
      case 10:
      case 11:
        return concat(R"({"exists":)", chance(50) ? "true" : "false", "}");
      case 12:
        return concat(R"({"cidr":")", chance(50) ? "10.0.0.0/24" : "10.0.0.0/8", "\"}");
      case 13:
        return concat(R"({"prefix":{"equals-ignore-case":")", pick(string_pool), "\"}}");
      default:
        return concat(R"({"suffix":{"equals-ignore-case":")", pick(string_pool), "\"}}");
    }
  }

  std::string match_list() {
    std::string out = "[";
    const int n = 1 + below(3);
    for (int i = 0; i < n; ++i) out += concat(i ? "," : "", matcher());
    return out + "]";
  }

  // A pattern object over the same small vocabulary of keys as events.
  std::string pattern_object(int depth) {
    static const std::vector<std::string> keys = {"a", "b", "c", "arr"};
    static const std::vector<std::string> inner = {"x", "y", "z"};
    std::string out = "{";
    const int n = 1 + below(3);
    for (int i = 0; i < n; ++i) {
      if (i) out += ",";
      if (depth < 2 && chance(12)) {
        out += concat(R"("$or":[)", pattern_object(depth + 1), ",", pattern_object(depth + 1), "]");
        continue;
      }
      const std::string& key = pick(depth == 0 ? keys : inner);
      if (depth < 2 && (key == "c" || key == "arr" || chance(15))) {
        out += concat(quoted(key), ":", pattern_object(depth + 1));
      } else if (chance(8)) {
        out += concat(quoted(key + ".x"), ":", match_list());
      } else {
        out += concat(quoted(key), ":", match_list());
      }
    }
    return out + "}";
  }

  std::string value(int depth) {
    const int kind = below(10);
    if (depth < 3 && kind < 2) return object(depth + 1);
    if (depth < 3 && kind < 4) {
      std::string out = "[";
      const int n = below(4);
      for (int i = 0; i < n; ++i) out += concat(i ? "," : "", value(depth + 1));
      return out + "]";
    }
    return scalar();
  }

  std::string object(int depth) {
    static const std::vector<std::string> keys = {"a", "b", "c", "arr", "x", "y", "z", "a.x"};
    std::string out = "{";
    const int n = below(5);
    for (int i = 0; i < n; ++i) out += concat(i ? "," : "", quoted(pick(keys)), ":", value(depth));
    if (depth == 0 && chance(60)) out += concat(n ? "," : "", R"("arr":)", records(1));
    return out + "}";
  }

  // An array of small objects, the shape where array consistency matters.
  std::string records(int depth) {
    static const std::vector<std::string> fields = {"x", "y", "z"};
    std::string out = "[";
    const int n = 1 + below(3);
    for (int i = 0; i < n; ++i) {
      out += i ? ",{" : "{";
      const int count = 1 + below(3);
      for (int f = 0; f < count; ++f) {
        const std::string& field = pick(fields);
        const bool nested = depth < 2 && field == "z" && chance(40);
        out += concat(f ? "," : "", quoted(field), ":", nested ? records(depth + 1) : scalar());
      }
      out += "}";
    }
    return out + "]";
  }

 private:
  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("the compiled rule set agrees with the reference on random rules and events", "[slow]") {
  Generator gen(20261122);
  JsonEventReader reader;
  Event event;
  MatchBuffers buffers;
  std::vector<RuleIndex> matched;
  int matches_seen = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<RuleSource> sources;
    const int rule_count = 1 + gen.below(12);
    for (int r = 0; r < rule_count; ++r) {
      sources.push_back({concat("r", std::to_string(r)), gen.pattern_object(0)});
    }
    const RuleSet rules = RuleSet::compile(sources);
    std::string listing;
    for (const auto& s : sources) listing += s.name + ": " + s.pattern + "\n";
    for (int e = 0; e < 15; ++e) {
      const std::string json = gen.object(0);
      reader.read_all(json, rules.paths(), event);
      matched.clear();
      rules.match(event, buffers, matched);
      std::vector<RuleIndex> expected;
      for (RuleIndex r = 0; r < rules.size(); ++r) {
        if (reference_matches(rules.pattern(r), event, rules.paths())) expected.push_back(r);
      }
      INFO("rules:\n" << listing << "event: " << json);
      REQUIRE(matched == expected);
      matches_seen += static_cast<int>(expected.size());
    }
  }
  // The pools must make matching common, or the property says little.
  CHECK(matches_seen > 1000);
}

}  // namespace edasim::rules
