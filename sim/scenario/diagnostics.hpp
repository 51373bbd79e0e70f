// The problems found while loading one scenario, gathered rather than thrown
// one at a time, each placed at the file position of the offending key or
// value, or at the --set that put it there.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "sim/scenario/error.hpp"

namespace edasim::scenario {

class Diagnostics {
 public:
  // `file` is the name positions are reported against: the source path the
  // TOML text was parsed under.
  explicit Diagnostics(std::string file);

  const std::string& file() const { return file_; }
  // Values under `path` (a canonical key path) were put there by the --set
  // written as `written` ("KEY=VALUE"), which is where their problems are
  // placed.
  void note_override(std::string path, std::string written);
  // Values under `path` were copied there from `region` of the file (by a
  // design's `set`); problems with them are placed there.
  void note_placed(std::string path, const toml::source_region& region);

  // A problem with the value (or key) at `key`, whose text came from
  // `region`. Nodes that no file position describes came from an override.
  void report(const std::string& key, const toml::source_region& region, std::string message);
  // A problem found after reading, such as a dangling reference: placed where
  // `key`, or the nearest enclosing key, was read.
  void report(const std::string& key, std::string message);
  // A problem with the --set written as `written` ("KEY=VALUE") itself, about
  // the key path `key`.
  void report_override(const std::string& key, const std::string& written, std::string message);
  // A setting that loads but cannot take effect as written, placed as
  // report(key, message) places a problem.
  void warn(const std::string& key, std::string message);
  // A problem already placed (found while reading a part of the scenario on
  // its own).
  void adopt(Diagnostic problem) { found_.push_back(std::move(problem)); }
  // The same file and overrides, with nothing found yet: for reading one part
  // of a scenario on its own.
  Diagnostics fresh() const {
    Diagnostics d = *this;
    d.found_.clear();
    d.warnings_.clear();
    return d;
  }

  // Records where `key` was written, for problems found later.
  void remember(const std::string& key, const toml::source_region& region);

  bool mentions(const std::string& key) const;
  bool empty() const { return found_.empty(); }
  const std::vector<Diagnostic>& found() const { return found_; }
  const std::vector<Diagnostic>& warnings() const { return warnings_; }
  void adopt_warning(Diagnostic warning) { warnings_.push_back(std::move(warning)); }

 private:
  Diagnostic place(const std::string& key, const toml::source_region& region) const;

  std::string file_;
  struct Placed {
    std::string path;     // canonical key path
    std::string written;  // the --set as given: KEY=VALUE
  };
  std::vector<Placed> overrides_;
  std::vector<std::pair<std::string, toml::source_region>> placed_;
  std::map<std::string, toml::source_region> written_;
  std::vector<Diagnostic> found_;
  std::vector<Diagnostic> warnings_;
};

}  // namespace edasim::scenario
