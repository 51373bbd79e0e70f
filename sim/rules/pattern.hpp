// An event pattern, parsed and validated: the EventBridge pattern language
// and the SNS filter-policy dialects (see sns_policy.hpp for how those
// differ).
//
// A Pattern is a sequence of items in document order. A field item names a
// path (dotted, absolute) and a list of matchers, any of which may match; an
// `$or` item holds branches, each itself a Pattern. A pattern matches an event
// when, for one choice of branch in every `$or`, all fields match (see
// alternatives()). Nested objects of the pattern become fields with longer
// paths, so {"detail":{"total":[...]}} is the field "detail.total".
//
// Decisions (reasons in docs/rules.md, "Decisions"):
// - A path given more than once in one alternative (duplicate keys, "a.b"
//   beside {"a":{"b":..}}, or a field inside `$or` repeating an outer one):
//   the last one in document order wins, as in event-ruler and the AWS docs.
// - `$or` is the operator when its value is an array holding objects whose
//   keys are not operator names (it must then have two or more branches, all
//   objects); an array of values or operator objects, or an object, makes it
//   an ordinary field called "$or" (event-ruler's backward compatibility).
// - Numbers compare as doubles (300 = 300.0 = 3e2), as event-ruler does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/rules/cidr.hpp"
#include "sim/rules/pattern_error.hpp"
#include "sim/rules/wildcard.hpp"

namespace edasim::rules {

enum class MatcherKind : std::uint8_t {
  exact_string,  // strings[0]
  exact_number,  // numbers[0]; also numeric "=" and JSON numbers in a list
  exact_true,
  exact_false,
  exact_null,
  prefix,              // strings[0]
  suffix,              // strings[0]
  prefix_ignore_case,  // strings[0], folded
  suffix_ignore_case,  // strings[0], folded
  equals_ignore_case,  // strings[0], folded
  wildcard,            // wildcards[0]
  numeric,             // range
  exists,              // exists
  cidr,                // block
  but_strings,         // anything-but: none of strings
  but_numbers,         // anything-but: none of numbers
  but_prefix,          // anything-but: starts with none of strings
  but_suffix,          // anything-but: ends with none of strings
  but_ignore_case,     // anything-but: equals none of strings (folded) ignoring case
  but_wildcard,        // anything-but: matches none of wildcards
};

struct NumericRange {
  double low;  // -infinity when unbounded
  bool low_inclusive;
  double high;  // +infinity when unbounded
  bool high_inclusive;

  bool contains(double x) const {
    return (low_inclusive ? x >= low : x > low) && (high_inclusive ? x <= high : x < high);
  }
  bool operator==(const NumericRange&) const = default;
};

struct Matcher {
  MatcherKind kind = MatcherKind::exact_null;
  std::vector<std::string> strings;
  std::vector<double> numbers;
  std::vector<Wildcard> wildcards;
  NumericRange range{};
  CidrBlock block{};
  bool exists = false;

  bool operator==(const Matcher&) const = default;
};

struct Field {
  std::string path;  // dotted
  std::vector<Matcher> matchers;
  std::string where;  // JSON path of the match list in the pattern text
};

struct Pattern;

struct PatternItem {
  bool is_or = false;
  Field field;                    // when !is_or
  std::vector<Pattern> branches;  // when is_or
};

struct Pattern {
  std::vector<PatternItem> items;
};

enum class Dialect : std::uint8_t {
  eventbridge,     // EventBridge event patterns
  sns_attributes,  // SNS filter policy, FilterPolicyScope = MessageAttributes
  sns_body,        // SNS filter policy, FilterPolicyScope = MessageBody
};

struct PatternLimits {
  // EventBridge's quota on pattern size is 2048 characters by default and can
  // be raised to 4096; accept anything a real account could have.
  std::size_t max_pattern_bytes = 4096;
  // EventBridge rejects patterns whose `$or`s expand to more than this.
  std::size_t max_or_combinations = 1000;
};

// Parses and validates; throws PatternError (with an empty rule name).
Pattern parse_pattern(std::string_view json, Dialect dialect = Dialect::eventbridge,
                      const PatternLimits& limits = {});

// The alternatives of a pattern: one conjunction of fields per choice of
// `$or` branches, each path at most once (the last one in document order).
// Fields keep the order their paths first appear in.
using Conjunction = std::vector<const Field*>;
std::vector<Conjunction> alternatives(const Pattern& pattern);

// The number of alternatives, without building them (saturates at SIZE_MAX).
std::size_t count_alternatives(const Pattern& pattern);

// Canonical text of a matcher: equal for matchers that match the same values.
std::string describe(const Matcher& matcher);

}  // namespace edasim::rules
