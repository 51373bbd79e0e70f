// The settings of one EventBridge-style event bus: its rules (an event
// pattern and up to 5 targets each), each target's retry policy and
// dead-letter queue, and the bus's delivery behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/time.hpp"

namespace edasim::model {

// What EventBridge does when a delivery to one target fails (services.md
// §2.4): retry with exponential backoff and jitter until either limit is
// hit, then send the event to the target's dead-letter queue or drop it.
struct TargetPolicy {
  // Retries after the first attempt (MaximumRetryAttempts, 0 .. 185).
  std::int32_t max_retry_attempts = 185;
  // How long after ingestion the event may still be retried
  // (MaximumEventAgeInSeconds, 60 s .. 24 h).
  Duration max_event_age = hours(24);
  // A standard queue; without one an event that gives up is dropped.
  std::optional<std::string> dead_letter_queue;
};

// How a rule target is named in a report, a fault and a random stream: a
// queue by its name, any other kind as "PREFIX.NAME" (`table`: the scenario
// table of its kind). Defined in bus.cpp.
std::string target_reference(std::string_view table, const std::string& name);

struct RuleConfig {
  std::string name;
  std::string pattern;               // EventBridge event pattern, JSON text
  std::vector<std::string> targets;  // component names, 1 .. 5
  // policies[i] is the policy of targets[i]; targets past its end take the
  // defaults.
  std::vector<TargetPolicy> policies{};
  // tables[i] is the scenario table of the receiving kind that declares
  // targets[i] ("topics", "state_machines", ...); targets past its end are
  // queues.
  std::vector<std::string> tables{};

  TargetPolicy policy(std::size_t target) const {
    return target < policies.size() ? policies[target] : TargetPolicy{};
  }
  std::string table(std::size_t target) const {
    return target < tables.size() ? tables[target] : "queues";
  }
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
  core::DurationDistribution delivery_latency{core::Distribution::lognormal_median(0.06, 0.5)};
  // Latency of the PutEvents call itself as the producer sees it.
  core::DurationDistribution api_latency{core::Distribution::constant(0.0)};
  std::int64_t max_entry_size = 262'144;  // bytes; larger entries are rejected
  // Quotas (services.md §2.1, us-east-1 defaults): PutEvents requests per
  // second, over which a request is throttled; target invocations per
  // second, over which deliveries are delayed, not dropped.
  Rate put_events_rate{10'000};
  Rate invocations_rate{18'750};
  // The backoff between a target's retries: full jitter on an exponential
  // from `retry_base` capped at `retry_cap`. AWS publishes neither constant
  // (UNCONFIRMED); with these defaults the 185 retries take about 23.5 h on
  // average (DERIVED: 511 s of ramp-up, then 175 waits averaging 480 s), so
  // the two default limits bind at about the same time, as the documented
  // "24 hours and up to 185 times" suggests.
  Duration retry_base = seconds(1);
  Duration retry_cap = seconds(960);
};

}  // namespace edasim::model
