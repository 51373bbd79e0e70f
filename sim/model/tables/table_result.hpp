// What one DynamoDB table and its stream did over a run (sim/model/tables).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "sim/model/support/result_field.hpp"

namespace edasim::model {

struct TableResult {
  std::string name;
  std::string view;                  // the stream's view type, "none" without a stream
  std::int32_t shards = 0;           // stream shards
  std::uint64_t writes = 0;          // write requests accepted (PutItem or TransactWriteItems)
  std::uint64_t rejected = 0;        // writes refused: an item over 400 KB
  std::uint64_t write_units = 0;     // write request units of the accepted writes
  std::uint64_t stream_records = 0;  // records its stream took
  std::uint64_t stream_bytes = 0;
  std::int32_t readers = 0;  // event source mappings reading the stream
};

// report.json's fields of a table, in order.
std::span<const Field<TableResult>> table_fields();

}  // namespace edasim::model
