#include <algorithm>
#include <string_view>

#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"

namespace edasim::scenario {

namespace {

// "detail.shipping.country" -> {"detail", "shipping", "country"}; nothing
// when a segment is empty.
std::optional<std::vector<std::string>> split_field_path(std::string_view text) {
  std::vector<std::string> path;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view segment = text.substr(start, dot - start);
    if (segment.empty()) return std::nullopt;
    path.emplace_back(segment);
    if (dot == std::string_view::npos) return path;
    start = dot + 1;
  }
}

// The keys that select a generator's kind, and the keys that only go with one
// kind.
constexpr std::string_view kinds[] = {"choice", "number", "id", "boolean", "sequence"};
struct Companion {
  std::string_view key;
  model::FieldGenerator::Kind kind;
  std::string_view kind_name;
};
constexpr Companion companions[] = {
    {"weights", model::FieldGenerator::Kind::choice, "choice"},
    {"decimals", model::FieldGenerator::Kind::number, "number"},
    {"cardinality", model::FieldGenerator::Kind::id, "id"},
    {"each", model::FieldGenerator::Kind::boolean, "boolean"},
};

const Keys& field_keys() {
  static const Keys keys{
      "a field generator: exactly one of choice, number, id, boolean or sequence",
      {
          strings("choice", "the values to choose from (strings)"),
          free_form("weights", "choice: a weight (>= 0) per value; default: equal"),
          distribution("number", "a number drawn from this distribution"),
          integer("decimals", {0, 9}, "number: decimals kept"),
          text("id", "an identifier: this prefix and one of `cardinality` numbers"),
          integer("cardinality", cardinality_count, "id: how many distinct identifiers"),
          number("boolean", probability, "true with this probability"),
          strings("each",
                  "boolean: one field per name under this path, each true with the "
                  "probability on its own draw"),
          text("sequence", "this prefix and a number counting up from 1"),
      }};
  return keys;
}

const Keys& array_keys() {
  static const Keys keys{
      "an array of objects in the event, each made by its own field generators",
      {
          distribution("count", "how many elements (a number)"),
          named("fields", field_keys(), "each element's fields, by dotted path").require(),
      }};
  return keys;
}

void read_choice(Section& section, const toml::node& node, model::FieldGenerator& field) {
  Diagnostics& diagnostics = section.diagnostics();
  const auto* values = node.as_array();
  if (values == nullptr) {
    section.report("choice", "expected an array of strings, got " + show(node));
    return;
  }
  if (values->empty()) {
    section.report("choice", "expected at least one value to choose from");
    return;
  }
  for (std::size_t i = 0; i < values->size(); ++i) {
    const std::string key = element_path(section.key("choice"), i);
    if (!(*values)[i].is_string()) {
      // The event generator emits choice values as strings; a numeric field
      // that patterns compare as a number needs `number` instead.
      diagnostics.report(key, (*values)[i].source(),
                         "choice values must be strings (use number = ... for numeric fields), "
                         "got " +
                             show((*values)[i]));
      continue;
    }
    field.values.push_back(*read_string((*values)[i], key, diagnostics));
  }
  field.weights.assign(field.values.size(), 1.0);
  if (const toml::array* weights = section.array("weights")) {
    if (weights->size() != values->size()) {
      section.report("weights", "expected " + std::to_string(values->size()) +
                                    " weights, one per choice, got " +
                                    std::to_string(weights->size()));
      return;
    }
    double total = 0;
    for (std::size_t i = 0; i < weights->size(); ++i) {
      const auto w = read_number((*weights)[i], element_path(section.key("weights"), i),
                                 non_negative, diagnostics);
      if (w && i < field.weights.size()) field.weights[i] = *w;
      total += w.value_or(1.0);
    }
    if (total <= 0) section.report("weights", "expected at least one weight above 0");
  }
}

// A boolean field's `each`: the names of the fields it stands for, one
// below its path per name; nothing when it has no `each` (or after a
// problem, reported).
std::optional<std::vector<std::string>> read_each(Section& section) {
  const toml::node* node = section.take("each");
  if (node == nullptr) return std::nullopt;
  const toml::array* names = node->as_array();
  if (names == nullptr || names->empty()) {
    section.report("each", "expected a list of names, such as [\"fulfilment\", \"stock\"], got " +
                               show(*node));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < names->size(); ++i) {
    const std::string key = element_path(section.key("each"), i);
    const auto name = read_string((*names)[i], key, section.diagnostics());
    if (!name) return std::nullopt;
    if (name->empty() || name->find('.') != std::string::npos) {
      section.diagnostics().report(
          key, (*names)[i].source(),
          "a name is one key of a field path, without dots, got \"" + *name + "\"");
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), *name) != out.end()) {
      section.diagnostics().report(key, (*names)[i].source(),
                                   "the name \"" + *name + "\" is listed twice");
      return std::nullopt;
    }
    out.push_back(*name);
  }
  return out;
}

