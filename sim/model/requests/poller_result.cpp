// The fields of a polling integration's result, in report.json order.
#include "sim/model/requests/poller_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using P = PollerResult;

const Field<P> kPollerFields[] = {
    {.key = "polls", .meaning = "polls made", .read = member<&P::polls>},
    {.key = "empty_polls",
     .meaning = "polls that found no change",
     .read = member<&P::empty_polls>},
    {.key = "failed_polls",
     .meaning = "polls ended by a failed list call",
     .read = member<&P::failed_polls>},
    {.key = "list_calls",
     .unit = "calls",
     .meaning = "one per poll plus one per further page",
     .read = member<&P::list_calls>},
    {.key = "changes",
     .unit = "changes",
     .meaning = "changes recorded at its source",
     .read = member<&P::changes>},
    {.key = "fetches",
     .unit = "calls",
     .meaning = "call-backs for the state of a change",
     .read = member<&P::fetches>},
    {.key = "failed_fetches",
     .unit = "calls",
     .meaning = "fetches that failed (the change waited for the next poll)",
     .read = member<&P::failed_fetches>},
    {.key = "processed",
     .unit = "changes",
     .meaning = "changes processed",
     .read = member<&P::processed>},
};

const LatencyField<P> kPollerLatencies[] = {
    {.key = "end_to_end_ms",
     .meaning = "time from production until processed; also merged into the overall latency",
     .read = [](const P& p) -> const metrics::Histogram& { return p.end_to_end; }},
};

}  // namespace

std::span<const Field<PollerResult>> poller_fields() {
  return kPollerFields;
}

std::span<const LatencyField<PollerResult>> poller_latencies() {
  return kPollerLatencies;
}

}  // namespace edasim::model
