// What one EventBridge-style bus did over a run, as CloudWatch counts it,
// with its rule targets and its schema registry (sim/model/bus).
#pragma once

#include <cstdint>
#include <string>
#include <vector>
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// What one rule target did: every delivery attempt, and how the copies that
// failed ended.
struct BusTargetResult {
  std::string rule;
  std::string queue;                     // a queue's name, or PREFIX.NAME of another kind's
  std::string dead_letter_queue;         // empty: none
  std::uint64_t invocations = 0;         // delivery attempts, retries included
  std::uint64_t delivered = 0;           // copies the target took
  std::uint64_t failed_attempts = 0;     // attempts that failed (target_outage, its quota)
  std::uint64_t retry_attempts = 0;      // attempts beyond a copy's first
  std::uint64_t failed_invocations = 0;  // copies given up: sent_to_dlq + dropped
  std::uint64_t sent_to_dlq = 0;
  std::uint64_t dropped = 0;
  // Copies of events that came from another bus, not delivered to this
  // target because it is a bus (one hop only: DeadLetterInvocations).
  std::uint64_t hops_refused = 0;
};

// One schema of a bus's registry: the entries whose first failed schema it was.
struct SchemaResult {
  std::string name;
  std::uint64_t mismatched = 0;
};

// What one bus did, as CloudWatch counts it for EventBridge.
struct BusResult {
  std::string name;
  std::uint64_t put_events_entries = 0;   // entries accepted by PutEvents
  std::uint64_t put_events_requests = 0;  // PutEvents requests the quota admitted
  // Of those, the requests admitted beyond the quota's rate over the run:
  // what its bucket's initial second let through, a one-off.
  double put_events_beyond_rate = 0;
  std::uint64_t matched_events = 0;        // entries that matched >= 1 rule
  // Events other buses' rules delivered here (bus-to-bus), ingested
  // without PutEvents, and the copies of them refused at this bus's own bus
  // targets (EventBridge routes across one hop only).
  std::uint64_t bus_events_received = 0;
  std::uint64_t bus_hops_refused = 0;
  std::uint64_t invocations = 0;           // delivery attempts to targets, retries included
  std::uint64_t failed_invocations = 0;    // copies given up (dropped or to a target DLQ)
  std::uint64_t throttled_put_events = 0;  // entries refused by the PutEvents quota (each attempt)
  std::uint64_t delayed_invocations = 0;   // deliveries held back by the invocations quota
  std::uint64_t retry_attempts = 0;        // attempts beyond a copy's first
  std::uint64_t sent_to_dlq = 0;           // copies given up into a target's DLQ
  std::uint64_t dropped = 0;               // copies given up with no target DLQ
  // Why copies were given up (the DLQ's EXHAUSTED_RETRY_CONDITION, or an
  // error EventBridge does not retry).
  std::uint64_t maximum_retry_attempts = 0;  // MaximumRetryAttempts reached
  std::uint64_t maximum_event_age = 0;       // MaximumEventAgeInSeconds reached
  std::uint64_t not_retryable = 0;           // no_permissions / no_resource
  std::vector<BusTargetResult> targets;      // rule by rule, target by target
  // Schema registry, counted at ingest: entries every applicable schema
  // accepted, and mismatches (delivered anyway, rejected, or quarantined).
  std::uint64_t schema_valid = 0;
  std::uint64_t schema_mismatched = 0;
  std::uint64_t schema_rejected = 0;
  std::uint64_t schema_quarantined = 0;
  std::vector<SchemaResult> schemas;  // in declaration order
};

// report.json's fields of a bus, in order; of its `gave_up_by_condition`
// object; of each of its `targets`; of its `schemas` object (written when
// the bus has a schema registry).
std::span<const Field<BusResult>> bus_fields();
std::span<const Field<BusResult>> bus_condition_fields();
std::span<const Field<BusTargetResult>> bus_target_fields();
std::span<const Field<BusResult>> bus_schema_fields();

}  // namespace edasim::model
