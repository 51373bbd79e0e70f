// The fields of a read workload's result, in report.json order.
#include "sim/model/reads/read_result.hpp"

#include "sim/model/run_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using R = ReadResult;

const Field<R> kReadFields[] = {
    {.key = "view",
     .kind = FieldKind::text,
     .meaning = "the component whose successful processing updates the read model",
     .read = member<&R::view>,
     .column = "view"},
    {.key = "queries",
     .unit = "queries",
     .meaning = "queries made within the run (fresh + stale)",
     .read = member<&R::queries>,
     .column = "queries"},
    {.key = "fresh",
     .unit = "queries",
     .meaning = "queries made after the view had processed an event of their root",
     .read = member<&R::fresh>,
     .column = "fresh"},
    {.key = "stale",
     .unit = "queries",
     .meaning = "queries made before the view had processed any event of their root",
     .read = member<&R::stale>,
     .measure = Better::lower,
     .column = "stale"},
    {.key = "never_projected",
     .unit = "queries",
     .meaning = "of the stale queries, those whose root the view never processed in the run",
     .read = member<&R::never_projected>,
     .measure = Better::lower,
     .column = "never projected"},
    {.key = "after_end",
     .unit = "queries",
     .meaning = "queries due after the run's end, not counted",
     .read = member<&R::after_end>},
    {.key = "stale_fraction",
     .kind = FieldKind::ratio,
     .meaning = "stale / queries (0 without queries)",
     .read = [](const R& r, const RunResult&) { return field_value(r.stale_fraction()); },
     .decimals = 6,
     .measure = Better::lower,
     .column = "stale fraction"},
};

const LatencyField<R> kReadLatencies[] = {
    {.key = "behind_ms",
     .meaning = "how far behind a stale query read: from the query to the view's processing of "
                "its root's event (stale queries the view caught up with in the run)",
     .read = [](const R& r) -> const metrics::Histogram& { return r.behind; },
     .measure = true},
};

}  // namespace

std::span<const Field<ReadResult>> read_fields() {
  return kReadFields;
}

std::span<const LatencyField<ReadResult>> read_latencies() {
  return kReadLatencies;
}

}  // namespace edasim::model
