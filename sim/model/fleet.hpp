// A consumer fleet: instances x pollers, each an independent loop over one
// queue.
//
// A poller receives a batch (long or short poll), processes its messages one
// after another, deletes those that succeeded (one DeleteMessage each, or one
// DeleteMessageBatch when the batch is done) and polls again. A failed
// message is not deleted: it comes back after its visibility timeout, or
// sooner or later by ChangeMessageVisibility, as the failure policy says.
// Poison events fail on every attempt, so only the redrive policy (or
// retention) takes them out of the queue.
//
// Every API call is counted in the books under "consumer:<name>", downstream
// calls under their scenario names.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/books.hpp"
#include "sim/model/fleet_config.hpp"
#include "sim/model/queue.hpp"

namespace edasim {

class Fleet final : public Component, public Receiver {
 public:
  Fleet(FleetConfig config, Queue& queue, std::uint64_t seed, Kernel& kernel, Books& books);

  void attach(ComponentId id) { id_ = id; }
  // Starts every poller at time zero.
  void start();

  void handle(Kernel& kernel, const Event& event) override;
  void on_receive(std::uint32_t poller, std::span<const Receipt> batch,
                  ReceiveStatus status) override;

  const FleetConfig& config() const { return config_; }
  // Forgets the latency histograms and busy time measured so far (the end
  // of a warm-up); counts of processed and failed attempts are kept.
  void restart_measurements();
  FleetResult result(Time end) const;

 private:
  enum Kind : std::uint32_t { poll, batch_arrived, message_done };

  struct Poller {
    std::array<Receipt, 10> batch{};
    std::array<bool, 10> succeeded{};
    std::uint8_t size = 0;
    std::uint8_t next = 0;
    bool busy = false;
    Time busy_since;
  };

  void issue_receive(std::uint32_t poller);
  void start_next(std::uint32_t poller);
  void finish_message(std::uint32_t poller);
  void finish_batch(std::uint32_t poller);
  bool is_poison(std::uint64_t event) const;
  // The outage in force at `t`, if any.
  const Outage* outage_at(Time t) const;
  Duration backoff(std::uint32_t receive_count);

  FleetConfig config_;
  Queue& queue_;
  Kernel& kernel_;
  Books& books_;
  ComponentId id_ = 0;
  RandomStream processing_rng_;
  RandomStream failure_rng_;
  RandomStream latency_rng_;
  std::uint64_t poison_key_;
  std::vector<Poller> pollers_;

  CounterId receive_, empty_receive_, delete_, delete_batch_, change_visibility_;
  // s3.GetObject for claim-checked payloads, registered at the first one so
  // designs without claim checks list no such kind.
  std::optional<CounterId> claim_check_get_;
  std::vector<std::pair<CounterId, std::int32_t>> downstream_;

  std::uint64_t processed_ = 0, failed_ = 0, failed_in_outage_ = 0;
  Duration busy_;
  Time measured_from_;
  Histogram queue_wait_, processing_, end_to_end_;
};

}  // namespace edasim
