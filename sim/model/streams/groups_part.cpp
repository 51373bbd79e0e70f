// The consumer groups of a system: each reads one stream's partitions and
// sends what its emit list makes as a client in its own name.
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/streams/consumer_group.hpp"
#include "sim/model/streams/stream.hpp"
#include "sim/model/support/emit_list.hpp"

namespace edasim::model {

namespace {

class Groups final : public Part {
 public:
  explicit Groups(Assembly& a) : config_(a.config) {
    const EventBases bases(a.config);
    const bool emits = design_emits(a.config);
    for (const ConsumerGroupConfig& gc : a.config.groups) {
      Stream* stream = a.find<Stream>(gc.stream);
      if (stream == nullptr)
        throw std::invalid_argument("consumer group " + gc.name + ": no such stream " + gc.stream);
      groups_.push_back(std::make_unique<ConsumerGroup>(gc, *stream, a));
      partitions_.push_back(stream->partitions());
      groups_.back()->attach(a.kernel.attach(*groups_.back()));
      a.add(*groups_.back());
      groups_.back()->emit_through(
          EmitList(a, "group:" + gc.name, "consumer group " + gc.name, gc.emit, bases));
      if (emits) groups_.back()->track_flows(bases.producers());
    }
  }

  void start(Time) override {
    for (auto& g : groups_) g->start();
  }
  void restart_measurements() override {
    for (auto& g : groups_) g->restart_measurements();
  }
  void add_columns(metrics::TimeSeries& series) override {
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
  void report(RunResult& r) override { add(r, false); }
  void hand_over(RunResult& r) override { add(r, true); }
  void add(RunResult& r, bool move) {
    for (auto& g : groups_) {
      ConsumerGroupResult gr = g->result();
      r.end_to_end.merge(gr.end_to_end);
      r.events.awaiting_routing += g->emitted_buffered();
      g->flow_ends().add_to(r, config_, "consumer_group", g->name(), move);
      r.groups.push_back(std::move(gr));
    }
  }

  // A record's processing never fails.
  void offer_emissions(const OfferedLoad& reached, OfferedLoad& load) override {
    for (auto& g : groups_) g->emit_list().offer(reached, "consumer_groups", g->name(), 0.0, load);
  }

  // Every group reads every record of its stream.
  void offer(OfferedLoad& load) const override {
    for (const auto& g : groups_) {
      load.pass("streams", g->config().stream, "consumer_groups", g->name(), 1.0);
    }
  }

  // A partition is read by one consumer at a time, which processes its
  // records one after another: it keeps up with at most 1 / mean records a
  // second, and the group with min(consumers, partitions) times that. The
  // hottest partition is the one the sampled keys load most, not an even
  // share. The worse of the two is the finding.
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (std::size_t i = 0; i < groups_.size(); ++i) {
      const ConsumerGroupConfig& c = groups_[i]->config();
      const double mean = c.processing.mean_seconds();
      if (!(mean > 0)) continue;
      const ComponentLoad hot = load.hottest_partition("streams", c.stream);
      const ComponentLoad all = load.peak("consumer_groups", c.name);
      const double partitions = partitions_[i];
      const double readers = std::min<double>(c.consumers, partitions);
      const double hot_use = hot.per_second.events * mean;
      const double all_use = readers > 0 ? all.per_second.events * mean / readers : 0;
      const double utilisation = std::max(hot_use, all_use);
      if (!(utilisation > 0.8)) continue;
      std::string m;
      double behind = 0;
      if (hot_use >= all_use) {
        m = at_peak_text(hot.peak) + " the hottest partition of stream " + c.stream + " (" +
            std::to_string(hot.partition) + " of " + count_text(partitions) + ") takes " +
            count_text(hot.per_second.events) + " records/s; its one consumer at mean " +
            seconds_text(mean) + " per record reads at most " + count_text(1 / mean) + "/s";
        behind = hot.per_second.events - 1 / mean;
      } else {
        m = at_peak_text(all.peak) + " " + count_text(all.per_second.events) +
            " records/s arrive; " + count_text(readers) + " consumers (of " +
            std::to_string(c.consumers) + ", on " + count_text(partitions) +
            " partitions) at mean " + seconds_text(mean) + " per record read at most " +
            count_text(readers / mean) + "/s";
        behind = all.per_second.events - readers / mean;
      }
      m += utilisation_text(utilisation);
      m += utilisation > 1 ? ": the lag grows by about " + count_text(behind) + "/s"
                           : ": little headroom for bursts";
      out.limits.push_back({"consumer_groups", c.name, utilisation, std::move(m)});
    }
  }

 private:
  const SystemConfig& config_;
  std::vector<std::unique_ptr<ConsumerGroup>> groups_;
  std::vector<std::uint32_t> partitions_;  // of each group's stream
};

}  // namespace

std::unique_ptr<Part> build_consumer_groups(Assembly& a) {
  return std::make_unique<Groups>(a);
}

}  // namespace edasim::model
