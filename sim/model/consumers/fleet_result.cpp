// The fields of a consumer fleet's result, in report.json order.
#include "sim/model/consumers/fleet_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using F = FleetResult;
constexpr FieldKind kRatio = FieldKind::ratio;

bool has_groups(const F& f) {
  return f.grouped;
}
bool carries_groups(const F& f, const RunResult&) {
  return has_groups(f);
}
bool late_measured(const F& f) {
  return f.late_after > Duration::zero();
}
bool counts_late(const F& f, const RunResult&) {
  return late_measured(f);
}

const Field<F> kFleetFields[] = {
    {.key = "queue",
     .kind = FieldKind::text,
     .meaning = "the queue the fleet reads",
     .read = member<&F::queue>,
     .column = "queue"},
    {.key = "pollers",
     .meaning = "concurrent pollers (instances x pollers per instance; the starting instances "
                "when autoscaled)",
     .read = member<&F::pollers>,
     .column = "pollers"},
    {.key = "processed",
     .unit = "attempts",
     .meaning = "successful processing attempts",
     .read = member<&F::processed>,
     .column = "processed"},
    {.key = "failed",
     .unit = "attempts",
     .meaning = "failed attempts: transient, downstream or poison",
     .read = member<&F::failed>,
     .measure = Better::lower,
     .column = "failed"},
    {.key = "failed_downstream",
     .unit = "attempts",
     .meaning = "of `failed`, the attempts a downstream call failed (an error or a rejection)",
     .read = member<&F::failed_downstream>,
     .column = "downstream"},
    {.key = "retries",
     .unit = "attempts",
     .meaning = "in-process retries: attempts beyond the first on one receive",
     .read = member<&F::retries>,
     .column = "retries"},
    {.key = "repushed",
     .unit = "messages",
     .meaning = "messages the fleet re-pushed to their queue",
     .read = member<&F::repushed>,
     .column = "re-pushed"},
    {.key = "dead_lettered",
     .unit = "messages",
     .meaning = "messages the fleet sent to the dead-letter queue itself (after `max_repushes`)",
     .read = member<&F::dead_lettered>,
     .column = "sent to DLQ"},
    {.key = "abandoned",
     .unit = "messages",
     .meaning = "messages held when an instance stopped (outage) or crashed; they return after "
                "their visibility timeout",
     .read = member<&F::abandoned>,
     .column = "abandoned"},
    {.key = "crashes",
     .meaning = "instance crashes",
     .read = member<&F::crashes>,
     .column = "crashes"},
    {.key = "discarded",
     .unit = "messages",
     .meaning = "unwanted point-to-point copies the fleet received and threw away (not in "
                "`processed`, nor in its latency)",
     .read = member<&F::discarded>},
    {.key = "duplicates_suppressed",
     .unit = "deliveries",
     .meaning = "deliveries the fleet's idempotency store deleted unprocessed",
     .read = member<&F::duplicates_suppressed>,
     .column = "suppressed"},
    {.key = "duplicates",
     .unit = "processings",
     .meaning = "present when the fleet counts duplicates (`duplicates = { window = ... }`): "
                "successful processings of an event whose identity it had already processed "
                "successfully within the window (a redelivered message, or an event made again "
                "because a component upstream processed its cause again)",
     .read = member<&F::duplicates>,
     .measure = Better::lower,
     .column = "duplicates",
     .measured = [](const F& f) { return f.counts_duplicates; },
     .present = [](const F& f, const RunResult&) { return f.counts_duplicates; }},
    {.key = "out_of_order",
     .unit = "messages",
     .meaning = "present when its messages carry a message group (a producer's "
                "`message_group_id`, on a FIFO or a standard queue): messages processed "
                "successfully for the first time after a later message of their group (later in "
                "production) already was; duplicates and messages left in a DLQ are not counted",
     .read = member<&F::out_of_order>,
     .measure = Better::lower,
     .column = "out of order",
     .measured = has_groups,
     .present = carries_groups},
    {.key = "groups",
     .meaning = "present with `out_of_order`: the message groups whose messages it processed",
     .read = member<&F::groups>,
     .column = "groups",
     .present = carries_groups},
    {.key = "late_after_ms",
     .kind = FieldKind::duration,
     .unit = "ms",
     .meaning = "present when the fleet declares `late_after`: that threshold",
     .read = member<&F::late_after>,
     .decimals = 3,
     .present = counts_late},
    {.key = "late",
     .unit = "messages",
     .meaning = "present when the fleet declares `late_after`: messages whose end-to-end latency "
                "(as `latency_ms.end_to_end`, from the root event's production) was longer than "
                "`late_after` at their first successful processing, after the warm-up",
     .read = member<&F::late>,
     .measure = Better::lower,
     .column = "late",
     .measured = late_measured,
     .present = counts_late},
    {.key = "utilization",
     .kind = kRatio,
     .unit = "fraction 0-1",
     .meaning = "busy poller time (processing) / (pollers x run time); for an autoscaled fleet, "
                "over the pollers of running instances as they change",
     .read = member<&F::utilization>,
     .decimals = 4,
     .measure = Better::lower,
     .column = "busy"},
    {.key = "utilization_with_sqs",
     .kind = kRatio,
     .unit = "fraction 0-1",
     .meaning = "as `utilization`, adding the time pollers wait for the answers of receives "
                "that brought messages (the queue's `api_latency`): the load the station "
                "really carries",
     .read = member<&F::utilization_with_sqs>,
     .decimals = 4,
     .measure = Better::lower,
     .column = "busy + SQS"},
    {.key = "instance_hours",
     .kind = FieldKind::number,
     .unit = "hours",
     .meaning = "instance time over the whole run (warm-up included), from launch (start-up "
                "included) until the scale-in that removes the instance; a fixed fleet's is "
                "instances x run time",
     .read = member<&F::instance_hours>,
     .decimals = 4,
     .measure = Better::lower,
     .column = "instance-hours"},
};

