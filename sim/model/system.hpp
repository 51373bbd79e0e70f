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
#include "sim/model/support/books.hpp"
#include "sim/model/bus/bus.hpp"
#include "sim/model/requests/chain.hpp"
#include "sim/model/streams/consumer_group.hpp"
#include "sim/model/consumers/fleet.hpp"
#include "sim/model/functions/lambda_pollers.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/monitoring/monitor.hpp"
#include "sim/model/requests/polling.hpp"
#include "sim/model/producers/producer.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/run_result.hpp"
#include "sim/model/streams/stream.hpp"
#include "sim/model/system_config.hpp"
#include "sim/model/topics/topic.hpp"

namespace edasim {

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
  // Runs until `t` (at most the end of the run).
  // Runs to `t` (at most the end), taking the billing snapshots of a
  // declared steady window ([cost]) on the way.
  void run_until(Time t);
  // Runs to `t` and restarts every latency, utilization and maximum
  // measurement there, so results describe only what follows (a steady-state
  // study's warm-up). Counts of events and calls still cover the whole run.
  void warm_up(Time t);
  Time end() const { return end_; }
  Time now() const { return kernel_.now(); }

  RunResult result();

  // For `edasim check`: the fraction of each producer's events that some
  // rule routes, from `samples` drawn events.
  std::vector<double> routed_fraction(std::uint64_t samples);

  Kernel& kernel() { return kernel_; }
  Queue& queue(std::size_t i) { return *queues_[i]; }
  Fleet& fleet(std::size_t i) { return *fleets_[i]; }
  LambdaPollers& function(std::size_t i) { return *functions_[i]; }
  Stream& stream(std::size_t i) { return *streams_[i]; }
  ConsumerGroup& group(std::size_t i) { return *groups_[i]; }
  Api& api(std::size_t i) { return *apis_[i]; }

 private:
  class Sampler;

  // The fleet as a plain queueing station, or none and `why` not.
  std::optional<StationParameters> station(const FleetConfig& fleet, std::string& why) const;
  // Builds the pollers; gives producers their sources, or every queue they
  // send to with what each queue's consumer wants.
  void connect_point_to_point_and_polling();

  SystemConfig config_;
  Time end_;
  Time measured_from_;
  BillingSnapshot billing_snapshot() const;
  BillingSnapshot steady_from_, steady_to_;
  bool steady_from_taken_ = false, steady_to_taken_ = false;
  Kernel kernel_;
  MessagePool pool_;
  Books books_;
  std::vector<std::unique_ptr<Queue>> queues_;
  std::vector<Queue*> peers_;  // the queues by index, for redrives
  std::vector<std::unique_ptr<Bus>> buses_;
  std::vector<std::unique_ptr<Topic>> topics_;
  std::vector<std::unique_ptr<Producer>> producers_;
  std::vector<std::unique_ptr<Fleet>> fleets_;
  std::vector<std::unique_ptr<LambdaPollers>> functions_;
  std::vector<std::unique_ptr<Stream>> streams_;
  std::vector<std::unique_ptr<ConsumerGroup>> groups_;
  std::vector<std::unique_ptr<Api>> apis_;
  std::vector<std::unique_ptr<Poller>> pollers_;
  std::vector<std::unique_ptr<Chain>> chains_;
  std::unique_ptr<Sampler> sampler_;
  std::unique_ptr<Monitor> monitor_;
  TimeSeries series_;
};

}  // namespace edasim
