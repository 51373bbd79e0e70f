// The named faults of a scenario: what breaks, where, and for how long.
//
// Each fault hits one component (its `target`, a name resolved by kind) for
// the window [start, start + duration). Faults may overlap; each one is
// reported with its window.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.hpp"

namespace edasim::model {

struct FaultConfig {
  enum class Kind {
    // Instances of a fleet stop polling; what they held returns after its
    // visibility timeout; they poll again when the window ends.
    consumer_outage,
    // Instances of a fleet die at a rate or at set times, losing what they
    // held, and restart after `restart`.
    consumer_crash,
    // A downstream API slows down and/or fails more often.
    downstream_brownout,
    // A downstream API fails every call.
    downstream_outage,
    // A fraction of the events produced in the window fail every attempt on
    // the target fleet.
    poison,
    // A bus's PutEvents quota is lowered to `put_events_rate`.
    bus_throttling,
    // Deliveries to a queue as an EventBridge target fail (with probability
    // `error_probability`) with `target_error`.
    target_outage,
  };
  // How a target delivery fails (the DLQ's ERROR_CODE). EventBridge retries
  // the first three; the last two "retries cannot fix", so the event goes
  // straight to the dead-letter queue, or is dropped.
  enum class TargetError { throttling, unavailable, timeout, no_permissions, no_resource };

  std::string name;
  Kind kind = Kind::consumer_outage;
  // A fleet (consumer_*, poison), an API (downstream_*), a bus
  // (bus_throttling) or a queue that rules target (target_outage).
  std::string target;
  Duration start;
  Duration duration;
  // consumer_outage, consumer_crash: how many instances (the first ones);
  // 0 means all of them.
  std::int32_t instances = 0;
  // consumer_crash: crashes per instance-hour inside the window, and/or set
  // crash times (offsets from the run's start); a crashed instance is back
  // after `restart`.
  double rate_per_instance_hour = 0;
  std::vector<Duration> at;
  Duration restart = seconds(30);
  // downstream_brownout: latency multiplier and error probability in force;
  // target_outage: the probability that a delivery fails.
  double latency_multiplier = 1.0;
  double error_probability = 0.0;
  // target_outage: the error deliveries fail with.
  TargetError target_error = TargetError::unavailable;
  // poison: the fraction of events that fail every attempt; with a
  // `pattern`, the fraction of the events matching it (all by default).
  double fraction = 0.0;
  // poison: an EventBridge event pattern, JSON text (empty: every event).
  std::string pattern;
  // bus_throttling: the PutEvents quota in force, requests per second.
  Rate put_events_rate{1.0};

  Duration end() const { return start + duration; }
  bool covers(Duration t) const { return t >= start && t < end(); }
};

// Poison faults with a pattern, at most this many in a scenario: a message
// carries one bit per pattern (MessageKeys::poison).
inline constexpr std::size_t max_poison_patterns = 32;

const char* to_string(FaultConfig::Kind kind);
const char* to_string(FaultConfig::TargetError error);
// Whether EventBridge retries a delivery that failed with `error`.
bool retryable(FaultConfig::TargetError error);
// The component a fault hits, as reports and the call ledger name it
// ("consumer:email", "api:payments").
std::string fault_component(const FaultConfig& fault);

}  // namespace edasim::model
