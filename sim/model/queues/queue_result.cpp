// The fields of a queue's result, in report.json order.
#include "sim/model/queues/queue_result.hpp"

#include "sim/model/run_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using Q = QueueResult;
constexpr FieldKind kFlag = FieldKind::flag;

FieldValue sent_per_1000_events(const Q& q, const RunResult& r) {
  if (r.events.produced == 0) return {};
  return static_cast<double>(q.sent) * 1000.0 / static_cast<double>(r.events.produced);
}

FieldValue final_depth(const Q& q, const RunResult&) {
  return field_value(q.final_visible + q.final_in_flight + q.final_delayed);
}

// A dead-letter queue's depth at the end is what a design leaves to be
// dealt with by hand; a source queue's is its backlog, already in events.
bool is_dead_letter_queue(const Q& q) {
  return q.dead_letter_queue;
}

const Field<Q> kQueueFields[] = {
    {.key = "dead_letter_queue",
     .kind = kFlag,
     .meaning = "whether the queue is a dead-letter queue",
     .read = member<&Q::dead_letter_queue>},
    {.key = "sent",
     .unit = "messages",
     .meaning = "messages sent to the queue; as in CloudWatch, automatic moves into a "
                "dead-letter queue are not sends (they are the source's `moved_to_dlq`)",
     .read = member<&Q::sent>,
     .column = "sent"},
    {.key = "sent_per_1000_events",
     .kind = FieldKind::number,
     .unit = "messages",
     .meaning = "`sent` per 1,000 produced events: the share of traffic the queue sees; null "
                "when nothing was produced",
     .read = sent_per_1000_events,
     .decimals = 3,
     .column = "per 1,000 events"},
    {.key = "received",
     .unit = "messages",
     .meaning = "messages returned by receives, counting redeliveries",
     .read = member<&Q::received>,
     .column = "received"},
    {.key = "deleted",
     .unit = "messages",
     .meaning = "messages deleted",
     .read = member<&Q::deleted>,
     .column = "deleted"},
    {.key = "moved_to_dlq",
     .unit = "messages",
     .meaning = "messages moved from this queue to its dead-letter queue",
     .read = member<&Q::moved_to_dlq>,
     .column = "to DLQ"},
    {.key = "expired",
     .unit = "messages",
     .meaning = "messages deleted by retention",
     .read = member<&Q::expired>,
     .column = "expired"},
    {.key = "rejected",
     .unit = "messages",
     .meaning = "sends the queue refused because they were larger than `max_message_size` "
                "(FIFO throttling is `fifo.throttled_sends`)",
     .read = member<&Q::rejected>,
     .column = "rejected"},
    {.key = "empty_receives",
     .unit = "calls",
     .meaning = "receives that returned no message",
     .read = member<&Q::empty_receives>,
     .column = "empty receives"},
    {.key = "redriven_out",
     .unit = "messages",
     .meaning = "on a dead-letter queue: messages its redrive moved back to their sources",
     .read = member<&Q::redriven_out>},
    {.key = "redriven_in",
     .unit = "messages",
     .meaning = "messages received back from a dead-letter queue's redrive",
     .read = member<&Q::redriven_in>},
    {.key = "received_over_limit",
     .unit = "calls",
     .meaning = "short polls refused with OverLimit (too many messages in flight)",
     .read = member<&Q::received_over_limit>},
    {.key = "repushed_in",
     .unit = "messages",
     .meaning = "of `sent`, consumers' re-pushes of a message back to this queue (each also a "
                "`deleted`)",
     .read = member<&Q::repushed_in>},
    {.key = "dead_lettered_by_consumer",
     .unit = "messages",
     .meaning = "messages a consumer sent from this queue to its dead-letter queue itself (the "
                "DLQ counts them as `sent`)",
     .read = member<&Q::dead_lettered_by_consumer>},
    {.key = "max_depth",
     .unit = "messages",
     .meaning = "the most messages held at once: visible, in flight and delayed",
     .read = member<&Q::max_depth>,
     .measure = Better::lower,
     .column = "max depth"},
    {.key = "max_age_ms",
     .kind = FieldKind::duration,
     .unit = "ms",
     .meaning = "the greatest age reached by the oldest visible message",
     .read = member<&Q::max_age>,
     .decimals = 3,
     .measure = Better::lower,
     .column = "max age"},
    {.key = "final_visible",
     .unit = "messages",
     .meaning = "visible when the run ended",
     .read = member<&Q::final_visible>},
    {.key = "final_in_flight",
     .unit = "messages",
     .meaning = "in flight (received, not yet deleted) when the run ended",
     .read = member<&Q::final_in_flight>},
    {.key = "final_delayed",
     .unit = "messages",
     .meaning = "delayed when the run ended",
     .read = member<&Q::final_delayed>},
    {.key = "final_depth",
     .unit = "messages",
     .meaning = "held when the run ended: `final_visible` + `final_in_flight` + "
                "`final_delayed`; a study measure of dead-letter queues only",
     .read = final_depth,
     .measure = Better::lower,
     .column = "depth at end",
     .in_report_json = false,
     .measured = is_dead_letter_queue},
};

const Field<Q> kFifoFields[] = {
    {.key = "deduplicated",
     .unit = "messages",
     .meaning = "sends dropped as duplicates in the window (`NumberOfDeduplicatedSentMessages`)",
     .read = member<&Q::deduplicated>},
    {.key = "throttled_sends",
     .unit = "messages",
     .meaning = "messages of SendMessage[Batch] calls over the quota",
     .read = member<&Q::throttled_sends>,
     .column = "throttled"},
    {.key = "throttled_receives",
     .unit = "calls",
     .meaning = "ReceiveMessage calls over the quota",
     .read = member<&Q::throttled_receives>},
    {.key = "max_groups_in_flight",
     .unit = "groups",
     .meaning = "the most message groups with a message in flight at once "
                "(`ApproximateNumberOfGroupsWithInflightMessages`)",
     .read = member<&Q::max_groups_in_flight>},
};

}  // namespace

std::span<const Field<QueueResult>> queue_fields() {
  return kQueueFields;
}

std::span<const Field<QueueResult>> queue_fifo_fields() {
  return kFifoFields;
}

}  // namespace edasim::model
