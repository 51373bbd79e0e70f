#include "sim/model/streams/stream.hpp"

#include <algorithm>
#include <utility>

#include "sim/model/support/destination.hpp"
#include "sim/model/support/offered_load.hpp"

namespace edasim::model {

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
// Kinesis bills PUT payload units of 25 KB.
constexpr std::int64_t kPutUnit = 25 * 1024;

}  // namespace

Stream::Stream(StreamConfig config, const Context& context)
    : config_(std::move(config)),
      kernel_(context.kernel),
      books_(context.books),
      partitions_(static_cast<std::size_t>(config_.partitions)),
      shared_reads_(partitions_.size()) {
  result_.name = config_.name;
  result_.kind = config_.kind == StreamConfig::Kind::kinesis ? "kinesis"
                 : config_.kind == StreamConfig::Kind::kafka ? "kafka"
                                                             : "dynamodb";
  result_.partitions = config_.partitions;
  result_.brokers = config_.kind == StreamConfig::Kind::kafka ? config_.brokers : 0;
  // A table's stream takes every write its table accepts: nothing to retry.
  if (config_.kind != StreamConfig::Kind::dynamodb)
    retry_put_ = books_.calls.counter("stream:" + config_.name, put_call());
}

std::uint32_t Stream::add_group(bool dedicated_reads) {
  const auto group = static_cast<std::uint32_t>(expired_.size());
  cursors_.resize(cursors_.size() + partitions_.size());
  expired_.push_back(0);
  dedicated_.push_back(dedicated_reads);
  dedicated_reads_.resize(dedicated_reads_.size() + partitions_.size());
  if (dedicated_reads) ++result_.enhanced_fan_out_consumers;
  return group;
}

void Stream::start() {
  // A stream nobody reads still holds its records until retention: one
  // cursor set that never moves accounts for them.
  if (expired_.empty()) {
    add_group(false);
  }
}

std::string_view Stream::put_call() const {
  return config_.kind == StreamConfig::Kind::kinesis ? "PutRecords" : "Produce";
}

std::uint64_t Stream::put_units(std::int64_t size) const {
  if (config_.kind != StreamConfig::Kind::kinesis) return 1;
  return static_cast<std::uint64_t>(std::max<std::int64_t>(1, (size + kPutUnit - 1) / kPutUnit));
}

void Stream::offer(const OfferSample& s, OfferedLoad& load) const {
  const double w = s.weight, size = static_cast<double>(s.entry.size);
  const LoadShare share{w, w * size, w / s.batch};
  load.add("streams", name(), share);
  load.add("streams", name(), share, static_cast<std::int32_t>(partition_of(s.entry.key)));
}

std::uint32_t Stream::partition_of(std::uint64_t key) const {
  return static_cast<std::uint32_t>(key % partitions_.size());
}

void Stream::put(std::uint64_t event, Time produced, std::int64_t size, std::uint64_t key,
                 const Cause& cause) {
  const std::uint32_t p = partition_of(key);
  const StreamRecord record{event, produced, Time::zero(), size, key, cause};
  if (write(p, record)) return;
  if (config_.max_retries == 0) {
    ++result_.dropped;
    ++books_.events.throttled;
    return;
  }
  retries_.push_back(Retry{kernel_.now() + config_.retry_after, record, p, 0});
  if (!retry_armed_) {
    retry_armed_ = true;
    kernel_.schedule_in(config_.retry_after, id_, retry);
  }
}

bool Stream::relay(std::uint64_t event, Time produced, std::int64_t size, std::uint64_t key,
                   const Cause& cause) {
  return write(partition_of(key), StreamRecord{event, produced, Time::zero(), size, key, cause},
               true);
}

bool Stream::write(std::uint32_t p, StreamRecord record, bool relayed) {
  const std::int64_t size = record.size;
  Partition& part = partitions_[p];
  const std::int64_t second = kernel_.now().ns / kSecond;
  if (second != part.write_second) {
    part.write_second = second;
    part.written_bytes = 0;
    part.written_records = 0;
  }
  const bool over_bytes = config_.write_bytes_per_second > 0 &&
                          part.written_bytes + size > config_.write_bytes_per_second;
  const bool over_records = config_.write_records_per_second > 0 &&
                            part.written_records + 1 > config_.write_records_per_second;
  if (over_bytes || over_records) {
    ++result_.throttled;
    return false;
  }
  part.written_bytes += size;
  ++part.written_records;
  result_.peak_partition_bytes_per_second =
      std::max(result_.peak_partition_bytes_per_second, part.written_bytes);
  result_.peak_partition_records_per_second = std::max(
      result_.peak_partition_records_per_second, static_cast<std::uint64_t>(part.written_records));
  record.appended = kernel_.now();
  part.records.push_back(record);
  ++part.end;
  ++result_.records;
  result_.bytes += static_cast<std::uint64_t>(size);
  result_.put_units += config_.kind == StreamConfig::Kind::kinesis ? put_units(size) : 0;
  if (relayed) {
    // The service's copy is handed over: the groups' copies take its place.
    books_.events.copies += expired_.size();
    --books_.events.copies;
  } else {
    ++books_.events.routed_events;
    books_.events.copies += expired_.size();
  }
  arm_expiry(p);
  return true;
}

