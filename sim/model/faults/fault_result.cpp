// The fields of a fault's impact, in report.json order.
#include "sim/model/faults/fault_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using X = FaultImpact;
constexpr FieldKind kNumber = FieldKind::number;

FieldValue amplification(const X& x, const RunResult&) {
  if (!x.amplification) return {};
  return *x.amplification;
}

FieldValue backlog_peak_at(const X& x, const RunResult&) {
  return x.backlog_peak_at.seconds();
}

FieldValue time_to_drain(const X& x, const RunResult&) {
  if (!x.time_to_drain) return {};
  return x.time_to_drain->seconds();
}

const Field<X> kImpactFields[] = {
    {.key = "retried",
     .meaning = "the fault's own, counted where it acts, whenever they happen: processing "
                "attempts it failed (a poison event; an error a brownout or outage added to a "
                "downstream call, not the API's own errors), messages an outage or crash made "
                "its fleet abandon, target deliveries a target outage failed, entries a bus "
                "throttled while a bus throttling fault's quota was in force",
     .read = member<&X::retried>,
     .column = "retried"},
    {.key = "attempts",
     .unit = "attempts",
     .meaning = "processing attempts during the fault's window of the consumers it acts on (its "
                "target fleet, or the fleets that call its API); 0 for bus and target faults",
     .read = member<&X::attempts>},
    {.key = "processed",
     .unit = "attempts",
     .meaning = "of those, successful ones",
     .read = member<&X::processed>},
    {.key = "amplification",
     .kind = kNumber,
     .meaning = "`attempts / processed`, so at least 1; null when none succeeded or the fault "
                "acts on no consumer",
     .read = amplification,
     .decimals = 4,
     .column = "amplification"},
    {.key = "moved_to_dlq",
     .unit = "messages",
     .meaning = "messages the fault failed that were moved or sent to a DLQ (by SQS, by a "
                "consumer, or by a bus giving a delivery up); a message answers to the latest "
                "fault that failed it, whatever failures of no fault's come after",
     .read = member<&X::moved_to_dlq>,
     .column = "to DLQ"},
    {.key = "redriven",
     .unit = "messages",
     .meaning = "of those, moved back by a redrive",
     .read = member<&X::redriven>,
     .column = "redriven"},
    {.key = "recovered",
     .unit = "messages",
     .meaning = "of those, processed after the redrive",
     .read = member<&X::recovered>,
     .column = "recovered"},
    {.key = "expired",
     .unit = "messages",
     .meaning = "messages the fault failed, then deleted by retention",
     .read = member<&X::expired>,
     .column = "expired"},
    {.key = "dropped",
     .unit = "messages",
     .meaning = "deliveries the fault failed that a bus gave up with no DLQ",
     .read = member<&X::dropped>,
     .column = "dropped"},
    {.key = "failed_calls",
     .unit = "calls",
     .meaning = "synchronous chains: the calls the fault failed, retries included (an error its "
                "outage or brownout added, a timeout the call would not have hit without its "
                "brownout's slowdown, a chain's PutEvents refused under its bus throttling "
                "quota; not the API's own errors or slow calls)",
     .read = member<&X::failed_calls>,
     .column = "chain calls"},
    {.key = "failed_requests",
     .unit = "requests",
     .meaning = "the chain requests those failures failed (a required step out of attempts)",
     .read = member<&X::failed_requests>,
     .column = "chain requests"},
    {.key = "backlog_before",
     .kind = kNumber,
     .unit = "messages",
     .meaning = "the largest backlog sample in the monitoring period before the fault's start "
                "(its ordinary depth, jitter included)",
     .read = member<&X::backlog_before>,
     .decimals = 3,
     .column = "backlog before"},
    {.key = "backlog_peak",
     .kind = kNumber,
     .unit = "messages",
     .meaning = "the largest backlog sample from the start until the next fault or the end",
     .read = member<&X::backlog_peak>,
     .decimals = 3,
     .column = "backlog peak"},
    {.key = "backlog_peak_at_s",
     .kind = kNumber,
     .unit = "s",
     .meaning = "when the backlog peaked",
     .read = backlog_peak_at,
     .decimals = 3,
     .column = "peak at"},
    {.key = "time_to_drain_s",
     .kind = kNumber,
     .unit = "s",
     .meaning = "from the fault's end to the first sample with the backlog at or below "
                "`backlog_before`; null when not drained by the end",
     .read = time_to_drain,
     .decimals = 3,
     .column = "drained after end"},
};

}  // namespace

std::span<const Field<FaultImpact>> fault_impact_fields() {
  return kImpactFields;
}

}  // namespace edasim::model