// The generators a field's table stands for: one, or a boolean field's one
// per name of its `each`; none after a problem (reported).
std::vector<model::FieldGenerator> read_field(const toml::node& node, const std::string& key,
                                              std::vector<std::string> path,
                                              Diagnostics& diagnostics) {
  auto section = section_of(node, key, diagnostics, &field_keys());
  if (!section) return {};
  model::FieldGenerator field;
  field.path = std::move(path);

  std::vector<std::string_view> present;
  for (const std::string_view kind : kinds) {
    if (section->has(kind)) present.push_back(kind);
  }
  if (present.size() != 1) {
    std::string message = "expected exactly one of choice, number, id, boolean, sequence";
    if (!present.empty()) message += "; this field has " + std::to_string(present.size());
    diagnostics.report(key, node.source(), message);
    for (const std::string_view kind : kinds) section->take(kind);
    for (const Companion& c : companions) section->take(c.key);
    section->finish();
    return {};
  }
  const std::string_view kind = present.front();
  std::optional<std::vector<std::string>> each;
  const toml::node& value = *section->take(kind);
  const auto before = diagnostics.found().size();
  if (kind == "choice") {
    field.kind = model::FieldGenerator::Kind::choice;
    read_choice(*section, value, field);
  } else if (kind == "number") {
    field.kind = model::FieldGenerator::Kind::number;
    if (auto d = read_distribution(value, section->key("number"), Dimension::plain, diagnostics)) {
      field.number = std::move(*d);
    }
    section->read("decimals", field.decimals, {0, 9});
  } else if (kind == "id") {
    field.kind = model::FieldGenerator::Kind::id;
    if (auto prefix = read_string(value, section->key("id"), diagnostics)) field.prefix = *prefix;
    section->require("cardinality");
    std::int64_t cardinality = 1;
    if (section->read("cardinality", cardinality, cardinality_count)) {
      field.cardinality = static_cast<std::uint64_t>(cardinality);
    }
  } else if (kind == "boolean") {
    field.kind = model::FieldGenerator::Kind::boolean;
    if (auto p = read_number(value, section->key("boolean"), probability, diagnostics)) {
      field.probability = *p;
    }
    each = read_each(*section);
  } else {
    field.kind = model::FieldGenerator::Kind::sequence;
    if (auto prefix = read_string(value, section->key("sequence"), diagnostics)) {
      field.prefix = *prefix;
    }
  }
  for (const Companion& c : companions) {
    if (c.kind != field.kind && section->take(c.key) != nullptr) {
      section->report(c.key, "\"" + std::string(c.key) + "\" only applies to " +
                                 std::string(c.kind_name) + " fields");
    }
  }
  section->finish();
  if (diagnostics.found().size() != before) return {};
  if (!each) return {field};
  // Independent draws with one probability: the share of names that are
  // true, a single number to sweep.
  std::vector<model::FieldGenerator> out;
  for (const std::string& name : *each) {
    model::FieldGenerator one = field;
    one.path.push_back(name);
    out.push_back(std::move(one));
  }
  return out;
}

