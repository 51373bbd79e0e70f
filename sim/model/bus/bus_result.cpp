// The fields of a bus's result, in report.json order.
#include "sim/model/bus/bus_result.hpp"

#include "sim/model/run_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using B = BusResult;
using T = BusTargetResult;
constexpr FieldKind kText = FieldKind::text;

// Whether some rule of the run targets a bus: the bus-to-bus figures are
// written only then, so a design without bus targets reports as before.
bool links_buses(const RunResult& run) {
  for (const BusResult& b : run.buses) {
    for (const BusTargetResult& t : b.targets) {
      if (t.queue.starts_with("bus.")) return true;
    }
  }
  return false;
}
bool bus_links_present(const B&, const RunResult& run) {
  return links_buses(run);
}
bool target_links_present(const T&, const RunResult& run) {
  return links_buses(run);
}

FieldValue target_dead_letter_queue(const T& t, const RunResult&) {
  if (t.dead_letter_queue.empty()) return {};
  return t.dead_letter_queue;
}

const Field<B> kBusFields[] = {
    {.key = "put_events_entries",
     .unit = "events",
     .meaning = "PutEvents entries accepted",
     .read = member<&B::put_events_entries>},
    {.key = "matched_events",
     .unit = "events",
     .meaning = "entries that matched at least one rule (`MatchedEvents`)",
     .read = member<&B::matched_events>,
     .column = "matched"},
    {.key = "bus_events_received",
     .unit = "events",
     .meaning = "events other buses' rules delivered to this bus (bus-to-bus, billed as custom "
                "events, no PutEvents); written when some rule of the run targets a bus",
     .read = member<&B::bus_events_received>,
     .present = bus_links_present},
    {.key = "bus_hops_refused",
     .unit = "messages",
     .meaning = "copies of events received from another bus that this bus's rules would send to "
                "a bus: not delivered, EventBridge routes across one bus-to-bus hop only "
                "(`DeadLetterInvocations`); counted as dropped in `events`",
     .read = member<&B::bus_hops_refused>,
     .present = bus_links_present},
    {.key = "throttled_put_events",
     .unit = "entries",
     .meaning = "entries refused by the PutEvents quota, each attempt",
     .read = member<&B::throttled_put_events>},
    {.key = "invocations",
     .unit = "attempts",
     .meaning = "delivery attempts to targets, retries included (`Invocations`)",
     .read = member<&B::invocations>,
     .column = "invocations"},
    {.key = "delayed_invocations",
     .unit = "attempts",
     .meaning = "attempts held back by the invocations quota (`ThrottledRules`)",
     .read = member<&B::delayed_invocations>,
     .column = "delayed"},
    {.key = "retry_attempts",
     .unit = "attempts",
     .meaning = "attempts beyond a copy's first (`RetryInvocationAttempts`)",
     .read = member<&B::retry_attempts>,
     .column = "retries"},
    {.key = "failed_invocations",
     .unit = "messages",
     .meaning = "copies given up (`FailedInvocations`) = sent_to_dlq + dropped",
     .read = member<&B::failed_invocations>,
     .column = "gave up"},
    {.key = "sent_to_dlq",
     .unit = "messages",
     .meaning = "copies given up into their target's dead-letter queue (`InvocationsSentToDlq`)",
     .read = member<&B::sent_to_dlq>,
     .column = "to DLQ"},
    {.key = "dropped",
     .unit = "messages",
     .meaning = "copies given up with no target dead-letter queue",
     .read = member<&B::dropped>,
     .column = "dropped"},
};

const Field<B> kConditionFields[] = {
    {.key = "maximum_retry_attempts",
     .unit = "messages",
     .meaning = "copies given up when their retries were used up (`EXHAUSTED_RETRY_CONDITION`)",
     .read = member<&B::maximum_retry_attempts>},
    {.key = "maximum_event_age",
     .unit = "messages",
     .meaning = "copies given up when the next retry would pass the maximum event age "
                "(`EXHAUSTED_RETRY_CONDITION`)",
     .read = member<&B::maximum_event_age>},
    {.key = "not_retryable",
     .unit = "messages",
     .meaning = "copies given up at once on an error EventBridge does not retry",
     .read = member<&B::not_retryable>},
};

const Field<T> kTargetFields[] = {
    {.key = "rule",
     .kind = kText,
     .meaning = "the rule (`schema:<schema>` for a schema's quarantine queue)",
     .read = member<&T::rule>},
    {.key = "queue",
     .kind = kText,
     .meaning = "the target: a queue's name, or `PREFIX.NAME` of another kind's component "
                "(`state_machine.restock`, `topic.alerts`, `stream.clicks`)",
     .read = member<&T::queue>},
    {.key = "dead_letter_queue",
     .kind = kText,
     .meaning = "the target's dead-letter queue; null when it has none",
     .read = target_dead_letter_queue},
    {.key = "invocations",
     .unit = "attempts",
     .meaning = "delivery attempts, retries included",
     .read = member<&T::invocations>,
     .column = "invocations"},
    {.key = "delivered",
     .unit = "messages",
     .meaning = "copies the target took (a SendMessage, Publish, PutRecords or StartExecution "
                "that succeeded)",
     .read = member<&T::delivered>},
    {.key = "failed_attempts",
     .unit = "attempts",
     .meaning = "attempts that failed: a target outage, or the target's quota refused the call "
                "(StartExecution, Publish, a shard's writes)",
     .read = member<&T::failed_attempts>,
     .column = "failed attempts"},
    {.key = "retry_attempts",
     .unit = "attempts",
     .meaning = "attempts beyond a copy's first",
     .read = member<&T::retry_attempts>,
     .column = "retries"},
    {.key = "failed_invocations",
     .unit = "messages",
     .meaning = "copies given up: sent_to_dlq + dropped",
     .read = member<&T::failed_invocations>,
     .column = "gave up"},
    {.key = "sent_to_dlq",
     .unit = "messages",
     .meaning = "copies given up into the target's dead-letter queue",
     .read = member<&T::sent_to_dlq>,
     .column = "to DLQ"},
    {.key = "dropped",
     .unit = "messages",
     .meaning = "copies given up with no dead-letter queue",
     .read = member<&T::dropped>,
     .column = "dropped"},
    {.key = "hops_refused",
     .unit = "messages",
     .meaning = "a bus target: copies not delivered because their event came from another bus "
                "(one hop only); written when some rule of the run targets a bus",
     .read = member<&T::hops_refused>,
     .present = target_links_present},
};

const Field<B> kSchemaFields[] = {
    {.key = "valid",
     .unit = "entries",
     .meaning = "entries every applicable schema accepted, counted at ingest",
     .read = member<&B::schema_valid>},
    {.key = "mismatched",
     .unit = "entries",
     .meaning = "entries some schema refused (delivered anyway, rejected or quarantined)",
     .read = member<&B::schema_mismatched>},
    {.key = "rejected",
     .unit = "entries",
     .meaning = "of those, entries refused at ingest",
     .read = member<&B::schema_rejected>},
    {.key = "quarantined",
     .unit = "entries",
     .meaning = "of those, entries sent to their schema's quarantine queue",
     .read = member<&B::schema_quarantined>},
};

}  // namespace

std::span<const Field<BusResult>> bus_fields() {
  return kBusFields;
}

std::span<const Field<BusResult>> bus_condition_fields() {
  return kConditionFields;
}

std::span<const Field<BusTargetResult>> bus_target_fields() {
  return kTargetFields;
}

std::span<const Field<BusResult>> bus_schema_fields() {
  return kSchemaFields;
}

}  // namespace edasim::model
