// The fields of a stream's result, in report.json order.
#include "sim/model/streams/stream_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using S = StreamResult;

const Field<S> kStreamFields[] = {
    {.key = "kind",
     .kind = FieldKind::text,
     .meaning = "`\"kafka\"` or `\"kinesis\"`",
     .read = member<&S::kind>,
     .column = "kind"},
    {.key = "partitions",
     .meaning = "partitions or shards",
     .read = member<&S::partitions>,
     .column = "partitions"},
    {.key = "brokers", .meaning = "Kafka brokers (0 for Kinesis)", .read = member<&S::brokers>},
    {.key = "records",
     .unit = "records",
     .meaning = "writes accepted",
     .read = member<&S::records>,
     .column = "records"},
    {.key = "bytes",
     .unit = "bytes",
     .meaning = "bytes accepted",
     .read = member<&S::bytes>,
     .column = "MB"},
    {.key = "throttled",
     .unit = "attempts",
     .meaning = "write attempts over a partition's per-second limit",
     .read = member<&S::throttled>,
     .column = "throttled"},
    {.key = "retried",
     .unit = "attempts",
     .meaning = "retries of throttled writes",
     .read = member<&S::retried>},
    {.key = "dropped",
     .unit = "records",
     .meaning = "records given up after `max_retries` (counted in `events.throttled`)",
     .read = member<&S::dropped>,
     .column = "dropped"},
    {.key = "put_units",
     .unit = "units",
     .meaning = "Kinesis PUT payload units (25 KB each) of the accepted records",
     .read = member<&S::put_units>},
    {.key = "peak_partition_records_per_second",
     .unit = "records",
     .meaning = "the most records one partition took in one clock second",
     .read = member<&S::peak_partition_records_per_second>,
     .column = "peak records/s per partition"},
    {.key = "peak_partition_bytes_per_second",
     .unit = "bytes",
     .meaning = "the most bytes one partition took in one clock second",
     .read = member<&S::peak_partition_bytes_per_second>,
     .column = "peak MB/s per partition"},
    {.key = "enhanced_fan_out_consumers",
     .meaning = "groups reading with enhanced fan-out",
     .read = member<&S::enhanced_fan_out_consumers>},
};

}  // namespace

std::span<const Field<StreamResult>> stream_fields() {
  return kStreamFields;
}

}  // namespace edasim::model