void Stream::arm_expiry(std::uint32_t p) {
  Partition& part = partitions_[p];
  if (part.expiry_armed || part.records.empty()) return;
  part.expiry_armed = true;
  kernel_.schedule(std::max(kernel_.now(), part.records.front().appended + config_.retention), id_,
                   expire, p);
}

void Stream::expire_front(std::uint32_t p) {
  Partition& part = partitions_[p];
  const std::uint64_t offset = part.first;
  part.records.pop_front();
  ++part.first;
  for (std::size_t g = 0; g < expired_.size(); ++g) {
    StreamCursor& c = cursor(static_cast<std::uint32_t>(g), p);
    if (c.processed <= offset) {
      ++expired_[g];
      ++books_.events.expired;
      c.processed = offset + 1;
    }
    c.position = std::max(c.position, offset + 1);
    c.finished = std::max(c.finished, offset + 1);
    c.committed = std::max(c.committed, offset + 1);
  }
}

const StreamRecord& Stream::record(std::uint32_t p, std::uint64_t offset) const {
  const Partition& part = partitions_[p];
  return part.records[static_cast<std::size_t>(offset - part.first)];
}

bool Stream::holds(std::uint32_t p, std::uint64_t offset) const {
  return offset >= partitions_[p].first && offset < partitions_[p].end;
}

Stream::ReadWindow& Stream::window(std::uint32_t group, std::uint32_t p) {
  return dedicated_[group] ? dedicated_reads_[group * partitions_.size() + p] : shared_reads_[p];
}

std::int64_t Stream::read_budget(std::uint32_t group, std::uint32_t p) {
  if (config_.read_bytes_per_second <= 0) return INT64_MAX;
  ReadWindow& w = window(group, p);
  const std::int64_t second = kernel_.now().ns / kSecond;
  if (second != w.second) {
    w.second = second;
    w.bytes = 0;
  }
  return config_.read_bytes_per_second - w.bytes;
}

void Stream::consume_read(std::uint32_t group, std::uint32_t p, std::int64_t bytes) {
  if (config_.read_bytes_per_second > 0) window(group, p).bytes += bytes;
}

void Stream::release(std::uint32_t p) {
  Partition& part = partitions_[p];
  std::uint64_t keep = part.end;
  for (std::size_t g = 0; g < expired_.size(); ++g) {
    keep = std::min(keep, cursor(static_cast<std::uint32_t>(g), p).committed);
  }
  while (part.first < keep) {
    part.records.pop_front();
    ++part.first;
  }
}

std::uint64_t Stream::unprocessed() const {
  std::uint64_t n = 0;
  for (std::size_t g = 0; g < expired_.size(); ++g) {
    for (std::uint32_t p = 0; p < partitions_.size(); ++p) {
      n += partitions_[p].end - cursor(static_cast<std::uint32_t>(g), p).processed;
    }
  }
  return n;
}

void Stream::handle(core::Kernel&, const core::Event& event) {
  switch (event.kind) {
    case expire: {
      const auto p = static_cast<std::uint32_t>(event.data);
      Partition& part = partitions_[p];
      part.expiry_armed = false;
      while (!part.records.empty() &&
             part.records.front().appended + config_.retention <= kernel_.now()) {
        expire_front(p);
      }
      arm_expiry(p);
      return;
    }
    case retry: {
      retry_armed_ = false;
      std::uint64_t attempts = 0;
      const std::uint64_t units_before = admitted_put_units();
      while (!retries_.empty() && retries_.front().due <= kernel_.now()) {
        Retry r = retries_.pop_front();
        ++attempts;
        ++result_.retried;
        if (write(r.partition, r.record)) continue;
        if (++r.attempts >= config_.max_retries) {
          ++result_.dropped;
          ++books_.events.throttled;
          continue;
        }
        r.due = kernel_.now() + config_.retry_after;
        retries_.push_back(r);
      }
      // PutRecords takes up to 500 records a call.
      if (attempts > 0) {
        const std::uint64_t calls = (attempts + 499) / 500;
        books_.calls.add(retry_put_, calls,
                         config_.kind == StreamConfig::Kind::kinesis
                             ? admitted_put_units() - units_before
                             : calls);
      }
      if (!retries_.empty()) {
        retry_armed_ = true;
        kernel_.schedule(retries_.front().due, id_, retry);
      }
      return;
    }
    default:
      return;
  }
}

StreamResult Stream::result() const {
  return result_;
}

}  // namespace edasim::model
