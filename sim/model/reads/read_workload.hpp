// A read workload: customers who query a read model after they write. For
// each root event of its producers (a write), with probability `share`, a
// query comes `after` (a sampled delay) the event's production; it reads a
// stale view when the view (a projection: a consumer fleet or a Lambda
// function) has not yet processed successfully any event that root caused.
//
// What it promises:
// - It schedules no kernel event: a query waits in a map keyed by its root
//   until the view processes an event of that root (then it is fresh when
//   the processing came at or before the query time, else stale, and how
//   far behind is recorded) or until the run ends (then it is stale and
//   never projected when its time fell within the run, and not counted
//   when it falls after the end). The map holds the queries whose root the
//   view has not processed yet: it grows with queries in flight, and with
//   the queries whose root never reaches the view (which are counted), not
//   with simulated time.
// - Its draws come from its own random stream, named after it ("reads:<name>"),
//   one uniform per write and one sample of `after` per query, so two designs
//   with the same producers see the same queries (common random numbers).
// - After a warm-up restart, a query due before the restart is not counted.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/reads/read_config.hpp"
#include "sim/model/reads/read_result.hpp"
#include "sim/model/support/context.hpp"

namespace edasim::model {

class ReadWorkload {
 public:
  ReadWorkload(ReadConfig config, const Context& context);

  const std::string& name() const { return config_.name; }
  const ReadConfig& config() const { return config_; }

  void start(Time end) { end_ = end; }
  void restart_measurements();
  // A root event `root` of one of its producers was produced at `at`.
  void written(std::uint64_t root, Time at);
  // The view processed, for the first time, an event whose root is `root`.
  void projected(std::uint64_t root, Time at);
  // Queries waiting for their root's projection.
  std::size_t pending() const { return pending_.size(); }

  // The figures so far; queries still waiting are decided as at the end.
  ReadResult result() const;

 private:
  ReadConfig config_;
  core::Kernel& kernel_;
  core::RandomStream rng_;
  Time end_ = Time::never();
  Time measure_from_;
  std::unordered_map<std::uint64_t, Time> pending_;  // root -> query time
  std::uint64_t fresh_ = 0;
  std::uint64_t stale_ = 0;
  std::uint64_t after_end_ = 0;
  metrics::Histogram behind_;
};

}  // namespace edasim::model
