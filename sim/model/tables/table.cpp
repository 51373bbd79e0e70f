#include "sim/model/tables/table.hpp"

#include <utility>

#include "sim/model/support/books.hpp"

namespace edasim::model {

namespace {

std::string view_name(TableConfig::View view) {
  switch (view) {
    case TableConfig::View::none:
      return "none";
    case TableConfig::View::keys_only:
      return "keys_only";
    case TableConfig::View::new_image:
      return "new_image";
    case TableConfig::View::old_image:
      return "old_image";
    case TableConfig::View::new_and_old_images:
      return "new_and_old_images";
  }
  return "?";
}

// The table's stream as a partitioned log: no write limit of its own (the
// table's capacity is the limit), no published read limit, 24 h retention.
StreamConfig stream_config(const TableConfig& t) {
  StreamConfig s;
  s.name = "table:" + t.name;
  s.kind = StreamConfig::Kind::dynamodb;
  s.partitions = t.shards;
  s.write_bytes_per_second = 0;
  s.write_records_per_second = 0;
  s.read_bytes_per_second = 0;
  s.retention = TableConfig::retention();
  s.max_retries = 0;
  s.propagation = t.propagation;
  return s;
}

}  // namespace

Table::Table(TableConfig config, const Context& context)
    : config_(std::move(config)), books_(context.books) {
  if (config_.has_stream()) {
    stream_ = std::make_unique<Stream>(stream_config(config_), context);
    stream_->attach(context.kernel.attach(*stream_));
  }
  result_.name = config_.name;
  result_.view = view_name(config_.view);
  result_.shards = config_.has_stream() ? config_.shards : 0;
}

void Table::start() {
  read_ = stream_ != nullptr && stream_->groups() > 0;
  result_.readers = stream_ != nullptr ? static_cast<std::int32_t>(stream_->groups()) : 0;
  if (read_) stream_->start();
}

bool Table::write(std::uint64_t event, Time produced, std::int64_t size, std::uint64_t key,
                  const Cause& cause) {
  if (size > TableConfig::kMaxItemBytes) {
    ++result_.rejected;
    ++books_.events.rejected_at_ingest;
    return false;
  }
  ++result_.writes;
  result_.write_units += config_.write_units(size);
  if (!config_.has_stream()) {
    // The write is where the event ends.
    ++books_.events.routed_events;
    ++books_.events.copies;
    ++books_.events.processed;
    return true;
  }
  const std::int64_t bytes = config_.record_bytes(size);
  ++result_.stream_records;
  result_.stream_bytes += static_cast<std::uint64_t>(bytes);
  if (!read_) {
    ++books_.events.routed_events;
    ++books_.events.copies;
    ++books_.events.processed;
    return true;
  }
  stream_->put(event, produced, bytes, key, cause);
  return true;
}

std::uint64_t Table::unprocessed() const {
  return read_ ? stream_->unprocessed() : 0;
}

TableResult Table::result() const {
  return result_;
}

}  // namespace edasim::model
