#include "sim/scenario/values.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "sim/core/units.hpp"

namespace edasim::scenario {

bool is_dotted_name(std::string_view name, std::size_t max_length) {
  return !name.empty() && name.size() <= max_length &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' ||
                  c == '_';
         });
}

namespace {

std::string show_number(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", x);
  return text;
}

std::string quoted(std::string_view s) {
  std::string text = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') text += '\\';
    text += c;
  }
  return text + '"';
}

// "of at least 1", "of at most 12h", "greater than 0": the bound `value`
// violates, rendered by `render`.
template <class T, class Render>
std::optional<std::string> violated(const T& value, const Range<T>& range, Render render) {
  if (range.above_low && !(range.low < value)) return "greater than " + render(range.low);
  if (value < range.low) return "of at least " + render(range.low);
  if (range.high < value) return "of at most " + render(range.high);
  return std::nullopt;
}

void report_type(const toml::node& node, const std::string& key, std::string_view expected,
                 Diagnostics& diagnostics) {
  diagnostics.report(key, node.source(),
                     "expected " + std::string(expected) + ", got " + show(node));
}

// Durations, sizes and rates share one shape: a string with a unit, parsed by
// sim/core, then range-checked.
template <class T, class Parse, class Bound>
std::optional<T> read_quantity(const toml::node& node, const std::string& key,
                               std::string_view noun, std::string_view example, Parse parse,
                               Bound bound, Diagnostics& diagnostics) {
  const std::string expected = std::string(noun) + " such as \"" + std::string(example) + "\"";
  if (node.is_number()) {
    diagnostics.report(
        key, node.source(),
        "expected " + expected + ", got " + show(node) + " (a bare number has no unit)");
    return std::nullopt;
  }
  const auto* text = node.as_string();
  if (text == nullptr) {
    report_type(node, key, expected, diagnostics);
    return std::nullopt;
  }
  T value;
  try {
    value = parse(text->get());
  } catch (const core::UnitError& e) {
    // sim/core's sentence already names what was expected and what is wrong.
    diagnostics.report(key, node.source(), e.what());
    return std::nullopt;
  }
  if (const auto clause = bound(value)) {
    diagnostics.report(key, node.source(),
                       "expected " + std::string(noun) + " " + *clause + ", got " + show(node));
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string show(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return quoted(node.as_string()->get());
    case toml::node_type::integer:
      return std::to_string(node.as_integer()->get());
    case toml::node_type::floating_point:
      return show_number(node.as_floating_point()->get());
    case toml::node_type::boolean:
      return node.as_boolean()->get() ? "true" : "false";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::date:
    case toml::node_type::time:
    case toml::node_type::date_time:
      return "a date or time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

std::optional<std::string> read_string(const toml::node& node, const std::string& key,
                                       Diagnostics& diagnostics) {
  if (const auto* s = node.as_string()) {
    if (s->get().size() <= max_string_length) return s->get();
    diagnostics.report(key, node.source(),
                       "expected a string of at most " + std::to_string(max_string_length) +
                           " characters, got one of " + std::to_string(s->get().size()));
    return std::nullopt;
  }
  report_type(node, key, "a string", diagnostics);
  return std::nullopt;
}

std::optional<bool> read_boolean(const toml::node& node, const std::string& key,
                                 Diagnostics& diagnostics) {
  if (const auto* b = node.as_boolean()) return b->get();
  report_type(node, key, "true or false", diagnostics);
  return std::nullopt;
}

std::optional<std::int64_t> read_integer(const toml::node& node, const std::string& key,
                                         Range<std::int64_t> range, Diagnostics& diagnostics) {
  const auto* i = node.as_integer();
  if (i == nullptr) {
    report_type(node, key, "an integer", diagnostics);
    return std::nullopt;
  }
  const std::int64_t value = i->get();
  const auto render = [](std::int64_t x) { return std::to_string(x); };
  if (const auto clause = violated(value, range, render)) {
    diagnostics.report(key, node.source(),
                       "expected an integer " + *clause + ", got " + show(node));
    return std::nullopt;
  }
  return value;
}

std::optional<double> read_number(const toml::node& node, const std::string& key,
                                  Range<double> range, Diagnostics& diagnostics) {
  double value = 0;
  if (const auto* i = node.as_integer()) {
    value = static_cast<double>(i->get());
  } else if (const auto* f = node.as_floating_point()) {
    value = f->get();
  } else {
    report_type(node, key, "a number", diagnostics);
    return std::nullopt;
  }
  if (!std::isfinite(value)) {
    diagnostics.report(key, node.source(), "expected a finite number, got " + show(node));
    return std::nullopt;
  }
  if (const auto clause = violated(value, range, show_number)) {
    diagnostics.report(key, node.source(), "expected a number " + *clause + ", got " + show(node));
    return std::nullopt;
  }
  return value;
}

std::optional<Duration> read_duration(const toml::node& node, const std::string& key,
                                      Range<Duration> range, Diagnostics& diagnostics) {
  return read_quantity<Duration>(
      node, key, "a duration", "30s", core::parse_duration,
      [&](Duration d) { return violated(d, range, core::format_duration); }, diagnostics);
}

std::optional<Bytes> read_size(const toml::node& node, const std::string& key,
                               Range<std::int64_t> range, Diagnostics& diagnostics) {
  const Range<Bytes> bytes{{range.low}, {range.high}, range.above_low};
  return read_quantity<Bytes>(
      node, key, "a size", "1.5KB", core::parse_size,
      [&](Bytes b) { return violated(b, bytes, core::format_size); }, diagnostics);
}

std::optional<Rate> read_rate(const toml::node& node, const std::string& key, Range<double> range,
                              Diagnostics& diagnostics) {
  const Range<Rate> rates{{range.low}, {range.high}, range.above_low};
  return read_quantity<Rate>(
      node, key, "a rate", "50/s", core::parse_rate,
      [&](Rate r) { return violated(r, rates, core::format_rate); }, diagnostics);
}

}  // namespace edasim::scenario
