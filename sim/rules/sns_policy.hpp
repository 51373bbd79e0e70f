// SNS subscription filter policies, matched with the same engine as
// EventBridge patterns.
//
// Two scopes (the subscription's FilterPolicyScope):
// - MessageAttributes (SNS's default): the policy is flat, its keys are
//   message attribute names. Attributes of type String, String.Array and
//   Number take part (a custom label such as "Number.float" counts as its
//   base type); Binary attributes are ignored. A String.Array's elements
//   match like the elements of an event array; a Number compares numerically.
//   Build the event with MessageAttributesReader.
// - MessageBody: the body must be a JSON object and the policy may nest like
//   an EventBridge pattern. Read the body with JsonEventReader.
//
// Where SNS differs from EventBridge (checked when compiling):
// - at most 5 keys: every key for attributes, top-level keys for a body;
// - at most 150 combinations: the product of the match-list sizes, summed
//   over the `$or` alternatives (EventBridge allows 1000 `$or` alternatives
//   and has no product limit);
// - numbers (exact values, numeric bounds, anything-but) within -1e9..1e9;
//   SNS compares with five decimal digits, we compare as doubles, which
//   differs only for values that SNS would round to the same five digits;
// - no `wildcard`, no ignore-case forms of prefix and suffix, and anything-but
//   only with values, lists or `prefix`;
// - a policy may be 256 KB (EventBridge patterns 2048 or 4096 characters).
// Everything else (exists, null, `$or`, cidr, array semantics) is shared.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "sim/rules/event.hpp"
#include "sim/rules/json_event.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim::rules {

enum class FilterPolicyScope : std::uint8_t { message_attributes, message_body };

// Compiles named filter policies (one subscription each) into a rule set.
RuleSet compile_filter_policies(std::span<const RuleSource> policies, FilterPolicyScope scope,
                                std::shared_ptr<PathTable> paths = nullptr);

struct MessageAttribute {
  std::string_view name;
  std::string_view type;  // "String", "Number", "String.Array", "Binary", optionally ".label"ed
  std::string_view value;
};

class MessageAttributesReader {
 public:
  MessageAttributesReader();
  ~MessageAttributesReader();

  // Replaces `event` with the attributes whose names `paths` knows. Strings
  // are copied into the event. Throws JsonError for a Number that is not a
  // number or a String.Array that is not a JSON array.
  void read(std::span<const MessageAttribute> attributes, const PathTable& paths, Event& event);

  // The same from SNS's JSON form: {"name": {"Type": "String", "Value": "x"}, ...}.
  void read_json(std::string_view json, const PathTable& paths, Event& event);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace edasim::rules
