// The settings of one DynamoDB table as a change source: what a write to it
// costs, and the stream of item-level changes it keeps
// (shared/reference/services.md §11).
//
// Documented figures: one write request unit per KB of item (a
// transactional write two), items up to 400 KB, a stream record per
// item-level change kept 24 hours, order kept per item. Figures AWS does
// not publish (the delay from a write to its stream record, how many shards
// the table's partitions make) are parameters.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "sim/core/time.hpp"

namespace edasim::model {

struct TableConfig {
  std::string name;

  // A write is one PutItem, or a TransactWriteItems of `items` items (an
  // outbox adds its outbox item to the business item: 2).
  enum class Write { put, transaction };
  Write write = Write::put;
  std::int32_t items = 1;  // items per write, 1 .. 100 (TransactWriteItems' limit)

  // The stream (StreamViewType): what each record carries, which sets its
  // size: the key alone, one image of the item, or both.
  enum class View { none, keys_only, new_image, old_image, new_and_old_images };
  View view = View::new_and_old_images;
  // Shards the stream's records spread over by item (DynamoDB makes them
  // from the table's partitions; here a fixed number).
  std::int32_t shards = 1;
  // From the write until its record can be read (UNCONFIRMED: AWS says
  // "near-real time").
  Duration propagation = milliseconds(200);

  // Documented constants (services.md §11.1 to §11.5).
  static constexpr std::int64_t kMaxItemBytes = 400 * 1024;
  static constexpr std::int64_t kWriteUnitBytes = 1024;
  static constexpr std::int64_t kKeyRecordBytes = 100;  // a KEYS_ONLY record (DERIVED)
  static Duration retention() { return hours(24); }

  bool has_stream() const { return view != View::none; }
  // Write request units of one write of an item of `bytes`.
  std::uint64_t write_units(std::int64_t bytes) const {
    const std::int64_t per_item = (bytes + kWriteUnitBytes - 1) / kWriteUnitBytes;
    const std::int64_t units = std::max<std::int64_t>(per_item, 1) * items;
    return static_cast<std::uint64_t>(write == Write::transaction ? 2 * units : units);
  }
  // The size of the stream record a write of an item of `bytes` makes.
  std::int64_t record_bytes(std::int64_t bytes) const {
    switch (view) {
      case View::keys_only:
        return kKeyRecordBytes;
      case View::new_and_old_images:
        return 2 * bytes;
      case View::none:
      case View::new_image:
      case View::old_image:
        return bytes;
    }
    return bytes;
  }
};

}  // namespace edasim::model
