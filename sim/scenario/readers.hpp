// Readers for each kind of component: one scenario table in, one model config
// out, every problem reported to the section's Diagnostics.
//
// A reader fills what it can and leaves defaults where a value is unusable,
// so one pass finds every problem; the loader throws afterwards if any was
// found, so a partly read config never escapes.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "sim/model/system_config.hpp"
#include "sim/scenario/section.hpp"

namespace edasim::scenario {

// The whole tree of one design (overrides already applied) as a validated
// SystemConfig; references are checked on its topology.
SystemConfig read_system(const toml::table& tree, std::string_view text,
                         std::string_view source_name, Diagnostics& diagnostics);
// Parses TOML text, or throws a ScenarioError placed at the syntax error.
toml::table parse_scenario(std::string_view text, std::string_view source_name);
// The text of a scenario file, or a ScenarioError when it cannot be read.
std::string read_scenario_file(const std::filesystem::path& file);

void read_run_settings(Section& section, SystemConfig& config);
ProducerConfig read_producer(Section& section, const std::string& name);
EventTemplate read_event(Section& section);
BusConfig read_bus(Section& section, const std::string& name);
QueueConfig read_queue(Section& section, const std::string& name);
TopicConfig read_topic(Section& section, const std::string& name);
FleetConfig read_fleet(Section& section, const std::string& name);
// One [pollers.<name>] table: a polling integration.
PollerConfig read_poller(Section& section, const std::string& name);
// Producers' lists of targets name declared queues or pollers, once each.
void check_point_to_point_and_polling(const SystemConfig& config, Diagnostics& diagnostics);
ChainConfig read_chain(Section& section, const std::string& name);
// A `retry` sub-table (backoff, jitter, base, cap, attempts) of `parent`.
void read_retry(Section& parent, RetryPolicy& retry);
// Every chain step's API is declared under [[apis]].
void check_chains(const SystemConfig& config, Diagnostics& diagnostics);
LambdaConfig read_function(Section& section, const std::string& name);
StreamConfig read_stream(Section& section, const std::string& name);
// `streams` tells a group reading a Kinesis stream from one reading Kafka.
ConsumerGroupConfig read_consumer_group(Section& section, const std::string& name,
                                        const std::vector<StreamConfig>& streams);
// One element of the top-level [[apis]] array.
ApiConfig read_api(Section& section);
// One element of the top-level [[faults]] array; `run` is the run's
// duration (a poison fault lasts until it ends unless it says otherwise).
FaultConfig read_fault(Section& section, Duration run);
// What needs the whole config: fleets' calls name declared APIs, faults name
// a target of their kind and do not overlap one of the same kind, names are
// unique, a re-pushing fleet's queue has a dead-letter queue.
void check_apis_and_faults(const SystemConfig& config, Diagnostics& diagnostics);
// [monitoring] and [[alarms]], read after every component (alarm metrics and
// redrive triggers refer to them).
void read_monitoring(Section& root, SystemConfig& config);
// [cost], a declared typical month; read after [scenario] (runs must fit
// in a month, the steady window in the run).
void read_cost(Section& root, SystemConfig& config);

}  // namespace edasim::scenario
