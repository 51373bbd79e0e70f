// Readers for each kind of component: one scenario table in, one model config
// out, every problem reported to the section's Diagnostics.
//
// A reader fills what it can and leaves defaults where a value is unusable,
// so one pass finds every problem; the loader throws afterwards if any was
// found, so a partly read config never escapes.
#pragma once

#include <string>

#include "sim/model/system_config.hpp"
#include "sim/scenario/section.hpp"

namespace edasim::scenario {

void read_run_settings(Section& section, SystemConfig& config);
ProducerConfig read_producer(Section& section, const std::string& name);
EventTemplate read_event(Section& section);
BusConfig read_bus(Section& section, const std::string& name);
QueueConfig read_queue(Section& section, const std::string& name);
TopicConfig read_topic(Section& section, const std::string& name);
FleetConfig read_fleet(Section& section, const std::string& name);

}  // namespace edasim::scenario
