// Reading the components of one kind: a table of named components
// ([queues.<name>]) or an array of tables ([[apis]]), each entry read by the
// kind's reader into the kind's vector of SystemConfig.
//
// Promises: at most max_components entries are read (more is one error at
// the table, so a huge scenario cannot make loading slow); a name is a bare
// key of at most 80 characters (it names reports, metrics and --set paths);
// an entry that is not a table is reported and skipped.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "sim/scenario/key_path.hpp"
#include "sim/scenario/load.hpp"
#include "sim/scenario/section.hpp"

namespace edasim::scenario {

// SQS queue names: 1 to 80 letters, digits, '-' and '_'. The same rule keeps
// every component name a bare TOML key, usable unquoted in references and
// --set paths, and a scenario's name a single path segment when it names
// the reports folder.
bool valid_name(std::string_view name);

// "at most 1000 <kind>, got <count>".
std::string too_many(std::string_view kind, std::size_t count);

// Reads each entry of the table `kind` of `root` with read_one(section, name).
template <class Config, class ReadOne>
void read_named(Section& root, std::string_view kind, std::vector<Config>& out, ReadOne read_one) {
  auto section = root.section(kind);
  if (!section) return;
  if (section->table().size() > max_components) {
    root.report(kind, too_many(kind, section->table().size()));
    return;
  }
  for (const auto& [k, node] : section->table()) {
    const std::string name(k.str());
    const std::string key = section->key(name);
    section->take(name);
    if (!valid_name(name)) {
      section->diagnostics().report(
          key, k.source(), "a name is 1 to 80 letters, digits, '-' or '_', got \"" + name + "\"");
    }
    auto component = section_of(node, key, section->diagnostics(), section->keys_of(name));
    if (!component) continue;
    out.push_back(read_one(*component, name));
  }
  section->finish();
}

// Reads each table of the array of tables `kind` of `root` with
// read_one(section).
template <class Config, class ReadOne>
void read_list(Section& root, std::string_view kind, std::vector<Config>& out, ReadOne read_one) {
  const toml::array* items = root.array(kind);
  if (items == nullptr) return;
  if (items->size() > max_components) {
    root.report(kind, too_many(kind, items->size()));
    return;
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto item = section_of((*items)[i], element_path(root.key(kind), i), root.diagnostics(),
                           root.keys_of(kind));
    if (!item) continue;
    out.push_back(read_one(*item));
  }
}

// The component called `name` in `components`, or null.
template <class Config>
const Config* find_named(const std::vector<Config>& components, std::string_view name) {
  for (const Config& c : components) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace edasim::scenario
