// Applying --set overrides to a parsed scenario tree, before it is read.
#pragma once

#include <optional>
#include <span>
#include <string>

#include <toml++/toml.h>

#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/override.hpp"

namespace edasim::scenario {

// Sets each override's value in `root`, in order, creating tables that do not
// exist yet (a key the schema does not know is reported when the tree is
// read, like any unknown key). Paths that cannot be applied, such as an
// index past the end of an array, are reported at the --set.
void apply_overrides(toml::table& root, std::span<const Override> overrides,
                     Diagnostics& diagnostics);

// Sets a copy of `value` (a node of a scenario file) at key path `path`, as
// an override would; a path that cannot be applied is reported at `key`,
// where the value was written. Returns the canonical path it was set at.
std::optional<std::string> set_value(toml::table& root, const std::string& path,
                                     const toml::node& value, const std::string& key,
                                     Diagnostics& diagnostics);

// Whether the table or array that the last key of `path` sits in exists in
// `root` (`streams.events` for `streams.events.partitions`), so that setting
// `path` changes a component the scenario has rather than making one. False
// for a path that is not a key path.
bool has_parent_of(const toml::table& root, const std::string& path);

}  // namespace edasim::scenario
