// The settings of one EventBridge-style event bus: its rules (an event
// pattern and up to 5 targets each) and its delivery behaviour.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/distribution.hpp"

namespace edasim {

struct RuleConfig {
  std::string name;
  std::string pattern;               // EventBridge event pattern, JSON text
  std::vector<std::string> targets;  // queue names, 1 .. 5
};

// A schema registry entry: the shape some events on the bus must have (see
// schema_registry.hpp).
struct SchemaConfig {
  enum class Type { string, number, boolean, null };
  enum class OnMismatch { deliver, reject, quarantine };
  std::string name;
  std::string applies_to;             // event pattern, JSON text; empty: every event
  std::vector<std::string> required;  // dotted field paths
  std::vector<std::pair<std::string, Type>> types;
  OnMismatch on_mismatch = OnMismatch::deliver;
  std::string quarantine_queue;  // for OnMismatch::quarantine
};

struct BusConfig {
  std::string name;
  std::vector<RuleConfig> rules;
  std::vector<SchemaConfig> schemas;
  // Latency from PutEvents acceptance to the SendMessage on each target.
  // AWS publishes no figure; community reports put the median near 50-100 ms.
  DurationDistribution delivery_latency{Distribution::lognormal_median(0.06, 0.5)};
  // Latency of the PutEvents call itself as the producer sees it.
  DurationDistribution api_latency{Distribution::constant(0.0)};
  std::int64_t max_entry_size = 262'144;  // bytes; larger entries are rejected
  // Quotas (services.md §2.1, us-east-1 defaults): PutEvents requests per
  // second, over which a request is throttled; target invocations per
  // second, over which deliveries are delayed, not dropped.
  Rate put_events_rate{10'000};
  Rate invocations_rate{18'750};
};

}  // namespace edasim
