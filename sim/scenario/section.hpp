// One table of a scenario as the loader reads it: every key the loader asks
// for is known, every other key present is reported as unknown (with the
// nearest known key as a suggestion), and required keys that are absent are
// reported as missing.
//
// The schema is therefore exactly what the loader reads: there is no second
// list of keys to fall out of date.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "sim/core/time.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/values.hpp"

namespace edasim::scenario {

class Section {
 public:
  Section(const toml::table& table, std::string path, Diagnostics& diagnostics);

  const std::string& path() const { return path_; }
  std::string key(std::string_view name) const;
  const toml::table& table() const { return *table_; }
  Diagnostics& diagnostics() const { return *diagnostics_; }

  // The value under `name`, now a known key; null when absent.
  const toml::node* take(std::string_view name);
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

  // Reports every key present that was never asked for.
  void finish();

 private:
  std::optional<Section> as_section(const toml::node& node, const std::string& key);

  const toml::table* table_;
  std::string path_;
  Diagnostics* diagnostics_;
  std::vector<std::string> known_;
};

// The sub-table at `node`, or nothing after reporting that it is not a table.
std::optional<Section> section_of(const toml::node& node, const std::string& key,
                                  Diagnostics& diagnostics);

}  // namespace edasim::scenario
