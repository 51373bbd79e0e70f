#include "sim/rules/sns_policy.hpp"

#include <simdjson.h>

#include <charconv>
#include <string>
#include <vector>

#include "sim/rules/text.hpp"

namespace edasim::rules {

namespace {

constexpr std::size_t sns_max_policy_bytes = 256 * 1024;

using simdjson::dom::element;
using simdjson::dom::element_type;

}  // namespace

RuleSet compile_filter_policies(std::span<const RuleSource> policies, FilterPolicyScope scope,
                                std::shared_ptr<PathTable> paths) {
  PatternLimits limits;
  limits.max_pattern_bytes = sns_max_policy_bytes;
  return RuleSet::compile(
      policies,
      scope == FilterPolicyScope::message_attributes ? Dialect::sns_attributes : Dialect::sns_body,
      std::move(paths), limits);
}

struct MessageAttributesReader::State {
  simdjson::dom::parser parser;
  std::string buffer;

  void add_element(const element& value, PathId path, ElementId in, Event& event) {
    switch (value.type()) {
      case element_type::STRING:
        event.add_string_copy(path, std::string_view(value), in);
        return;
      case element_type::INT64:
        event.add_number(path, static_cast<double>(std::int64_t(value)), in);
        return;
      case element_type::UINT64:
        event.add_number(path, static_cast<double>(std::uint64_t(value)), in);
        return;
      case element_type::DOUBLE:
        event.add_number(path, double(value), in);
        return;
      case element_type::BOOL:
        event.add_bool(path, bool(value), in);
        return;
      case element_type::NULL_VALUE:
        event.add_null(path, in);
        return;
      case element_type::ARRAY: {
        const ArrayId array = event.add_array(path, in);
        for (element item : simdjson::dom::array(value)) {
          add_element(item, path, event.add_element(array), event);
        }
        return;
      }
      case element_type::OBJECT:
        return;  // SNS compares scalars only
    }
  }

  element parse(std::string_view json, std::string_view what) {
    buffer.assign(json);
    element root;
    if (const auto error = parser.parse(buffer).get(root); error) {
      throw JsonError(concat(what, " is not valid JSON: ", simdjson::error_message(error)));
    }
    return root;
  }

  void add(const MessageAttribute& attribute, const PathTable& paths, Event& event) {
    const PathId path = paths.find_child(PathTable::root, attribute.name);
    if (path == PathTable::none) return;
    const std::string_view type = attribute.type;
    if (type.starts_with("String.Array")) {
      const element root = parse(attribute.value, concat("attribute ", attribute.name));
      if (root.type() != element_type::ARRAY) {
        throw JsonError(
            concat("attribute ", attribute.name, ": a String.Array must be a JSON array"));
      }
      add_element(root, path, Event::top, event);
    } else if (type.starts_with("String")) {
      event.add_string_copy(path, attribute.value);
    } else if (type.starts_with("Number")) {
      double x = 0;
      const std::string_view text = attribute.value;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), x);
      if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        throw JsonError(concat("attribute ", attribute.name, ": \"", text, "\" is not a number"));
      }
      event.add_number(path, x);
    }
  }
};

MessageAttributesReader::MessageAttributesReader() : state_(std::make_unique<State>()) {}
MessageAttributesReader::~MessageAttributesReader() = default;

void MessageAttributesReader::read(std::span<const MessageAttribute> attributes,
                                   const PathTable& paths, Event& event) {
  event.clear();
  for (const MessageAttribute& attribute : attributes) state_->add(attribute, paths, event);
}

void MessageAttributesReader::read_json(std::string_view json, const PathTable& paths,
                                        Event& event) {
  // Parse into owned strings first: reading a String.Array reuses the parser.
  std::vector<std::string> fields;
  {
    const element root = state_->parse(json, "the message attributes");
    if (root.type() != element_type::OBJECT) {
      throw JsonError("message attributes must be a JSON object");
    }
    for (const auto member : simdjson::dom::object(root)) {
      std::string_view type, value;
      if (member.value.type() != element_type::OBJECT ||
          member.value["Type"].get(type) != simdjson::SUCCESS ||
          member.value["Value"].get(value) != simdjson::SUCCESS) {
        throw JsonError(concat("attribute ", member.key,
                               " must be an object with string fields \"Type\" and \"Value\""));
      }
      fields.emplace_back(member.key);
      fields.emplace_back(type);
      fields.emplace_back(value);
    }
  }
  std::vector<MessageAttribute> attributes;
  for (std::size_t i = 0; i + 2 < fields.size(); i += 3) {
    attributes.push_back({fields[i], fields[i + 1], fields[i + 2]});
  }
  read(attributes, paths, event);
}

}  // namespace edasim::rules
