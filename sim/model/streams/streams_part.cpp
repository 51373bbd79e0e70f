// The streams of a system (Kinesis or Kafka): partitioned logs that
// producers write and consumer groups read.
#include <memory>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/streams/stream.hpp"

namespace edasim {

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

 private:
  std::vector<std::unique_ptr<Stream>> streams_;
};

}  // namespace

std::unique_ptr<Part> build_streams(Assembly& a) {
  return std::make_unique<Streams>(a);
}

}  // namespace edasim
