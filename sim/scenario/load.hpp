// Loading a scenario: TOML text in, a validated SystemConfig out, or a
// ScenarioError listing every problem found.
//
// Validation covers syntax, unknown keys, types, units, the service limits of
// SQS and EventBridge, event patterns, and references between components
// (targets, consumers' queues, dead-letter queues, redrive cycles). Nothing is
// clamped: a value out of range is an error.
//
// Components come out in key order (TOML tables are maps, so producers,
// buses, queues and consumers are sorted by name); rules, events and profile
// changes keep the order the file gives them.
#pragma once

#include <filesystem>
#include <span>
#include <string_view>

#include "sim/model/system_config.hpp"
#include "sim/scenario/error.hpp"
#include "sim/scenario/override.hpp"

namespace edasim::scenario {

// Reads `file`, applies `overrides` in order, and validates the result.
// Errors are placed at "<file as given>:line:column" or at "--set KEY".
SystemConfig load(const std::filesystem::path& file, std::span<const Override> overrides = {});

// As load(), for TOML text already in memory; `source_name` is what errors
// call the text, and the default scenario name.
SystemConfig load_text(std::string_view text, std::string_view source_name,
                       std::span<const Override> overrides = {});

}  // namespace edasim::scenario
