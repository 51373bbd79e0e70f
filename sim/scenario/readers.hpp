// Readers for each kind of component: one scenario table in, one model config
// out, every problem reported to the section's Diagnostics.
//
// A reader fills what it can and leaves defaults where a value is unusable,
// so one pass finds every problem; the loader throws afterwards if any was
// found, so a partly read config never escapes.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "sim/model/system_config.hpp"
#include "sim/scenario/section.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

// The whole tree of one design (overrides already applied) as a validated
// SystemConfig; references are checked on its topology.
model::SystemConfig read_system(const toml::table& tree, std::string_view text,
                                std::string_view source_name, Diagnostics& diagnostics);
// Parses TOML text, or throws a ScenarioError placed at the syntax error.
toml::table parse_scenario(std::string_view text, std::string_view source_name);

// Each registered kind's reader (sim/model/kinds.def), defined in
// sim/scenario/kinds/<table>.cpp beside its TopologyKind: reads the kind's table of `root` into its
// vector of `config`. Kinds read in build order, so a reader may use what the kinds before it read
// (consumer groups the streams, faults the run's duration).
#define EDASIM_KIND(table, Config, member, Result, receives) \
  void read_##table(Section& root, model::SystemConfig& config);
#include "sim/model/kinds.def"

// The declared keys of each part of the format (sim/scenario/keys.hpp),
// each beside its reader; scenario_keys() gathers them.
const Keys& run_keys();
#define EDASIM_KIND(table, Config, member, Result, receives) Key table##_key();
#include "sim/model/kinds.def"
std::vector<Key> monitoring_keys();  // [monitoring] and [[alarms]]
Key cost_key();
std::vector<Key> study_keys();  // [study], [[designs]] and [plan]
// An event template's keys, as producers and emit lists declare events.
const Keys& event_keys();
// A destination's `to`, as producers and emit entries write it.
Key destination_key();
// An `emit` list.
Key emit_key();
// A `retry` sub-table.
Key retry_key();
// A `duplicates` sub-table (a fleet's or a function's), and its reader.
Key duplicates_key();
void read_duplicates(Section& section, model::DuplicatesConfig& out);

model::EventTemplate read_event(Section& section);
// Where a sender's events go: a receiving kind's table, the component, and
// the list when several were named (ProducerConfig's and EmitConfig's).
struct Destinations {
  std::string& table;
  std::string& target;
  std::vector<std::string>& targets;
};
// `to = "PREFIX.NAME"` (or a list, for the kinds that take one) of
// `section`, required, as producers and emit lists write it.
void read_destination(Section& section, Destinations out);
// An `emit` list of `parent` (consumers, functions, groups, chain steps):
// each entry's `to`, `event`, `probability`, `when` and `delay`. A
// component whose processing never fails gives `never_fails`, the reason
// an entry with when = "failure" is an error (it would never emit). Only a
// fleet's entries may send inside an attempt (`at`: `inside_attempt`).
void read_emit(Section& parent, std::vector<model::EmitConfig>& out,
               std::string_view never_fails = {}, bool inside_attempt = false);
// The edges from `from` to every component its emit list names (`key`: the
// list's key path), so an unknown one is reported where it is named.
void connect_emit(Topology& topology, Topology::Vertex from,
                  const std::vector<model::EmitConfig>& emit, const std::string& key);
// Every event template a scenario declares, in order: each producer's, then
// each emit entry's (consumer fleets, Lambda functions, consumer groups).
void each_event_template(const model::SystemConfig& config,
                         const std::function<void(const model::EventTemplate&)>& visit);
// Whether some producer replays an archive with an event field at `path`.
bool some_archive_has(const model::SystemConfig& config, const std::string& path);
// A Map state's `items_path` names an array some maker of events declares;
// its declared count becomes the state's `items`, for estimates.
void resolve_items_paths(model::SystemConfig& config, Diagnostics& diagnostics);
// An emit entry without an `event` that takes its FIFO group from a field
// (`message_group_id`) names a field some maker of events declares.
void check_emit_groups(const model::SystemConfig& config, Diagnostics& diagnostics);
// Producers' lists of targets name declared queues or pollers, once each.
void check_point_to_point_and_polling(const model::SystemConfig& config, Diagnostics& diagnostics);
// A `retry` sub-table (backoff, jitter, base, cap, attempts) of `parent`.
void read_retry(Section& parent, model::RetryPolicy& retry);
// Every chain step's API is declared under [[apis]].
void check_chains(const model::SystemConfig& config, Diagnostics& diagnostics);
// What needs the whole config: fleets' calls name declared APIs, faults name
// a target of their kind and do not overlap one of the same kind, names are
// unique, a re-pushing fleet's queue has a dead-letter queue.
void check_apis_and_faults(const model::SystemConfig& config, Diagnostics& diagnostics);
// [monitoring] and [[alarms]], read after every component (alarm metrics and
// redrive triggers refer to them).
void read_monitoring(Section& root, model::SystemConfig& config);
// [cost], a declared typical month; read after [scenario] (runs must fit
// in a month, the steady window in the run).
void read_cost(Section& root, model::SystemConfig& config);

}  // namespace edasim::scenario
