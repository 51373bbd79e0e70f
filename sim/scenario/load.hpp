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

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/system_config.hpp"
#include "sim/plan/study_config.hpp"
#include "sim/scenario/error.hpp"
#include "sim/scenario/override.hpp"

namespace edasim::scenario {

// Limits that keep loading and running bounded (docs/scenario/errors.md,
// "Limits"): a scenario file is a regular file of at most 16 MiB, a run
// lasts at most a year, and a time series holds at most a million samples
// (duration / series_period), and a scenario declares at most 1,000
// components of each kind.
inline constexpr std::size_t max_scenario_bytes = 16 * 1024 * 1024;
inline constexpr Duration max_run_duration = hours(24 * 366);
inline constexpr std::int64_t max_series_samples = 1'000'000;
// At most this many components of one kind ([queues.*], [[faults]], ...).
inline constexpr std::size_t max_components = 1'000;

// The text of a scenario file (a regular file within the size limit), or a
// ScenarioError placed at the file when it cannot be read.
std::string read_scenario_file(const std::filesystem::path& file);

// Reads `file`, applies `overrides` in order, and validates the result. A
// study's tables are an error here; a [plan] is read by load_study.
// Errors are placed at "<file as given>:line:column" or at "--set KEY=VALUE".
model::SystemConfig load(const std::filesystem::path& file,
                         std::span<const Override> overrides = {});

// As load(), for TOML text already in memory; `source_name` is what errors
// call the text, and the default scenario name.
model::SystemConfig load_text(std::string_view text, std::string_view source_name,
                              std::span<const Override> overrides = {});

// The system of a study's or a plan's scenario with `overrides` applied,
// its [study], [[designs]] and [plan] left to whoever read them: what
// `edasim plan` runs at each point it tries (its knobs are overrides).
model::SystemConfig load_variant_text(std::string_view text, std::string_view source_name,
                                      std::span<const Override> overrides);

// The system of one of a study's [[designs]], named `design`: the file with
// `overrides` applied, the design derived from it (its sections and `set`),
// and then `design_overrides` applied to the design's own scenario, where a
// design's `set` values go. What `edasim plan` runs at each point it tries
// in a design of a study (its knobs are the design overrides). A design the
// study does not have is an error at `designs`.
model::SystemConfig load_design_variant_text(std::string_view text, std::string_view source_name,
                                             std::span<const Override> overrides,
                                             std::string_view design,
                                             std::span<const Override> design_overrides);

// A study (see docs/scenario/study.md): the base scenario's
// [study] settings and each of its [[designs]], every design validated as a
// complete system. A scenario without designs is a study of one design
// named after the scenario. `overrides` apply to the file before designs are
// derived from it. Problems common to every design are reported once;
// others name the design. Settings that load but cannot take effect as
// written (a fault that starts after the run ends) are appended to
// `warnings`, when given, located like errors.
plan::StudyConfig load_study(const std::filesystem::path& file,
                             std::span<const Override> overrides = {},
                             std::vector<Diagnostic>* warnings = nullptr);
plan::StudyConfig load_study_text(std::string_view text, std::string_view source_name,
                                  std::span<const Override> overrides = {},
                                  std::vector<Diagnostic>* warnings = nullptr);

// Separate scenario files as the designs of one study, each named after its
// scenario, the first the baseline. They must declare the same producers
// (the shared workload); study settings are the defaults.
plan::StudyConfig load_designs(std::span<const std::filesystem::path> files,
                               std::span<const Override> overrides = {});

}  // namespace edasim::scenario
