// What one stream (a Kafka topic or a Kinesis data stream) took in over a
// run (sim/model/streams).
#pragma once

#include <cstdint>
#include <string>
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// What one stream (a Kafka topic or a Kinesis data stream) took in.
struct StreamResult {
  std::string name;
  std::string kind;  // "kafka" or "kinesis"
  std::int32_t partitions = 0;
  std::int32_t brokers = 0;     // Kafka only
  std::uint64_t records = 0;    // writes accepted
  std::uint64_t bytes = 0;      // bytes accepted
  std::uint64_t throttled = 0;  // write attempts over a partition's limit
  std::uint64_t retried = 0;    // of those, attempts later made again
  std::uint64_t dropped = 0;    // records given up after max_retries
  std::uint64_t put_units = 0;  // Kinesis PUT payload units (25 KB each)
  std::uint64_t peak_partition_records_per_second =
      0;  // most records one partition took in one second
  std::int64_t peak_partition_bytes_per_second = 0;  // most bytes one partition took in one second
  std::int32_t enhanced_fan_out_consumers = 0;
};

// report.json's fields of a stream, in order.
std::span<const Field<StreamResult>> stream_fields();

}  // namespace edasim::model
