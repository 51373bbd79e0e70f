// The fields of a consumer group's result, in report.json order.
#include "sim/model/streams/consumer_group_result.hpp"

#include "sim/model/run_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using G = ConsumerGroupResult;

const Field<G> kGroupFields[] = {
    {.key = "stream",
     .kind = FieldKind::text,
     .meaning = "the stream the group reads",
     .read = member<&G::stream>,
     .column = "stream"},
    {.key = "consumers",
     .meaning = "live consumers at the end",
     .read = member<&G::consumers>,
     .column = "consumers"},
    {.key = "processed",
     .unit = "records",
     .meaning = "records processed for the first time",
     .read = member<&G::processed>,
     .column = "processed"},
    {.key = "reprocessed",
     .unit = "records",
     .meaning = "records processed again because a consumer failed before committing them "
                "(duplicates)",
     .read = member<&G::reprocessed>,
     .column = "reprocessed"},
    {.key = "expired",
     .unit = "records",
     .meaning = "records retention deleted before the group processed them",
     .read = member<&G::expired>,
     .column = "expired"},
    {.key = "fetches",
     .unit = "calls",
     .meaning = "Fetch (Kafka) or GetRecords (Kinesis) calls",
     .read = member<&G::fetches>},
    {.key = "empty_fetches",
     .unit = "calls",
     .meaning = "of those, polls that found nothing to read",
     .read = member<&G::empty_fetches>},
    {.key = "rebalances",
     .meaning = "rebalances after the group formed",
     .read = member<&G::rebalances>,
     .column = "rebalances"},
    {.key = "paused_ms",
     .kind = FieldKind::duration,
     .unit = "ms",
     .meaning = "partition-time spent paused by rebalances",
     .read = member<&G::paused>,
     .decimals = 3,
     .column = "paused"},
    {.key = "max_lag",
     .unit = "records",
     .meaning = "the largest lag sampled: records written and not yet committed",
     .read = member<&G::max_lag>,
     .column = "max lag"},
    {.key = "final_lag",
     .unit = "records",
     .meaning = "lag when the run ended",
     .read = member<&G::final_lag>,
     .column = "lag at end"},
    {.key = "max_iterator_age_ms",
     .kind = FieldKind::duration,
     .unit = "ms",
     .meaning = "the largest age of the next record to read, sampled",
     .read = member<&G::max_iterator_age>,
     .decimals = 3,
     .column = "max iterator age"},
    {.key = "emitted",
     .unit = "events",
     .meaning = "written when the design emits: the events this group's `emit` list made",
     .read = member<&G::emitted>,
     .present = [](const G&, const RunResult& run) { return run.emits; }},
};

const LatencyField<G> kGroupLatencies[] = {
    {.key = "end_to_end",
     .meaning = "time from production until the group first processed the record (for an "
                "emitted event, from its root's production)",
     .read = [](const G& g) -> const metrics::Histogram& { return g.end_to_end; }},
};

}  // namespace

std::span<const Field<ConsumerGroupResult>> consumer_group_fields() {
  return kGroupFields;
}

std::span<const LatencyField<ConsumerGroupResult>> consumer_group_latencies() {
  return kGroupLatencies;
}

}  // namespace edasim::model
