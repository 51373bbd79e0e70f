#include "sim/scenario/diagnostics.hpp"

#include <utility>

#include "sim/scenario/key_path.hpp"

namespace edasim::scenario {

Diagnostics::Diagnostics(std::string file) : file_(std::move(file)) {}

void Diagnostics::note_override(std::string path, std::string written) {
  overrides_.push_back({std::move(path), std::move(written)});
}

void Diagnostics::note_placed(std::string path, const toml::source_region& region) {
  placed_.emplace_back(std::move(path), region);
}

Diagnostic Diagnostics::place(const std::string& key, const toml::source_region& region) const {
  const bool from_file = region.begin.line > 0 && region.path != nullptr && *region.path == file_;
  if (from_file) {
    return {file_, region.begin.line, region.begin.column, key, ""};
  }
  for (auto it = placed_.rbegin(); it != placed_.rend(); ++it) {
    if (path_within(key, it->first)) return place(key, it->second);
  }
  // The latest override wins, as it does when overrides are applied.
  for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
    if (path_within(key, it->path) || path_within(it->path, key)) {
      return {"--set " + it->written, 0, 0, key, ""};
    }
  }
  // A key missing from a table that an override created (`--set
  // consumers.x.instances=2` makes a consumer with no queue): the override
  // that made the nearest enclosing table.
  for (std::string outer = parent_path(key); !outer.empty(); outer = parent_path(outer)) {
    for (auto it = overrides_.rbegin(); it != overrides_.rend(); ++it) {
      if (path_within(it->path, outer)) return {"--set " + it->written, 0, 0, key, ""};
    }
  }
  return {file_, 0, 0, key, ""};
}

void Diagnostics::report(const std::string& key, const toml::source_region& region,
                         std::string message) {
  Diagnostic d = place(key, region);
  d.message = std::move(message);
  found_.push_back(std::move(d));
}

void Diagnostics::report(const std::string& key, std::string message) {
  // Walk outwards (`a.b[0].c` -> `a.b[0]` -> `a.b` -> `a`) to the nearest key
  // whose position is known.
  for (std::string probe = key; !probe.empty(); probe = parent_path(probe)) {
    if (const auto it = written_.find(probe); it != written_.end()) {
      report(key, it->second, std::move(message));
      return;
    }
  }
  report(key, toml::source_region{}, std::move(message));
}

void Diagnostics::warn(const std::string& key, std::string message) {
  report(key, std::move(message));
  Diagnostic w = std::move(found_.back());
  found_.pop_back();
  w.warning = true;
  warnings_.push_back(std::move(w));
}

void Diagnostics::report_override(const std::string& key, const std::string& written,
                                  std::string message) {
  found_.push_back({"--set " + written, 0, 0, key, std::move(message)});
}

void Diagnostics::remember(const std::string& key, const toml::source_region& region) {
  written_.insert_or_assign(key, region);
}

bool Diagnostics::mentions(const std::string& key) const {
  for (const Diagnostic& d : found_) {
    if (path_within(key, d.key) || path_within(d.key, key)) return true;
  }
  return false;
}

}  // namespace edasim::scenario
