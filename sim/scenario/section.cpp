#include "sim/scenario/section.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/scenario/key_path.hpp"

namespace edasim::scenario {

Section::Section(const toml::table& table, std::string path, Diagnostics& diagnostics,
                 const Keys* keys)
    : table_(&table), path_(std::move(path)), diagnostics_(&diagnostics), keys_(keys) {
  diagnostics_->remember(path_, table.source());
  if (keys_ == nullptr) {
    throw std::logic_error("the scenario reader of \"" + (path_.empty() ? "the root" : path_) +
                           "\" reads a table whose keys nothing declares (sim/scenario/keys.hpp)");
  }
}

Section::Section(const toml::table& table, std::string path, Diagnostics& diagnostics,
                 const Key& map)
    : table_(&table), path_(std::move(path)), diagnostics_(&diagnostics), map_(&map) {
  diagnostics_->remember(path_, table.source());
}

void Section::undeclared(std::string_view name, const std::string& why) const {
  throw std::logic_error("the scenario reader of \"" + (path_.empty() ? "the root" : path_) +
                         "\" reads \"" + std::string(name) + "\", " + why +
                         " (declare it in the table's Keys, sim/scenario/keys.hpp)");
}

const Key* Section::declared(std::string_view name) const {
  if (map_ != nullptr) return map_->value.get();
  if (keys_ == nullptr) return nullptr;
  if (const Key* k = keys_->find(name)) return k;
  undeclared(name, "which its Keys do not declare");
}

namespace {

const char* shape_name(Shape shape) {
  switch (shape) {
    case Shape::string:
      return "a string";
    case Shape::boolean:
      return "a boolean";
    case Shape::integer:
      return "an integer";
    case Shape::number:
      return "a number";
    case Shape::duration:
      return "a duration";
    case Shape::size:
      return "a size";
    case Shape::rate:
      return "a rate";
    case Shape::distribution:
      return "a distribution";
    case Shape::table:
      return "a table";
    case Shape::tables:
      return "an array of tables";
    case Shape::named:
      return "a named table";
    case Shape::strings:
      return "an array of strings";
    case Shape::any:
      return "anything";
  }
  return "?";
}

// Whether a key declared as `k` may be read as `shape`.
bool readable_as(const Key& k, Shape shape) {
  if (k.shape == shape || k.shape == Shape::any) return true;
  switch (shape) {
    case Shape::string:
      return k.or_string || k.or_strings;
    case Shape::table:
      return k.shape == Shape::named || k.shape == Shape::distribution;
    case Shape::tables:
      return k.shape == Shape::strings || k.or_strings || k.or_numbers;
    default:
      return false;
  }
}

}  // namespace

void Section::expect(std::string_view name, Shape shape) const {
  const Key* k = declared(name);
  if (k == nullptr || readable_as(*k, shape)) return;
  undeclared(name, std::string("as ") + shape_name(shape) + ", but it is declared as " +
                       shape_name(k->shape));
}

void Section::expect(std::string_view name, Shape shape, double low, double high,
                     bool above_low) const {
  expect(name, shape);
  const Key* k = declared(name);
  if (k == nullptr || !k->bounded) return;
  const bool within =
      low >= k->low && high <= k->high && !(low == k->low && k->above_low && !above_low);
  if (!within) undeclared(name, "over a range wider than its declared " + describe_range(*k));
}

const Keys* Section::keys_of(std::string_view name) const {
  if (map_ != nullptr) return map_->keys;
  const Key* k = declared(name);
  return k == nullptr ? nullptr : k->keys;
}

std::string Section::key(std::string_view name) const {
  return child_path(path_, name);
}

const toml::node* Section::take(std::string_view name) {
  declared(name);
  pass_on(name);
  const toml::node* node = table_->get(name);
  if (node != nullptr) diagnostics_->remember(key(name), node->source());
  return node;
}

void Section::pass_on(std::string_view name) {
  if (std::find(known_.begin(), known_.end(), name) == known_.end()) known_.emplace_back(name);
}

const toml::node* Section::require(std::string_view name) {
  const toml::node* node = take(name);
  if (node == nullptr) {
    diagnostics_->report(key(name), table_->source(),
                         "missing required key \"" + std::string(name) + "\"");
  }
  return node;
}

bool Section::read(std::string_view name, std::string& out) {
  expect(name, Shape::string);
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_string(*node, key(name), *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

bool Section::read(std::string_view name, bool& out) {
  expect(name, Shape::boolean);
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_boolean(*node, key(name), *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

bool Section::read(std::string_view name, std::int64_t& out, Range<std::int64_t> range) {
  expect(name, Shape::integer, static_cast<double>(range.low), static_cast<double>(range.high),
         range.above_low);
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_integer(*node, key(name), range, *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

bool Section::read(std::string_view name, std::int32_t& out, Range<std::int64_t> range) {
  range.low = std::max<std::int64_t>(range.low, INT32_MIN);
  range.high = std::min<std::int64_t>(range.high, INT32_MAX);
  std::int64_t wide = out;
  if (!read(name, wide, range)) return false;
  out = static_cast<std::int32_t>(wide);
  return true;
}

bool Section::read(std::string_view name, std::uint64_t& out, Range<std::int64_t> range) {
  range.low = std::max<std::int64_t>(range.low, 0);
  std::int64_t wide = 0;
  if (!read(name, wide, range)) return false;
  out = static_cast<std::uint64_t>(wide);
  return true;
}

bool Section::read(std::string_view name, double& out, Range<double> range) {
  expect(name, Shape::number, range.low, range.high, range.above_low);
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_number(*node, key(name), range, *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

bool Section::read(std::string_view name, Duration& out, Range<Duration> range) {
  expect(name, Shape::duration, static_cast<double>(range.low.ns),
         static_cast<double>(range.high.ns), range.above_low);
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_duration(*node, key(name), range, *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

bool Section::read_size(std::string_view name, std::int64_t& out, Range<std::int64_t> range) {
  expect(name, Shape::size, static_cast<double>(range.low), static_cast<double>(range.high),
         range.above_low);
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = scenario::read_size(*node, key(name), range, *diagnostics_);
  if (value) out = value->n;
  return value.has_value();
}

bool Section::read(std::string_view name, Rate& out, Range<double> range) {
  expect(name, Shape::rate, range.low, range.high, range.above_low);
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_rate(*node, key(name), range, *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

std::optional<Section> section_of(const toml::node& node, const std::string& key,
                                  Diagnostics& diagnostics, const Keys* keys) {
  if (const auto* t = node.as_table()) return Section(*t, key, diagnostics, keys);
  diagnostics.report(key, node.source(), "expected a table, got " + show(node));
  return std::nullopt;
}

std::optional<Section> Section::section(std::string_view name) {
  expect(name, Shape::table);
  const toml::node* node = take(name);
  if (node == nullptr) return std::nullopt;
  const Key* k = declared(name);
  if (k != nullptr && k->shape == Shape::named) {
    if (const auto* t = node->as_table()) return Section(*t, key(name), *diagnostics_, *k);
  }
  return section_of(*node, key(name), *diagnostics_, keys_of(name));
}

const toml::array* Section::array(std::string_view name) {
  expect(name, Shape::tables);
  const toml::node* node = take(name);
  if (node == nullptr) return nullptr;
  if (const auto* a = node->as_array()) return a;
  diagnostics_->report(key(name), node->source(), "expected an array, got " + show(*node));
  return nullptr;
}

void Section::report(std::string_view name, std::string message) {
  const toml::node* node = table_->get(name);
  diagnostics_->report(key(name), node != nullptr ? node->source() : table_->source(),
                       std::move(message));
}

void Section::finish() {
  for (const auto& [k, node] : *table_) {
    const std::string_view name = k.str();
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    std::string message = "unknown key \"" + std::string(name) + "\"";
    if (const auto guess = closest(name, known_)) {
      message += "; did you mean \"" + *guess + "\"?";
    } else if (!known_.empty()) {
      message += "; expected one of:";
      for (const std::string& known : known_) message += " " + known;
    }
    diagnostics_->report(key(name), k.source(), std::move(message));
  }
}

}  // namespace edasim::scenario
