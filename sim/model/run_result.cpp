// The fields of the run's event totals, in report.json order.
#include "sim/model/run_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using E = EventTotals;

// Refused or deleted before anyone processed it, and not kept in a DLQ for
// later, whether a queue, a topic's quota, a producer's spent retries or a
// bus target's retry policy dropped it.
FieldValue lost(const E& e, const RunResult&) {
  return field_value(e.expired + e.rejected + e.rejected_at_ingest + e.throttled +
                     e.dropped_by_bus + e.abandoned);
}

// Whether some function of the run reads a stream, whose mapping can
// abandon records.
bool reads_a_stream(const E&, const RunResult& run) {
  for (const FunctionResult& f : run.functions) {
    if (f.reads_stream()) return true;
  }
  return false;
}

FieldValue balanced(const E& e, const RunResult&) {
  return e.balanced();
}

const Field<E> kEventFields[] = {
    {.key = "produced",
     .unit = "events",
     .meaning = "events the producers made",
     .read = member<&E::produced>,
     .measure = Better::higher},
    {.key = "emitted",
     .unit = "events",
     .meaning = "events consumer fleets, Lambda functions and consumer groups made while "
                "processing (`emit`), each a new event with a known parent; written when the "
                "design emits. `produced` + `emitted` = "
                "awaiting_routing + unrouted + rejected_at_ingest + throttled + failed_requests "
                "+ routed_events",
     .read = member<&E::emitted>,
     .present = [](const E&, const RunResult& run) { return run.emits; }},
    {.key = "awaiting_routing",
     .unit = "events",
     .meaning = "batched in a producer or on the way to the bus when the run ended",
     .read = member<&E::awaiting_routing>},
    {.key = "unrouted",
     .unit = "events",
     .meaning = "matched no rule, so the bus discarded them",
     .read = member<&E::unrouted>,
     .measure = Better::lower},
    {.key = "discarded",
     .unit = "messages",
     .meaning = "point-to-point copies their consumer did not want: received, processed for "
                "`discard_processing`, deleted (handled, not lost)",
     .read = member<&E::discarded>,
     .measure = Better::lower},
    {.key = "rejected_at_ingest",
     .unit = "events",
     .meaning = "refused by the bus or queue on entry (for example, too large)",
     .read = member<&E::rejected_at_ingest>},
    {.key = "throttled",
     .unit = "events",
     .meaning = "dropped after their throttled writes ran out of retries: a producer's "
                "PutEvents to a bus or Publish / PublishBatch entries to a topic, or a stream "
                "write after the stream's `max_retries`; `produced` = awaiting_routing + "
                "unrouted + rejected_at_ingest + throttled + failed_requests + routed_events",
     .read = member<&E::throttled>,
     .measure = Better::lower},
    {.key = "failed_requests",
     .unit = "requests",
     .meaning = "synchronous requests that failed (the caller got an error)",
     .read = member<&E::failed_requests>,
     .measure = Better::lower},
    {.key = "routed_events",
     .unit = "events",
     .meaning = "matched at least one target",
     .read = member<&E::routed_events>},
    {.key = "copies",
     .unit = "messages",
     .meaning = "messages created by routing and sending: one for each (event, target)",
     .read = member<&E::copies>},
    {.key = "processed",
     .unit = "messages",
     .meaning = "processed successfully and deleted (or, for a poller's change, processed)",
     .read = member<&E::processed>,
     .measure = Better::higher},
    {.key = "dlq",
     .unit = "messages",
     .meaning = "in a dead-letter queue when the run ended",
     .read = member<&E::dlq>,
     .measure = Better::lower},
    {.key = "expired",
     .unit = "messages",
     .meaning = "deleted by retention (lost)",
     .read = member<&E::expired>},
    {.key = "rejected",
     .unit = "messages",
     .meaning = "refused by a target queue (lost), including messages of throttled FIFO sends, "
                "endpoint deliveries discarded after the retry policy, and copies whose "
                "execution a bus rule started failed or timed out",
     .read = member<&E::rejected>},
    {.key = "deduplicated",
     .unit = "messages",
     .meaning = "FIFO sends (to a queue or a FIFO topic) accepted and dropped as duplicates "
                "within the deduplication window",
     .read = member<&E::deduplicated>},
    {.key = "dropped_by_bus",
     .unit = "messages",
     .meaning = "copies a bus gave up on after its target's retry policy, with no target "
                "dead-letter queue, or did not deliver to a bus target because their event came "
                "from another bus (one hop only) (lost)",
     .read = member<&E::dropped_by_bus>},
    {.key = "abandoned",
     .unit = "records",
     .meaning = "present when a function reads a stream: records its event source mapping "
                "discarded unprocessed after its retry attempts or record age ran out (lost)",
     .read = member<&E::abandoned>,
     .present = reads_a_stream},
    {.key = "in_flight",
     .unit = "messages",
     .meaning = "anywhere else in the system when the run ended (a bus delivery awaiting a "
                "retry included)",
     .read = member<&E::in_flight>,
     .measure = Better::lower},
    {.key = "duplicates_delivered",
     .unit = "deliveries",
     .meaning = "deliveries of a message that some consumer had already processed "
                "successfully (at-least-once delivery)",
     .read = member<&E::duplicates_delivered>,
     .measure = Better::lower},
    {.key = "duplicates_processed",
     .unit = "processings",
     .meaning = "successful processings of a message beyond its first: at-least-once "
                "duplicates, and messages whose visibility timeout ended while a consumer was "
                "still working on them",
     .read = member<&E::duplicates_processed>,
     .measure = Better::lower},
    {.key = "duplicates_suppressed",
     .unit = "deliveries",
     .meaning = "deliveries an idempotency store recognised and deleted unprocessed",
     .read = member<&E::duplicates_suppressed>,
     .measure = Better::higher},
    {.key = "redriven",
     .unit = "messages",
     .meaning = "moves from a dead-letter queue back to a source queue by a redrive",
     .read = member<&E::redriven>},
    {.key = "recovered_by_redrive",
     .unit = "messages",
     .meaning = "redriven messages that were then processed successfully",
     .read = member<&E::recovered_by_redrive>,
     .measure = Better::higher},
    {.key = "balanced",
     .kind = FieldKind::flag,
     .meaning = "whether both conservation equations hold",
     .read = balanced},
    {.key = "lost",
     .unit = "messages",
     .meaning = "expired + rejected + rejected_at_ingest + throttled + dropped_by_bus + "
                "abandoned: refused or deleted before anyone processed them, and not kept in a "
                "dead-letter queue",
     .read = lost,
     .measure = Better::lower,
     .in_report_json = false},
};

}  // namespace

std::span<const Field<EventTotals>> event_fields() {
  return kEventFields;
}

double BillingSnapshot::reading(std::string_view component, std::string_view quantity) const {
  for (const Meter& m : meters) {
    if (m.component == component && m.quantity == quantity) return m.value;
  }
  return 0;
}

}  // namespace edasim::model
