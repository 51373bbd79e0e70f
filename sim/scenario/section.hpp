// One table of a scenario as the loader reads it: every key the loader asks
// for is known, every other key present is reported as unknown (with the
// nearest known key as a suggestion), and required keys that are absent are
// reported as missing.
//
// Given the table's declared Keys (sim/scenario/keys.hpp), a section also
// holds its reader to them: reading a key they do not declare, as another
// shape, or over a wider range is an internal error (std::logic_error), so
// the declaration, which `edasim schema` publishes, is what the reader reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "sim/core/time.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/keys.hpp"
#include "sim/scenario/values.hpp"

namespace edasim::scenario {

class Section {
 public:
  // `keys`: what the table may hold. Every table a reader reads declares
  // its keys; null is an internal error.
  Section(const toml::table& table, std::string path, Diagnostics& diagnostics, const Keys* keys);

  const std::string& path() const { return path_; }
  std::string key(std::string_view name) const;
  const toml::table& table() const { return *table_; }
  Diagnostics& diagnostics() const { return *diagnostics_; }

  // The value under `name`, now a known key; null when absent.
  const toml::node* take(std::string_view name);
  // Marks `name` as known without reading it, for a key this table hands
  // to another reader whole (a design's sections), which checks it.
  void pass_on(std::string_view name);
  // As take(), reporting the key as missing when absent.
  const toml::node* require(std::string_view name);
  bool has(std::string_view name) const { return table_->contains(name); }

  // Each read() leaves `out` unchanged (its default) when the key is absent
  // or its value is unusable, and returns whether it assigned.
  bool read(std::string_view name, std::string& out);
  bool read(std::string_view name, bool& out);
  bool read(std::string_view name, std::int32_t& out, Range<std::int64_t> range);
  bool read(std::string_view name, std::int64_t& out, Range<std::int64_t> range);
  bool read(std::string_view name, std::uint64_t& out, Range<std::int64_t> range);
  bool read(std::string_view name, double& out, Range<double> range);
  bool read(std::string_view name, Duration& out, Range<Duration> range);
  bool read_size(std::string_view name, std::int64_t& out, Range<std::int64_t> range);
  bool read(std::string_view name, Rate& out, Range<double> range);

  // A sub-table; reports a value of another type.
  std::optional<Section> section(std::string_view name);
  // An array; reports a value of another type.
  const toml::array* array(std::string_view name);

  void report(std::string_view name, std::string message);

  // The declared keys of the table under `name` (of each table of the array,
  // of each entry of a named table); null when none are declared.
  const Keys* keys_of(std::string_view name) const;

  // Reports every key present that was never asked for.
  void finish();

 private:
  // The declaration of `name`, checked to be readable as `shape` (and, for
  // quantities, over `range`, a range in the key's own unit); null when this
  // table declares nothing.
  const Key* declared(std::string_view name) const;
  void expect(std::string_view name, Shape shape) const;
  void expect(std::string_view name, Shape shape, double low, double high, bool above_low) const;
  [[noreturn]] void undeclared(std::string_view name, const std::string& why) const;

  // A named table: its keys are names, its entries shaped as `map` says.
  Section(const toml::table& table, std::string path, Diagnostics& diagnostics, const Key& map);

  const toml::table* table_;
  std::string path_;
  Diagnostics* diagnostics_;
  const Keys* keys_ = nullptr;
  // Set when this table is a named table: its entries are shaped as it says.
  const Key* map_ = nullptr;
  std::vector<std::string> known_;
};

// The sub-table at `node`, or nothing after reporting that it is not a table.
// `keys`: what it may hold, as Section::keys_of() tells.
std::optional<Section> section_of(const toml::node& node, const std::string& key,
                                  Diagnostics& diagnostics, const Keys* keys);

}  // namespace edasim::scenario