// Reads a table of generators keyed by dotted path.
std::vector<model::FieldGenerator> read_fields(Section& parent, std::string_view name) {
  std::vector<model::FieldGenerator> fields;
  auto section = parent.section(name);
  if (!section) return fields;
  for (const auto& [k, node] : section->table()) {
    const std::string key = section->key(k.str());
    section->take(k.str());
    auto path = split_field_path(k.str());
    if (!path) {
      section->diagnostics().report(key, k.source(),
                                    "a field path is keys joined by single dots, such as "
                                    "\"detail.total\"");
      continue;
    }
    for (model::FieldGenerator& field :
         read_field(node, key, std::move(*path), section->diagnostics())) {
      fields.push_back(std::move(field));
    }
  }
  section->finish();
  return fields;
}

bool is_prefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return a.size() <= b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Two generators cannot both own a path, nor can one write a leaf where the
// other needs an object.
void check_paths(Section& section, std::string_view name,
                 const std::vector<std::vector<std::string>>& paths) {
  const auto join = [](const std::vector<std::string>& path) {
    std::string text;
    for (const std::string& segment : path) text += (text.empty() ? "" : ".") + segment;
    return text;
  };
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      if (is_prefix(paths[i], paths[j]) || is_prefix(paths[j], paths[i])) {
        section.report(name, "fields \"" + join(paths[i]) + "\" and \"" + join(paths[j]) +
                                 "\" overlap: a path cannot be both a value and an object");
      }
    }
  }
}

std::vector<model::ArrayGenerator> read_arrays(Section& parent) {
  std::vector<model::ArrayGenerator> arrays;
  auto section = parent.section("arrays");
  if (!section) return arrays;
  for (const auto& [k, node] : section->table()) {
    const std::string key = section->key(k.str());
    section->take(k.str());
    auto path = split_field_path(k.str());
    if (!path) {
      section->diagnostics().report(key, k.source(),
                                    "an array path is keys joined by single dots, such as "
                                    "\"detail.items\"");
      continue;
    }
    auto array_section = section_of(node, key, section->diagnostics(), section->keys_of(k.str()));
    if (!array_section) continue;
    model::ArrayGenerator array;
    array.path = std::move(*path);
    if (const toml::node* count = array_section->take("count")) {
      if (auto d = read_distribution(*count, array_section->key("count"), Dimension::plain,
                                     section->diagnostics())) {
        array.count = std::move(*d);
      }
    }
    array_section->require("fields");
    array.fields = read_fields(*array_section, "fields");
    std::vector<std::vector<std::string>> paths;
    for (const model::FieldGenerator& f : array.fields) paths.push_back(f.path);
    check_paths(*array_section, "fields", paths);
    array_section->finish();
    arrays.push_back(std::move(array));
  }
  section->finish();
  return arrays;
}

}  // namespace

const Keys& event_keys() {
  static const Keys keys{
      "an event template: its name, size and the fields of its body",
      {
          text("name", "the event's name in reports").require(),
          number("weight", positive_weight, "the share of the producer's events of this kind"),
          distribution("size", "the event's size (a size: \"2KB\")"),
          named("fields", field_keys(), "generators of the body's fields, by dotted path"),
          named("arrays", array_keys(), "generators of arrays of objects, by dotted path"),
      }};
  return keys;
}

model::EventTemplate read_event(Section& section) {
  model::EventTemplate event;
  section.require("name");
  section.read("name", event.name);
  section.read("weight", event.weight, positive_weight);
  if (const toml::node* size = section.take("size")) {
    if (auto d =
            read_distribution(*size, section.key("size"), Dimension::size, section.diagnostics())) {
      event.size_bytes = std::move(*d);
    }
  }
  event.fields = read_fields(section, "fields");
  event.arrays = read_arrays(section);
  std::vector<std::vector<std::string>> paths;
  for (const model::FieldGenerator& f : event.fields) paths.push_back(f.path);
  for (const model::ArrayGenerator& a : event.arrays) paths.push_back(a.path);
  check_paths(section, event.arrays.empty() ? "fields" : "arrays", paths);
  section.finish();
  return event;
}

}  // namespace edasim::scenario
