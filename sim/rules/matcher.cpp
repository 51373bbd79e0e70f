#include "sim/rules/matcher.hpp"

#include <algorithm>

#include "sim/rules/case_fold.hpp"

namespace edasim::rules {

namespace {

bool any_string(const Matcher& m, const Value& v, auto&& test) {
  if (v.kind != ValueKind::string) return false;
  return std::any_of(m.strings.begin(), m.strings.end(), test);
}

}  // namespace

bool matcher_accepts(const Matcher& m, const Value& v) {
  const bool is_string = v.kind == ValueKind::string;
  const std::string_view text = v.text;
  switch (m.kind) {
    case MatcherKind::exact_string:
      return is_string && text == m.strings[0];
    case MatcherKind::exact_number:
      return v.kind == ValueKind::number && v.number == m.numbers[0];
    case MatcherKind::exact_true:
      return v.kind == ValueKind::true_value;
    case MatcherKind::exact_false:
      return v.kind == ValueKind::false_value;
    case MatcherKind::exact_null:
      return v.kind == ValueKind::null;
    case MatcherKind::prefix:
      return is_string && text.starts_with(m.strings[0]);
    case MatcherKind::suffix:
      return is_string && text.ends_with(m.strings[0]);
    case MatcherKind::prefix_ignore_case:
      return is_string && fold_case(text).starts_with(m.strings[0]);
    case MatcherKind::suffix_ignore_case:
      return is_string && fold_case(text).ends_with(m.strings[0]);
    case MatcherKind::equals_ignore_case:
      return is_string && fold_case(text) == m.strings[0];
    case MatcherKind::wildcard:
      return is_string && wildcard_matches(m.wildcards[0], text);
    case MatcherKind::numeric:
      return v.kind == ValueKind::number && m.range.contains(v.number);
    case MatcherKind::exists:
      return m.exists;
    case MatcherKind::cidr: {
      if (!is_string) return false;
      const auto ip = parse_ip(text);
      return ip && m.block.contains(*ip);
    }
    case MatcherKind::but_strings:
      return !any_string(m, v, [&](const std::string& s) { return text == s; });
    case MatcherKind::but_numbers:
      return v.kind != ValueKind::number ||
             std::find(m.numbers.begin(), m.numbers.end(), v.number) == m.numbers.end();
    case MatcherKind::but_prefix:
      return !any_string(m, v, [&](const std::string& s) { return text.starts_with(s); });
    case MatcherKind::but_suffix:
      return !any_string(m, v, [&](const std::string& s) { return text.ends_with(s); });
    case MatcherKind::but_ignore_case: {
      if (!is_string) return true;
      const std::string folded = fold_case(text);
      return std::find(m.strings.begin(), m.strings.end(), folded) == m.strings.end();
    }
    case MatcherKind::but_wildcard:
      return !is_string ||
             std::none_of(m.wildcards.begin(), m.wildcards.end(),
                          [&](const Wildcard& w) { return wildcard_matches(w, text); });
  }
  return false;
}

}  // namespace edasim::rules
