#include "sim/report/scenario_schema.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/unit_names.hpp"
#include "sim/scenario/keys.hpp"

namespace edasim::report {

namespace {

using nlohmann::ordered_json;
using scenario::Key;
using scenario::Keys;
using scenario::Shape;

// Digits, an optional point and digits, then the unit at once: the grammar of
// sim/core/units.cpp's parsers ("1.5h", "256KiB", "100/s").
ordered_json quantity(std::string_view what, const std::vector<std::string_view>& units,
                      std::string_view example) {
  std::string alternatives;
  std::string listed;
  for (const std::string_view u : units) {
    if (!alternatives.empty()) {
      alternatives += '|';
      listed += ", ";
    }
    alternatives += u;
    listed += u;
  }
  return {{"type", "string"},
          {"description", std::string(what) + " with a unit (" + listed + "), like \"" +
                              std::string(example) + "\""},
          {"pattern", "^([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(" + alternatives + ")$"}};
}

bool finite_bound(double x) {
  return std::abs(x) < 9.2e18;
}

// Writes the schema of a tree of Keys. A table's Keys used in more than one
// place (a kind's table, also under [[designs]]; a retry policy) is written
// once under $defs and referred to, so that the schema says each thing once.
class Writer {
 public:
  explicit Writer(const Keys& root) { count(root); }

  ordered_json schema_of(const Key& key);
  ordered_json table(const Keys& keys, std::string_view name);
  ordered_json object_of(const Keys& keys);
  ordered_json& definitions() { return definitions_; }

 private:
  void count(const Keys& keys) {
    if (uses_[&keys]++ > 0) return;
    for (const Key& k : keys.keys) {
      if (k.keys != nullptr && k.shape != Shape::distribution) count(*k.keys);
      if (k.value != nullptr && k.value->keys != nullptr) count(*k.value->keys);
    }
  }

  std::map<const Keys*, int> uses_;
  std::map<const Keys*, std::string> names_;
  ordered_json definitions_ = ordered_json::object();
};

// The schema of a table: inline where it is used once, else a reference to
// its definition, named after the first key that holds it.
ordered_json Writer::table(const Keys& keys, std::string_view name) {
  if (uses_[&keys] < 2) return object_of(keys);
  auto [at, added] = names_.emplace(&keys, std::string(name));
  if (added) {
    std::string unique(name);
    for (int n = 2; definitions_.contains(unique); ++n)
      unique = std::string(name) + "-" + std::to_string(n);
    at->second = unique;
    definitions_[unique] = ordered_json::object();  // reserved while it is written
    definitions_[unique] = object_of(keys);
  }
  return {{"$ref", "#/$defs/" + at->second}};
}

ordered_json Writer::schema_of(const Key& key) {
  ordered_json s;
  std::string description(key.description);
  const std::string range = scenario::describe_range(key);
  if (!range.empty()) description += " (" + range + ")";
  s["description"] = description;
  switch (key.shape) {
    case Shape::string:
      s["type"] = "string";
      if (!key.choices.empty()) s["enum"] = key.choices;
      break;
    case Shape::boolean:
      s["type"] = "boolean";
      break;
    case Shape::integer:
    case Shape::number:
      s["type"] = key.shape == Shape::integer ? "integer" : "number";
      if (key.bounded && finite_bound(key.low)) {
        if (key.shape == Shape::integer) {
          s[key.above_low ? "exclusiveMinimum" : "minimum"] = static_cast<std::int64_t>(key.low);
        } else {
          s[key.above_low ? "exclusiveMinimum" : "minimum"] = key.low;
        }
      }
      if (key.bounded && finite_bound(key.high)) {
        if (key.shape == Shape::integer) {
          s["maximum"] = static_cast<std::int64_t>(key.high);
        } else {
          s["maximum"] = key.high;
        }
      }
      break;
    case Shape::duration:
      s["$ref"] = "#/$defs/duration";
      break;
    case Shape::size:
      s["$ref"] = "#/$defs/size";
      break;
    case Shape::rate:
      s["$ref"] = "#/$defs/rate";
      break;
    case Shape::distribution:
      s["$ref"] = "#/$defs/distribution";
      break;
    case Shape::table:
      s.update(table(*key.keys, key.name));
      s["description"] = description;
      break;
    case Shape::tables:
      s["type"] = "array";
      s["items"] = table(*key.keys, key.name);
      if (key.items_or_string) s["items"] = {{"anyOf", {{{"type", "string"}}, s["items"]}}};
      break;
    case Shape::named:
      s["type"] = "object";
      s["additionalProperties"] =
          key.keys != nullptr ? table(*key.keys, key.name) : schema_of(*key.value);
      break;
    case Shape::strings:
      s["type"] = "array";
      s["items"] = {{"type", "string"}};
      break;
    case Shape::any:
      break;
  }
  // A shorthand makes the key one of its forms.
  std::vector<ordered_json> forms;
  if (key.or_string) forms.push_back({{"type", "string"}});
  if (key.or_strings) forms.push_back({{"type", "array"}, {"items", {{"type", "string"}}}});
  if (key.or_numbers) forms.push_back({{"type", "array"}, {"items", {{"type", "number"}}}});
  if (!forms.empty()) {
    ordered_json base = s;
    base.erase("description");
    forms.insert(forms.begin(), base);
    ordered_json either;
    either["description"] = description;
    either["anyOf"] = forms;
    return either;
  }
  return s;
}

ordered_json Writer::object_of(const Keys& keys) {
  ordered_json o;
  o["type"] = "object";
  if (!keys.title.empty()) o["description"] = std::string(keys.title);
  ordered_json properties = ordered_json::object();
  std::vector<std::string> required;
  for (const Key& k : keys.keys) {
    properties[std::string(k.name)] = schema_of(k);
    if (k.required) required.emplace_back(k.name);
  }
  o["properties"] = properties;
  if (!required.empty()) o["required"] = required;
  o["additionalProperties"] = false;
  return o;
}

}  // namespace

std::string scenario_schema() {
  const Keys& root = scenario::scenario_keys();
  Writer writer(root);
  ordered_json& defs = writer.definitions();
  defs["duration"] = quantity("a duration", core::duration_unit_names(), "250ms");
  defs["size"] = quantity("a size", core::size_unit_names(), "1.5KB");
  defs["rate"] = quantity("a rate", core::rate_unit_names(), "1200/s");
  defs["distribution"] = {
      {"description",
       "a distribution: a single value (\"80ms\", \"1.5KB\", 60) or a table naming its family"},
      {"anyOf",
       {{{"type", "string"}},
        {{"type", "number"}},
        writer.object_of(scenario::distribution_keys())}}};
  ordered_json s;
  s["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  s["title"] = "edasim scenario";
  s.update(writer.object_of(root));
  s["$defs"] = defs;
  return s.dump(2) + "\n";
}

}  // namespace edasim::report
