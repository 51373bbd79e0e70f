// A DynamoDB table as a change source (shared/reference/services.md §11):
// writes that cost write request units, and the stream of their item-level
// changes that event source mappings read.
//
// What it promises:
// - A write of an item over 400 KB is refused (ValidationException) and
//   counted; the others cost per item one write request unit per KB
//   (rounded up), two for a transactional write.
// - With a stream, each accepted write makes one stream record (the item
//   the event is about), on the shard its key (the item) hashes to, so
//   changes to one item stay in order; a record is readable `propagation`
//   after the write and kept 24 hours. Its size follows the view type.
// - A stream no mapping reads keeps nothing: its records are counted and,
//   as AWS trims them unread, each write ends at the table (processed in
//   the event totals), as a write to a table without a stream does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "sim/model/streams/stream.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/tables/table_config.hpp"
#include "sim/model/tables/table_result.hpp"

namespace edasim::model {

class Table {
 public:
  Table(TableConfig config, const Context& context);

  const std::string& name() const { return config_.name; }
  const TableConfig& config() const { return config_; }
  // The table's stream, for a reader to register with before the run
  // starts; null when the table has none.
  Stream* stream() { return stream_.get(); }
  // Call once every reader is registered.
  void start();

  // One write of an item of `size` bytes, keyed by `key` (the item); false
  // when the table refused it.
  bool write(std::uint64_t event, Time produced, std::int64_t size, std::uint64_t key,
             const Cause& cause);
  // Write request units of everything accepted so far, for the writer's
  // billing units.
  std::uint64_t write_units() const { return result_.write_units; }
  // Stream records not yet processed by their readers.
  std::uint64_t unprocessed() const;
  TableResult result() const;

 private:
  TableConfig config_;
  Books& books_;
  std::unique_ptr<Stream> stream_;
  bool read_ = false;
  TableResult result_;
};

}  // namespace edasim::model
