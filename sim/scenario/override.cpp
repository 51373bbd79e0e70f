#include "sim/scenario/override.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <optional>
#include <vector>

#include "sim/scenario/error.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/override_tree.hpp"
#include "sim/scenario/values.hpp"

namespace edasim::scenario {

namespace {

// Positions of characters outside TOML quoted keys: `f` is called for each.
template <class F>
void outside_quotes(std::string_view text, F f) {
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
      continue;
    }
    if (!f(i, c)) return;
  }
}

bool is_index_text(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// The segments of a key path. `[N]` becomes the segment "N"; TOML's own
// dotted-key grammar does the rest, quoting included.
// Strict: every '[' is closed by ']' around digits alone, and a ']' is
// followed by '.', '[' or the end, so `faults[0.name` is refused rather than
// read as `faults[0].name`.
std::optional<std::vector<std::string>> split_key_path(std::string_view path) {
  std::string dotted;
  std::size_t copied = 0;
  std::optional<std::size_t> open;
  bool well_formed = true;
  outside_quotes(path, [&](std::size_t i, char c) {
    if (c == '[') {
      if (open || i == 0) well_formed = false;
      open = i;
    } else if (c == ']') {
      const bool digits_between =
          open && i > *open + 1 && is_index_text(path.substr(*open + 1, i - *open - 1));
      const bool next_ok = i + 1 == path.size() || path[i + 1] == '.' || path[i + 1] == '[';
      if (!digits_between || !next_ok) well_formed = false;
      open.reset();
    } else if (open && (c < '0' || c > '9')) {
      well_formed = false;
    }
    if (c == '[' || c == ']') {
      dotted.append(path.substr(copied, i - copied));
      if (c == '[') dotted += '.';
      copied = i + 1;
    }
    return well_formed;
  });
  if (!well_formed || open) return std::nullopt;
  dotted.append(path.substr(copied));
  toml::table parsed;
  try {
    parsed = toml::parse(dotted + " = 0");
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
  std::vector<std::string> segments;
  const toml::table* level = &parsed;
  while (level != nullptr && level->size() == 1) {
    const auto entry = level->begin();
    segments.emplace_back(entry->first.str());
    level = entry->second.as_table();
  }
  if (level != nullptr || segments.empty()) return std::nullopt;
  return segments;
}

bool is_index(std::string_view segment) {
  return !segment.empty() && segment.size() < 10 &&
         std::all_of(segment.begin(), segment.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

std::string as_toml_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out + '"';
}

// The override's value as a one-entry table {v = VALUE}: a TOML value when
// VALUE is one, else VALUE as a string.
toml::table parse_value(const std::string& value) {
  try {
    toml::table parsed = toml::parse("v = " + value);
    if (parsed.size() == 1 && parsed.contains("v")) return parsed;
  } catch (const toml::parse_error&) {
  }
  return toml::parse("v = " + as_toml_string(value));
}

// Puts `value` at `segment` of `parent` (a table or an array).
template <class Value>
void place(toml::node& parent, const std::string& segment, Value&& value) {
  if (auto* table = parent.as_table()) {
    table->insert_or_assign(segment, std::forward<Value>(value));
    return;
  }
  auto* array = parent.as_array();
  const auto index = static_cast<std::ptrdiff_t>(std::stoul(segment));
  array->replace(array->cbegin() + index, std::forward<Value>(value));
}

// Puts a copy of `value` at `path` in `root`. Problems go to `fail`; on
// success the canonical path of the value is returned.
std::optional<std::string> put(toml::table& root, const std::string& path, const toml::node& value,
                               const std::function<void(std::string)>& fail) {
  const auto segments = split_key_path(path);
  if (!segments) {
    fail("not a key path such as consumers.fraud.instances");
    return std::nullopt;
  }
  toml::node* level = &root;
  std::string canonical;
  for (std::size_t i = 0; i < segments->size(); ++i) {
    const std::string& segment = (*segments)[i];
    const bool last = i + 1 == segments->size();
    toml::node* next = nullptr;
    if (auto* table = level->as_table()) {
      canonical = child_path(canonical, segment);
      next = table->get(segment);
      if (next == nullptr && !last) {
        // An index needs an array that exists: an override changes an
        // element, it does not make one (a new table would be read as a
        // table where the scenario wants an array).
        if (is_index((*segments)[i + 1])) {
          fail(canonical + " is not in the scenario, so it has no element [" + (*segments)[i + 1] +
               "] to change");
          return std::nullopt;
        }
        next = table->insert_or_assign(segment, toml::table{}).first->second.as_table();
      }
    } else if (auto* array = level->as_array()) {
      if (!is_index(segment) || std::stoul(segment) >= array->size()) {
        fail(canonical + " is an array of " + std::to_string(array->size()) + " elements; \"" +
             segment + "\" is not an index into it");
        return std::nullopt;
      }
      canonical = element_path(canonical, std::stoul(segment));
      next = array->get(std::stoul(segment));
    } else {
      fail(canonical + " is " + show(*level) + ", which has no key \"" + segment + "\"");
      return std::nullopt;
    }
    if (last) {
      value.visit([&](auto&& v) { place(*level, segment, v); });
      return canonical;
    }
    level = next;
  }
  return std::nullopt;
}

void apply(toml::table& root, const Override& change, Diagnostics& diagnostics) {
  const toml::table parsed = parse_value(change.value);
  const std::string written = change.path + '=' + change.value;
  const auto placed = put(root, change.path, *parsed.get("v"), [&](std::string message) {
    diagnostics.report_override(change.path, written, std::move(message));
  });
  if (placed) diagnostics.note_override(*placed, written);
}

}  // namespace

Override parse_override(std::string_view text) {
  std::optional<std::size_t> equals;
  outside_quotes(text, [&](std::size_t i, char c) {
    if (c != '=') return true;
    equals = i;
    return false;
  });
  if (!equals || *equals == 0) {
    throw ScenarioError({{"--set " + std::string(text), 0, 0, "",
                          "expected KEY=VALUE, such as consumers.fraud.instances=8"}});
  }
  return {std::string(text.substr(0, *equals)), std::string(text.substr(*equals + 1))};
}

void apply_overrides(toml::table& root, std::span<const Override> overrides,
                     Diagnostics& diagnostics) {
  for (const Override& change : overrides) apply(root, change, diagnostics);
}

std::optional<std::string> set_value(toml::table& root, const std::string& path,
                                     const toml::node& value, const std::string& key,
                                     Diagnostics& diagnostics) {
  return put(root, path, value, [&](std::string message) {
    diagnostics.report(key, value.source(), std::move(message));
  });
}

bool has_parent_of(const toml::table& root, const std::string& path) {
  const auto segments = split_key_path(path);
  if (!segments) return false;
  const toml::node* level = &root;
  for (std::size_t i = 0; i + 1 < segments->size(); ++i) {
    const std::string& segment = (*segments)[i];
    if (const auto* table = level->as_table()) {
      level = table->get(segment);
    } else if (const auto* array = level->as_array()) {
      level = is_index(segment) && std::stoul(segment) < array->size()
                  ? array->get(std::stoul(segment))
                  : nullptr;
    } else {
      level = nullptr;
    }
    if (level == nullptr) return false;
  }
  return level->is_table() || level->is_array();
}

}  // namespace edasim::scenario
