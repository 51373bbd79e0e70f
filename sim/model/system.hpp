// A running system: every component of one design, wired to one kernel.
//
// Build it from a validated SystemConfig, run it (in one go or in slices,
// so a caller can show progress), then read the RunResult. The same config
// and seed always give the same result, whatever machine or thread runs it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/metrics/time_series.hpp"
#include "sim/model/assembly.hpp"
#include "sim/model/monitoring/monitor.hpp"
#include "sim/model/part.hpp"
#include "sim/model/run_result.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/event_sources.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/system_config.hpp"

namespace edasim::model {

class System {
 public:
  // Throws std::invalid_argument when the config refers to something that
  // does not exist (the scenario layer reports such errors with locations
  // first; this is the model's own guard).
  explicit System(const SystemConfig& config);
  ~System();
  System(const System&) = delete;
  System& operator=(const System&) = delete;

  // Runs to the end of the configured duration. `progress`, if given, is
  // called with the simulated time after each slice.
  void run(const std::function<void(Time)>& progress = {});
  // Runs to `t` (at most the end of the run), taking the billing snapshots of a
  // declared steady window ([cost]) on the way.
  void run_until(Time t);
  // Runs to `t` and restarts every latency, utilization and maximum
  // measurement there, so results describe only what follows (a steady-state
  // study's warm-up). Counts of events and calls still cover the whole run.
  void warm_up(Time t);
  Time end() const { return end_; }
  Time now() const { return kernel_.now(); }

  // The result so far, the components' measurements copied: the run may go
  // on.
  RunResult result();
  // The result after the run, the components' measurements moved out rather
  // than copied (with a thousand fleets the copies were a third of the
  // memory): nothing may be asked of the system afterwards, and a later
  // result() or hand_over() is an internal error.
  RunResult hand_over();

  // For `edasim check`: the fraction of each producer's events that some
  // rule routes, from `samples` drawn events.
  std::vector<double> routed_fraction(std::uint64_t samples);

  // Without running (for `edasim check` and the planner): the load each
  // component is offered at its producers' peak, from `samples` events per
  // producer routed as the run would route them (support/offered_load.hpp
  // says how, and what is left out: the figures are lower bounds).
  OfferedLoad offered_load(std::uint64_t samples);
  // What the components can take at that peak: every configured limit the
  // load takes above 80 % of, with its utilisation, and each fleet and
  // function reached by some load as a station (arrival rate, servers,
  // service time) for an Erlang C or M/G/c estimate.
  Capacity capacity(const OfferedLoad& load) const;

  core::Kernel& kernel() { return kernel_; }
  // The i-th component of type T (Queue, Fleet, Function, Stream,
  // ConsumerGroup, Api, ...) in declaration order, for tests that look
  // inside a running system.
  template <typename T>
  T& component(std::size_t i) {
    return *assembly_->all<T>().at(i);
  }

 private:
  enum class Handover { copy, move };
  RunResult gather(Handover how);

  class Sampler;

  SystemConfig config_;
  Time end_;
  Time measured_from_;
  BillingSnapshot billing_snapshot() const;
  BillingSnapshot steady_from_, steady_to_;
  bool steady_from_taken_ = false, steady_to_taken_ = false;
  bool handed_over_ = false;
  core::Kernel kernel_;
  MessagePool pool_;
  Books books_;
  EventSources event_sources_;
  std::unique_ptr<Assembly> assembly_;
  // One part per kind, in sim/model/kinds.cpp's order.
  std::vector<std::unique_ptr<Part>> parts_;
  std::unique_ptr<Sampler> sampler_;
  std::unique_ptr<Monitor> monitor_;
  metrics::TimeSeries series_;
};

}  // namespace edasim::model
