#include "sim/scenario/section.hpp"

#include <algorithm>

#include "sim/scenario/key_path.hpp"

namespace edasim::scenario {

Section::Section(const toml::table& table, std::string path, Diagnostics& diagnostics)
    : table_(&table), path_(std::move(path)), diagnostics_(&diagnostics) {
  diagnostics_->remember(path_, table.source());
}

std::string Section::key(std::string_view name) const {
  return child_path(path_, name);
}

const toml::node* Section::take(std::string_view name) {
  if (std::find(known_.begin(), known_.end(), name) == known_.end()) known_.emplace_back(name);
  const toml::node* node = table_->get(name);
  if (node != nullptr) diagnostics_->remember(key(name), node->source());
  return node;
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
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_string(*node, key(name), *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

bool Section::read(std::string_view name, bool& out) {
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_boolean(*node, key(name), *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

bool Section::read(std::string_view name, std::int64_t& out, Range<std::int64_t> range) {
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
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_number(*node, key(name), range, *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

bool Section::read(std::string_view name, Duration& out, Range<Duration> range) {
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_duration(*node, key(name), range, *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

bool Section::read_size(std::string_view name, std::int64_t& out, Range<std::int64_t> range) {
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = scenario::read_size(*node, key(name), range, *diagnostics_);
  if (value) out = value->n;
  return value.has_value();
}

bool Section::read(std::string_view name, Rate& out, Range<double> range) {
  const toml::node* node = take(name);
  if (node == nullptr) return false;
  const auto value = read_rate(*node, key(name), range, *diagnostics_);
  if (value) out = *value;
  return value.has_value();
}

std::optional<Section> section_of(const toml::node& node, const std::string& key,
                                  Diagnostics& diagnostics) {
  if (const auto* t = node.as_table()) return Section(*t, key, diagnostics);
  diagnostics.report(key, node.source(), "expected a table, got " + show(node));
  return std::nullopt;
}

std::optional<Section> Section::section(std::string_view name) {
  const toml::node* node = take(name);
  if (node == nullptr) return std::nullopt;
  return section_of(*node, key(name), *diagnostics_);
}

const toml::array* Section::array(std::string_view name) {
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