// Written when the fleet autoscales; peak_instances is a study measure of
// every fleet (a fixed fleet's peak is its size).
const Field<F> kAutoscalingFields[] = {
    {.key = "min_instances",
     .unit = "instances",
     .meaning = "the policy's lower bound",
     .read = member<&F::min_instances>,
     .column = "min"},
    {.key = "max_instances",
     .unit = "instances",
     .meaning = "the policy's upper bound",
     .read = member<&F::max_instances>,
     .column = "max"},
    {.key = "peak_instances",
     .unit = "instances",
     .meaning = "the most instances at once, running or starting",
     .read = member<&F::peak_instances>,
     .measure = Better::lower,
     .column = "peak"},
    {.key = "final_instances",
     .unit = "instances",
     .meaning = "instances running or starting when the run ended",
     .read = member<&F::final_instances>,
     .column = "final"},
    {.key = "scale_outs",
     .meaning = "changes of the desired size upwards",
     .read = member<&F::scale_outs>,
     .column = "scale-outs"},
    {.key = "scale_ins",
     .meaning = "changes of the desired size downwards",
     .read = member<&F::scale_ins>,
     .column = "scale-ins"},
};

const LatencyField<F> kFleetLatencies[] = {
    {.key = "queue_wait",
     .meaning = "time from becoming visible in the queue (sent, or back after a failure) until "
                "being received, per attempt",
     .read = [](const F& f) -> const metrics::Histogram& { return f.queue_wait; }},
    {.key = "wait_to_start",
     .meaning = "time from becoming visible in the queue until its processing starts, per "
                "delivery: the queue wait, plus the receive's latency, plus the processing of "
                "the batch's earlier messages",
     .read = [](const F& f) -> const metrics::Histogram& { return f.wait_to_start; },
     .measure = true},
    {.key = "processing",
     .meaning = "processing time, per attempt",
     .read = [](const F& f) -> const metrics::Histogram& { return f.processing; }},
    {.key = "end_to_end",
     .meaning = "time from production until successful processing by this fleet (for an "
                "emitted event, from its root's production: see `stage`)",
     .read = [](const F& f) -> const metrics::Histogram& { return f.end_to_end; },
     .measure = true},
};

}  // namespace

std::span<const Field<FleetResult>> fleet_fields() {
  return kFleetFields;
}

std::span<const Field<FleetResult>> fleet_autoscaling_fields() {
  return kAutoscalingFields;
}

std::span<const LatencyField<FleetResult>> fleet_latencies() {
  return kFleetLatencies;
}

}  // namespace edasim::model
