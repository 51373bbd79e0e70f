// libFuzzer harness for the event-pattern compiler: whatever pattern text it
// is given, compiling either succeeds or throws PatternError, and the
// compiled rule set then agrees with the reference matcher
// (sim/rules/reference.hpp) on every event tried. A disagreement aborts: it
// is a finding.
//
// Input: the pattern's JSON text, optionally followed by a line holding
// "\n--\n" and an event as JSON. Besides that event, the harness makes
// events from the pattern itself, seeded by a hash of the input: objects
// along the pattern's paths holding the pattern's own literals and near
// misses of them (other case, one character more or less, a number nudged),
// sometimes as arrays, sometimes arrays of objects, so that matches and near
// misses both occur. The dialect (EventBridge or an SNS scope) is chosen by
// the hash too. Seeds: tests/fuzz/seeds/patterns, taken from the rules tests.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "sim/rules/event.hpp"
#include "sim/rules/json_event.hpp"
#include "sim/rules/match_buffers.hpp"
#include "sim/rules/pattern_error.hpp"
#include "sim/rules/reference.hpp"
#include "sim/rules/rule_set.hpp"

namespace {

using namespace edasim::rules;

// The literals of the pattern text: quoted strings (without escapes),
// numbers, true, false, null, each in its JSON spelling.
std::vector<std::string> literals(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size() && out.size() < 64; ++i) {
    const char c = text[i];
    if (c == '"') {
      const std::size_t end = text.find('"', i + 1);
      if (end == std::string_view::npos) break;
      const std::string_view s = text.substr(i, end - i + 1);
      if (s.find('\\') == std::string_view::npos) out.emplace_back(s);
      i = end;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      std::size_t end = i + 1;
      while (end < text.size() &&
             std::string_view("0123456789.eE+-").find(text[end]) != std::string_view::npos) {
        ++end;
      }
      out.emplace_back(text.substr(i, end - i));
      i = end - 1;
    }
  }
  for (const char* word : {"true", "false", "null", "\"\"", "0"}) out.emplace_back(word);
  return out;
}

class EventMaker {
 public:
  EventMaker(std::uint64_t seed, const PathTable& paths, std::vector<std::string> values)
      : rng_(seed), values_(std::move(values)) {
    for (PathId p = 1; p < paths.size(); ++p) names_.push_back(paths.name(p));
  }

  std::string event() {
    Node root;
    const std::size_t fields = names_.empty() ? 0 : 1 + below(2 * names_.size());
    for (std::size_t i = 0; i < fields; ++i) insert(root, names_[below(names_.size())]);
    return object(root, 0);
  }

 private:
  struct Node {
    std::map<std::string, Node> children;
    bool leaf = false;
  };

  std::size_t below(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  void insert(Node& root, const std::string& dotted) {
    Node* node = &root;
    std::size_t at = 0;
    while (true) {
      const std::size_t dot = dotted.find('.', at);
      node = &node->children[dotted.substr(at, dot == std::string::npos ? dot : dot - at)];
      if (dot == std::string::npos) break;
      at = dot + 1;
    }
    node->leaf = true;
  }

  std::string scalar() {
    std::string v = values_[below(values_.size())];
    switch (below(6)) {
      case 0:  // other case
        for (char& c : v) {
          if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        }
        break;
      case 1:  // one character more
        if (v.size() >= 2 && v.front() == '"') v.insert(v.size() - 1, "x");
        break;
      case 2:  // one character less
        if (v.size() > 2 && v.front() == '"') v.erase(v.size() - 2, 1);
        break;
      case 3:  // a number nudged, or a number as a string
        if (!v.empty() && v.front() != '"' && v != "true" && v != "false" && v != "null") {
          v += below(2) ? "1" : "e0";
        } else if (v.size() >= 2 && v.front() == '"') {
          v = std::to_string(below(1000));
        }
        break;
      default:
        break;
    }
    return v;
  }

  std::string value(const Node& node, int depth) {
    if (!node.children.empty() && (!node.leaf || below(2))) {
      if (below(4) == 0) {
        std::string out = "[";
        const std::size_t n = 1 + below(3);
        for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + object(node, depth + 1);
        return out + "]";
      }
      return object(node, depth + 1);
    }
    if (below(4) == 0) {
      std::string out = "[";
      const std::size_t n = below(4);
      for (std::size_t i = 0; i < n; ++i) out += (i ? "," : "") + scalar();
      return out + "]";
    }
    return scalar();
  }

  std::string object(const Node& node, int depth) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, child] : node.children) {
      if (depth > 0 && below(5) == 0) continue;  // a field missing in this element
      out += (first ? "\"" : ",\"") + key + "\":" + value(child, depth);
      first = false;
    }
    return out + "}";
  }

  std::mt19937_64 rng_;
  std::vector<std::string> values_;
  std::vector<std::string> names_;
};

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find("\n--\n");
  const std::string_view pattern = input.substr(0, split);
  const std::uint64_t hash = fnv1a(input);
  const Dialect dialect = hash % 4 == 1   ? Dialect::sns_attributes
                          : hash % 4 == 2 ? Dialect::sns_body
                                          : Dialect::eventbridge;
  RuleSet rules;
  try {
    const RuleSource source{"fuzz", std::string(pattern)};
    rules = RuleSet::compile(std::span(&source, 1), dialect);
  } catch (const PatternError&) {
    return 0;
  }
  std::vector<std::string> events;
  if (split != std::string_view::npos) events.emplace_back(input.substr(split + 4));
  EventMaker maker(hash, rules.paths(), literals(pattern));
  for (int i = 0; i < 8; ++i) events.push_back(maker.event());

  JsonEventReader reader;
  Event event;
  MatchBuffers buffers;
  std::vector<RuleIndex> matched;
  for (const std::string& json : events) {
    try {
      reader.read_all(json, rules.paths(), event);
    } catch (const JsonError&) {
      continue;
    }
    matched.clear();
    rules.match(event, buffers, matched);
    const bool compiled = !matched.empty();
    const bool reference = reference_matches(rules.pattern(0), event, rules.paths());
    if (compiled != reference) {
      std::fprintf(stderr,
                   "compiled rule set says %s, reference says %s\npattern: %.*s\nevent: %s\n",
                   compiled ? "match" : "no match", reference ? "match" : "no match",
                   static_cast<int>(pattern.size()), pattern.data(), json.c_str());
      std::abort();
    }
  }
  return 0;
}
