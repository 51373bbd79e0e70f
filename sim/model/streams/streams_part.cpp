// The streams of a system (Kinesis or Kafka): partitioned logs that
// producers write and consumer groups read.
#include <memory>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/streams/stream.hpp"

namespace edasim::model {

namespace {

class Streams final : public Part {
 public:
  explicit Streams(Assembly& a) {
    for (const StreamConfig& sc : a.config.streams) {
      streams_.push_back(std::make_unique<Stream>(sc, a));
      streams_.back()->attach(a.kernel.attach(*streams_.back()));
      a.add(*streams_.back());
    }
  }

  void start(Time) override {
    for (auto& s : streams_) s->start();
  }
  void report(RunResult& r) override {
    for (auto& s : streams_) {
      r.events.in_flight += s->unprocessed();
      r.events.awaiting_routing += s->pending_retries();
      r.streams.push_back(s->result());
    }
  }

  // Each partition (Kinesis shard) takes at most its configured records
  // and bytes a second (Kinesis: 1,000 records/s and 1 MB/s per shard,
  // services.md §5.1; Kafka: as configured). The partition a record goes to
  // is its key's hash, so the hottest partition is the one the sampled keys
  // load most, not an even share.
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (const auto& s : streams_) {
      const StreamConfig& c = s->config();
      const bool kinesis = c.kind == StreamConfig::Kind::kinesis;
      const std::string part = kinesis ? "shard" : "partition";
      const auto check = [&](LoadMeasure measure, double limit) {
        if (limit <= 0) return;
        const ComponentLoad hot = load.hottest_partition("streams", c.name, measure);
        const bool records = measure == LoadMeasure::events;
        const double value = records ? hot.per_second.events : hot.per_second.bytes;
        const double utilisation = value / limit;
        if (!(utilisation > 0.8)) return;
        const auto text = [&](double x) {
          return records ? count_text(x) + " records/s" : bytes_text(x) + "/s";
        };
        std::string m = at_peak_text(hot.peak) + " its hottest " + part + " (" +
                        std::to_string(hot.partition) + " of " + std::to_string(s->partitions()) +
                        ") takes " + text(value);
        // Against an even split of the stream's own peak, so that a skewed key shows.
        const ComponentLoad whole = load.peak("streams", c.name, measure);
        const double even = (records ? whole.per_second.events : whole.per_second.bytes) /
                            static_cast<double>(s->partitions());
        m += " (an even split would be " + text(even) + ")";
        m += "; the write limit is " + text(limit) + " per " + part + utilisation_text(utilisation);
        m += utilisation > 1 ? ": writes over it are throttled" : ": little headroom for bursts";
        out.limits.push_back({"streams", c.name, utilisation, std::move(m)});
      };
      check(LoadMeasure::events, static_cast<double>(c.write_records_per_second));
      check(LoadMeasure::bytes, static_cast<double>(c.write_bytes_per_second));
    }
  }

 private:
  std::vector<std::unique_ptr<Stream>> streams_;
};

}  // namespace

std::unique_ptr<Part> build_streams(Assembly& a) {
  return std::make_unique<Streams>(a);
}

}  // namespace edasim::model
