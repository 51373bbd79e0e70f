// The consumer groups of a system: each reads one stream's partitions.
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/streams/consumer_group.hpp"
#include "sim/model/streams/stream.hpp"

namespace edasim {

namespace {

class Groups final : public Part {
 public:
  explicit Groups(Assembly& a) {
    for (const ConsumerGroupConfig& gc : a.config.groups) {
      Stream* stream = a.find<Stream>(gc.stream);
      if (stream == nullptr)
        throw std::invalid_argument("consumer group " + gc.name + ": no such stream " + gc.stream);
      groups_.push_back(std::make_unique<ConsumerGroup>(gc, *stream, a));
      groups_.back()->attach(a.kernel.attach(*groups_.back()));
      a.add(*groups_.back());
    }
  }

  void start(Time) override {
    for (auto& g : groups_) g->start();
  }
  void restart_measurements() override {
    for (auto& g : groups_) g->restart_measurements();
  }
  void add_columns(TimeSeries& series) override {
    for (auto& g : groups_) {
      series.add_column(g->name() + ".lag");
      series.add_column(g->name() + ".iterator_age_s");
    }
  }
  void sample(std::vector<double>& row) override {
    for (auto& g : groups_) {
      g->sample();
      row.push_back(static_cast<double>(g->lag()));
      row.push_back(g->iterator_age().seconds());
    }
  }
  void report(RunResult& r) override {
    for (auto& g : groups_) {
      ConsumerGroupResult gr = g->result();
      r.end_to_end.merge(gr.end_to_end);
      r.groups.push_back(std::move(gr));
    }
  }

 private:
  std::vector<std::unique_ptr<ConsumerGroup>> groups_;
};

}  // namespace

std::unique_ptr<Part> build_consumer_groups(Assembly& a) {
  return std::make_unique<Groups>(a);
}

}  // namespace edasim
