// The fields of a table's result, in report.json order.
#include "sim/model/tables/table_result.hpp"

#include "sim/model/run_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using T = TableResult;

const Field<T> kTableFields[] = {
    {.key = "view",
     .kind = FieldKind::text,
     .meaning = "the stream's view type (StreamViewType), or none without a stream",
     .read = member<&T::view>,
     .column = "stream view"},
    {.key = "shards",
     .unit = "shards",
     .meaning = "the shards its stream's records spread over, by item",
     .read = member<&T::shards>,
     .column = "shards"},
    {.key = "writes",
     .unit = "requests",
     .meaning = "write requests the table accepted (PutItem, or TransactWriteItems)",
     .read = member<&T::writes>,
     // Fewer writes for the same commands: a rewrite after a crash costs.
     .measure = Better::lower,
     .column = "writes"},
    {.key = "rejected",
     .unit = "requests",
     .meaning = "writes refused because the item is over 400 KB",
     .read = member<&T::rejected>,
     .measure = Better::lower},
    {.key = "write_units",
     .unit = "WRU",
     .meaning = "write request units of the accepted writes: per item, one per KB, two for a "
                "transactional write",
     .read = member<&T::write_units>,
     .measure = Better::lower,
     .column = "write units"},
    {.key = "stream_records",
     .unit = "records",
     .meaning = "records its stream took, one per item-level change",
     .read = member<&T::stream_records>,
     .column = "stream records"},
    {.key = "stream_bytes",
     .unit = "bytes",
     .meaning = "bytes of those records (the view type sets a record's size)",
     .read = member<&T::stream_bytes>},
    {.key = "readers",
     .unit = "mappings",
     .meaning = "Lambda event source mappings reading its stream",
     .read = member<&T::readers>},
};

}  // namespace

std::span<const Field<TableResult>> table_fields() {
  return kTableFields;
}

}  // namespace edasim::model
