#include "sim/rules/pattern.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

#include "sim/rules/case_fold.hpp"
#include "sim/rules/text.hpp"

namespace edasim::rules {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::array<std::string_view, 8> operator_names = {
    "prefix", "suffix", "equals-ignore-case", "wildcard", "anything-but", "numeric",
    "exists", "cidr"};

constexpr double sns_number_limit = 1e9;
constexpr std::size_t sns_max_keys = 5;
constexpr std::size_t sns_max_combinations = 150;

bool is_operator_name(std::string_view key) {
  return std::find(operator_names.begin(), operator_names.end(), key) != operator_names.end();
}

bool is_number(const element& e) {
  const element_type t = e.type();
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

double number_of(const element& e) {
  switch (e.type()) {
    case element_type::INT64:
      return static_cast<double>(std::int64_t(e));
    case element_type::UINT64:
      return static_cast<double>(std::uint64_t(e));
    default:
      return double(e);
  }
}

std::string key_where(const std::string& where, std::string_view key) {
  return where.empty() ? std::string(key) : where + "." + std::string(key);
}

std::string index_where(const std::string& where, std::size_t i) {
  return where + "[" + std::to_string(i) + "]";
}

const char* type_name(const element& e) {
  switch (e.type()) {
    case element_type::ARRAY:
      return "an array";
    case element_type::OBJECT:
      return "an object";
    case element_type::STRING:
      return "a string";
    case element_type::BOOL:
      return "a boolean";
    case element_type::NULL_VALUE:
      return "null";
    default:
      return "a number";
  }
}

class PatternParser {
 public:
  PatternParser(Dialect dialect, const PatternLimits& limits)
      : dialect_(dialect), limits_(limits) {}

  Pattern parse(std::string_view json) {
    if (json.size() > limits_.max_pattern_bytes) {
      fail("", concat("the pattern is ", std::to_string(json.size()), " bytes long; the limit is ",
                      std::to_string(limits_.max_pattern_bytes)));
    }
    simdjson::dom::parser parser;
    element root;
    if (const auto error = parser.parse(json.data(), json.size()).get(root); error) {
      fail("", std::string("not valid JSON: ") + simdjson::error_message(error));
    }
    if (root.type() != element_type::OBJECT) {
      fail("", std::string("a pattern must be a JSON object, not ") + type_name(root));
    }
    Pattern out;
    parse_object(root, "", false, "", false, out);
    check_limits(out);
    return out;
  }

 private:
  [[noreturn]] static void fail(std::string where, std::string why) {
    throw PatternError("", std::move(where), std::move(why));
  }

  bool is_dialect_sns() const { return dialect_ != Dialect::eventbridge; }

  void reject_in_sns(const std::string& where, std::string_view what) const {
    if (is_dialect_sns())
      fail(where, std::string(what) + " is not supported by SNS filter policies");
  }

  // Whether "$or" is the operator: a list of objects none of whose keys is an
  // operator name. (A list of operator objects or values is a field named
  // "$or", as event-ruler keeps it for old patterns.) Fails if the list is
  // meant as $or but is malformed: a branch that is not an object, or fewer
  // than two branches.
  static bool is_or_operator(const element& value, const std::string& where) {
    if (value.type() != element_type::ARRAY) return false;
    const simdjson::dom::array branches(value);
    bool meant_as_or = false;
    for (element branch : branches) {
      if (branch.type() != element_type::OBJECT) continue;
      const simdjson::dom::object fields(branch);
      if (fields.size() == 0) meant_as_or = true;
      for (const auto field : fields) {
        if (is_operator_name(field.key)) return false;
        meant_as_or = true;
      }
    }
    if (!meant_as_or) return false;
    std::size_t i = 0;
    for (element branch : branches) {
      if (branch.type() != element_type::OBJECT) {
        fail(index_where(where, i),
             std::string("each branch of $or must be an object, not ") + type_name(branch));
      }
      ++i;
    }
    if (i < 2) fail(where, "$or needs at least two branches");
    return true;
  }

  void parse_object(const element& value, const std::string& prefix, bool has_prefix,
                    const std::string& where, bool in_or, Pattern& out) {
    const simdjson::dom::object object(value);
    if (object.size() == 0) fail(where, "an object in a pattern must not be empty");
    for (const auto member : object) {
      const std::string_view key = member.key;
      const std::string member_where = key_where(where, key);
      if (key == "$or" && is_or_operator(member.value, member_where)) {
        PatternItem item;
        item.is_or = true;
        std::size_t i = 0;
        for (element branch : simdjson::dom::array(member.value)) {
          Pattern branch_pattern;
          parse_object(branch, prefix, has_prefix, index_where(member_where, i++), true,
                       branch_pattern);
          item.branches.push_back(std::move(branch_pattern));
        }
        out.items.push_back(std::move(item));
        continue;
      }
      if (in_or && is_operator_name(key)) {
        fail(member_where,
             concat("\"", key, "\" is an operator name and cannot be a field name inside $or"));
      }
      std::string path = has_prefix ? prefix + "." + std::string(key) : std::string(key);
      switch (member.value.type()) {
        case element_type::OBJECT:
          if (dialect_ == Dialect::sns_attributes) {
            fail(member_where,
                 "a MessageAttributes filter policy is flat: nested objects are not allowed");
          }
          parse_object(member.value, path, true, member_where, in_or, out);
          break;
        case element_type::ARRAY: {
          PatternItem item;
          item.field.matchers = parse_list(member.value, member_where);
          item.field.path = std::move(path);
          item.field.where = member_where;
          out.items.push_back(std::move(item));
          break;
        }
        default:
          fail(member_where, concat("\"", key, "\" must be an object or an array, not ",
                                    type_name(member.value)));
      }
    }
  }

  std::vector<Matcher> parse_list(const element& value, const std::string& where) {
    const simdjson::dom::array list(value);
    if (list.size() == 0) fail(where, "a list of match values must not be empty");
    std::vector<Matcher> out;
    std::size_t i = 0;
    for (element item : list) {
      const std::string item_where = index_where(where, i++);
      Matcher m;
      switch (item.type()) {
        case element_type::STRING:
          m.kind = MatcherKind::exact_string;
          m.strings.emplace_back(std::string_view(item));
          break;
        case element_type::BOOL:
          m.kind = bool(item) ? MatcherKind::exact_true : MatcherKind::exact_false;
          break;
        case element_type::NULL_VALUE:
          m.kind = MatcherKind::exact_null;
          break;
        case element_type::ARRAY:
          fail(item_where,
               "a match value must be a string, number, true, false, null or an operator "
               "object, not an array");
        case element_type::OBJECT:
          m = parse_operator(item, item_where);
          break;
        default:
          m.kind = MatcherKind::exact_number;
          m.numbers.push_back(sns_number(item, item_where));
          break;
      }
      out.push_back(std::move(m));
    }
    return out;
  }

  double sns_number(const element& e, const std::string& where) const {
    const double x = number_of(e);
    if (is_dialect_sns() && std::fabs(x) > sns_number_limit) {
      fail(where, "SNS filter policies only accept numbers from -1e9 to 1e9");
    }
    return x;
  }

  static std::pair<std::string_view, element> only_member(const element& value,
                                                          const std::string& where,
                                                          std::string_view what) {
    const simdjson::dom::object object(value);
    if (object.size() != 1) {
      fail(where,
           std::string(what) + " must have exactly one key, not " + std::to_string(object.size()));
    }
    const auto member = *object.begin();
    return {member.key, member.value};
  }

  static std::string string_operand(const element& value, const std::string& where,
                                    std::string_view op) {
    if (value.type() != element_type::STRING) {
      fail(where, std::string(op) + " takes a string, not " + type_name(value));
    }
    return std::string(std::string_view(value));
  }

  Matcher parse_operator(const element& value, const std::string& where) {
    const auto [op, operand] = only_member(value, where, "an operator object");
    const std::string op_where = key_where(where, op);
    Matcher m;
    if (op == "prefix" || op == "suffix") {
      const bool is_prefix = op == "prefix";
      if (operand.type() == element_type::OBJECT) {
        const auto [inner, inner_operand] = only_member(operand, op_where, std::string(op));
        if (inner != "equals-ignore-case") {
          fail(key_where(op_where, inner),
               std::string(op) + " takes a string or {\"equals-ignore-case\": string}");
        }
        reject_in_sns(op_where, std::string(op) + " with equals-ignore-case");
        m.kind = is_prefix ? MatcherKind::prefix_ignore_case : MatcherKind::suffix_ignore_case;
        m.strings.push_back(fold_case(
            string_operand(inner_operand, key_where(op_where, inner), "equals-ignore-case")));
        return m;
      }
      m.kind = is_prefix ? MatcherKind::prefix : MatcherKind::suffix;
      m.strings.push_back(string_operand(operand, op_where, op));
      return m;
    }
    if (op == "equals-ignore-case") {
      m.kind = MatcherKind::equals_ignore_case;
      m.strings.push_back(fold_case(string_operand(operand, op_where, op)));
      return m;
    }
    if (op == "wildcard") {
      reject_in_sns(op_where, "wildcard");
      m.kind = MatcherKind::wildcard;
      m.wildcards.push_back(wildcard_operand(operand, op_where));
      return m;
    }
    if (op == "anything-but") return parse_anything_but(operand, op_where);
    if (op == "numeric") return parse_numeric(operand, op_where);
    if (op == "exists") {
      if (operand.type() != element_type::BOOL) {
        fail(op_where, std::string("exists takes true or false, not ") + type_name(operand));
      }
      m.kind = MatcherKind::exists;
      m.exists = bool(operand);
      return m;
    }
    if (op == "cidr") {
      std::string why;
      const auto block = parse_cidr(string_operand(operand, op_where, op), why);
      if (!block) fail(op_where, why);
      m.kind = MatcherKind::cidr;
      m.block = *block;
      return m;
    }
    fail(where, concat("unknown operator \"", op, "\""));
  }

  static Wildcard wildcard_operand(const element& value, const std::string& where) {
    std::string why;
    auto parsed = parse_wildcard(string_operand(value, where, "wildcard"), why);
    if (!parsed) fail(where, why);
    return std::move(*parsed);
  }

  // A string or a non-empty list of strings.
  static std::vector<std::string> strings_operand(const element& value, const std::string& where,
                                                  std::string_view op) {
    std::vector<std::string> out;
    if (value.type() == element_type::STRING) {
      out.emplace_back(std::string_view(value));
      return out;
    }
    if (value.type() != element_type::ARRAY) {
      fail(where,
           std::string(op) + " takes a string or a list of strings, not " + type_name(value));
    }
    std::size_t i = 0;
    for (element item : simdjson::dom::array(value)) {
      out.push_back(string_operand(item, index_where(where, i++), op));
    }
    if (out.empty()) fail(where, std::string(op) + " must not be an empty list");
    return out;
  }

  Matcher parse_anything_but(const element& value, const std::string& where) {
    Matcher m;
    switch (value.type()) {
      case element_type::STRING:
        m.kind = MatcherKind::but_strings;
        m.strings.emplace_back(std::string_view(value));
        return m;
      case element_type::INT64:
      case element_type::UINT64:
      case element_type::DOUBLE:
        m.kind = MatcherKind::but_numbers;
        m.numbers.push_back(sns_number(value, where));
        return m;
      case element_type::ARRAY: {
        const simdjson::dom::array list(value);
        if (list.size() == 0) fail(where, "anything-but must not be an empty list");
        std::size_t i = 0;
        for (element item : list) {
          const std::string item_where = index_where(where, i++);
          const bool text = item.type() == element_type::STRING;
          const bool number = is_number(item);
          if (!text && !number) {
            fail(item_where,
                 std::string("anything-but lists hold strings or numbers, not ") + type_name(item));
          }
          if ((text && !m.numbers.empty()) || (number && !m.strings.empty())) {
            fail(item_where, "anything-but lists must not mix strings and numbers");
          }
          if (text) {
            m.strings.emplace_back(std::string_view(item));
          } else {
            m.numbers.push_back(sns_number(item, item_where));
          }
        }
        m.kind = m.strings.empty() ? MatcherKind::but_numbers : MatcherKind::but_strings;
        return m;
      }
      case element_type::OBJECT:
        break;
      default:
        fail(where, std::string("anything-but takes a string, a number, a list or an operator "
                                "object, not ") +
                        type_name(value));
    }
    const auto [op, operand] = only_member(value, where, "an anything-but operator object");
    const std::string op_where = key_where(where, op);
    if (op == "prefix" || op == "suffix") {
      if (op == "suffix") reject_in_sns(op_where, "anything-but with suffix");
      m.kind = op == "prefix" ? MatcherKind::but_prefix : MatcherKind::but_suffix;
      m.strings = strings_operand(operand, op_where, op);
      for (const auto& s : m.strings) {
        if (s.empty()) fail(op_where, concat("anything-but ", op, " must not be empty"));
      }
      return m;
    }
    if (op == "equals-ignore-case") {
      reject_in_sns(op_where, "anything-but with equals-ignore-case");
      m.kind = MatcherKind::but_ignore_case;
      for (const auto& s : strings_operand(operand, op_where, op))
        m.strings.push_back(fold_case(s));
      return m;
    }
    if (op == "wildcard") {
      reject_in_sns(op_where, "anything-but with wildcard");
      m.kind = MatcherKind::but_wildcard;
      if (operand.type() == element_type::ARRAY) {
        std::size_t i = 0;
        for (element item : simdjson::dom::array(operand)) {
          m.wildcards.push_back(wildcard_operand(item, index_where(op_where, i++)));
        }
        if (m.wildcards.empty()) fail(op_where, "wildcard must not be an empty list");
      } else {
        m.wildcards.push_back(wildcard_operand(operand, op_where));
      }
      return m;
    }
    fail(op_where,
         "anything-but takes a value, a list, or one of prefix, suffix, "
         "equals-ignore-case and wildcard, not \"" +
             std::string(op) + "\"");
  }

  Matcher parse_numeric(const element& value, const std::string& where) {
    if (value.type() != element_type::ARRAY) {
      fail(where,
           std::string("numeric takes a list like [\">\", 0, \"<=\", 5], not ") + type_name(value));
    }
    const simdjson::dom::array terms(value);
    std::vector<element> items(terms.begin(), terms.end());
    if (items.size() != 2 && items.size() != 4) {
      fail(where, concat("numeric takes one comparison [op, number] or a range [op, number, op, "
                         "number], not ",
                         std::to_string(items.size()), " elements"));
    }
    auto op_at = [&](std::size_t i) {
      const std::string at = index_where(where, i);
      if (items[i].type() != element_type::STRING) {
        fail(at, std::string("expected a comparison operator (=, <, <=, >, >=), not ") +
                     type_name(items[i]));
      }
      const std::string_view op(items[i]);
      if (op != "=" && op != "<" && op != "<=" && op != ">" && op != ">=") {
        fail(at, concat("unknown comparison operator \"", op, "\""));
      }
      return op;
    };
    auto bound_at = [&](std::size_t i) {
      const std::string at = index_where(where, i);
      if (!is_number(items[i])) {
        fail(at, std::string("a numeric bound must be a number, not ") + type_name(items[i]));
      }
      return sns_number(items[i], at);
    };
    constexpr double inf = std::numeric_limits<double>::infinity();
    const std::string_view first = op_at(0);
    const double first_bound = bound_at(1);
    Matcher m;
    m.kind = MatcherKind::numeric;
    if (items.size() == 2) {
      if (first == "=") {
        m.kind = MatcherKind::exact_number;
        m.numbers.push_back(first_bound);
      } else if (first[0] == '<') {
        m.range = {-inf, false, first_bound, first == "<="};
      } else {
        m.range = {first_bound, first == ">=", inf, false};
      }
      return m;
    }
    if (first[0] != '>') {
      fail(index_where(where, 0),
           "a numeric range must start with a lower bound (> or >=), not \"" + std::string(first) +
               "\"");
    }
    const std::string_view second = op_at(2);
    if (second[0] != '<') {
      fail(index_where(where, 2),
           "the second comparison of a numeric range must be an upper "
           "bound (< or <=), not \"" +
               std::string(second) + "\"");
    }
    const double second_bound = bound_at(3);
    if (!(first_bound < second_bound)) {
      fail(where, "the lower bound of a numeric range must be less than its upper bound");
    }
    m.range = {first_bound, first == ">=", second_bound, second == "<="};
    return m;
  }

  void check_limits(const Pattern& pattern) const {
    const std::size_t combinations = count_alternatives(pattern);
    if (!is_dialect_sns()) {
      if (combinations > limits_.max_or_combinations) {
        fail("",
             concat("the $or operators expand to ", std::to_string(combinations),
                    " combinations; the limit is ", std::to_string(limits_.max_or_combinations)));
      }
      return;
    }
    // SNS counts keys (all of them for attributes, top-level ones for a body)
    // and the product of the match-list sizes, summed over $or alternatives.
    std::vector<std::string> keys;
    std::size_t value_combinations = 0;
    for (const Conjunction& alternative : alternatives(pattern)) {
      std::size_t product = 1;
      for (const Field* field : alternative) {
        product = std::min<std::size_t>(product * field->matchers.size(), 1'000'000);
        std::string key = dialect_ == Dialect::sns_body
                              ? field->path.substr(0, field->path.find('.'))
                              : field->path;
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
      }
      value_combinations = std::min<std::size_t>(value_combinations + product, 1'000'000);
    }
    if (keys.size() > sns_max_keys) {
      fail("", concat("an SNS filter policy may have at most ", std::to_string(sns_max_keys),
                      dialect_ == Dialect::sns_body ? " top-level keys" : " keys", ", not ",
                      std::to_string(keys.size())));
    }
    if (value_combinations > sns_max_combinations) {
      fail("",
           concat("an SNS filter policy may have at most ", std::to_string(sns_max_combinations),
                  " combinations of values, not ", std::to_string(value_combinations)));
    }
  }

  Dialect dialect_;
  const PatternLimits& limits_;
};

void put_field(Conjunction& conjunction, const Field* field) {
  for (const Field*& existing : conjunction) {
    if (existing->path == field->path) {
      existing = field;
      return;
    }
  }
  conjunction.push_back(field);
}

void expand(const Pattern& pattern, std::vector<Conjunction>& alternatives) {
  for (const PatternItem& item : pattern.items) {
    if (!item.is_or) {
      for (Conjunction& conjunction : alternatives) put_field(conjunction, &item.field);
      continue;
    }
    std::vector<Conjunction> next;
    for (const Conjunction& conjunction : alternatives) {
      for (const Pattern& branch : item.branches) {
        std::vector<Conjunction> sub{conjunction};
        expand(branch, sub);
        for (auto& c : sub) next.push_back(std::move(c));
      }
    }
    alternatives = std::move(next);
  }
}

std::string number_text(double x) {
  if (x == 0) x = 0;  // -0 and 0 are the same value
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

}  // namespace

Pattern parse_pattern(std::string_view json, Dialect dialect, const PatternLimits& limits) {
  return PatternParser(dialect, limits).parse(json);
}

std::vector<Conjunction> alternatives(const Pattern& pattern) {
  std::vector<Conjunction> out(1);
  expand(pattern, out);
  return out;
}

std::size_t count_alternatives(const Pattern& pattern) {
  std::size_t total = 1;
  for (const PatternItem& item : pattern.items) {
    if (!item.is_or) continue;
    std::size_t sum = 0;
    for (const Pattern& branch : item.branches) {
      sum = std::min(SIZE_MAX - 1, sum + count_alternatives(branch));
    }
    total = (sum != 0 && total > SIZE_MAX / sum) ? SIZE_MAX : total * sum;
  }
  return total;
}

std::string describe(const Matcher& matcher) {
  std::string out = std::to_string(static_cast<int>(matcher.kind));
  auto strings = matcher.strings;
  std::sort(strings.begin(), strings.end());
  strings.erase(std::unique(strings.begin(), strings.end()), strings.end());
  for (const auto& s : strings) out += concat(":s", std::to_string(s.size()), "=", s);
  auto numbers = matcher.numbers;
  std::sort(numbers.begin(), numbers.end());
  for (double x : numbers) out += ":n" + number_text(x);
  for (const auto& w : matcher.wildcards) {
    out += concat(":w", std::to_string(w.pieces.size()));
    for (const auto& piece : w.pieces) out += concat(":", std::to_string(piece.size()), "=", piece);
  }
  switch (matcher.kind) {
    case MatcherKind::numeric:
      out += concat(":r", matcher.range.low_inclusive ? "[" : "(", number_text(matcher.range.low),
                    ",", number_text(matcher.range.high), matcher.range.high_inclusive ? "]" : ")");
      break;
    case MatcherKind::exists:
      out += matcher.exists ? ":true" : ":false";
      break;
    case MatcherKind::cidr:
      out += concat(":c", std::to_string(matcher.block.first.v6), ",",
                    std::to_string(matcher.block.first.high), ",",
                    std::to_string(matcher.block.first.low), ",",
                    std::to_string(matcher.block.last.high), ",",
                    std::to_string(matcher.block.last.low));
      break;
    default:
      break;
  }
  return out;
}

}  // namespace edasim::rules
