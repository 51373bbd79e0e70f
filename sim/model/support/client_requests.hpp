// A client's requests to its destination, with the retries the AWS SDKs'
// standard mode makes of throttled entries (services.md §6.3): at most 3
// attempts, full-jitter exponential backoff (RetryPolicy::sdk_standard), and
// a retry quota of 500 tokens: a retry costs 5, a successful retry refunds
// its cost, a first-try success adds 1 (up to 500). Entries that run out of
// attempts or tokens are given up to the destination, which counts them.
//
// Producers and emitting consumers send through one each, so a throttled
// emission is retried exactly as a producer's send is.
//
// Promises: the same requests, answered the same way, make the same draws
// from the client's retry stream and the same retries at the same times.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/retry_policy.hpp"

namespace edasim::model {

class ClientRequests {
 public:
  // `rng`: the client's own retry stream ("producer:<name>/sdk-retry").
  ClientRequests(core::Kernel& kernel, core::RandomStream rng) : kernel_(kernel), rng_(rng) {}

  // The client's component, and the kind of its kernel events whose data
  // the client passes to retry().
  void attach(core::ComponentId client, std::uint32_t retry_kind) {
    client_ = client;
    retry_kind_ = retry_kind;
  }

  // One first attempt of `entries` (whose routes index `routes`) to
  // `destination`; the entries it throttles are retried later or given up.
  void request(Destination& destination, Sender& sender, std::span<const Outgoing> entries,
               std::span<const std::uint32_t> routes) {
    attempt(destination, sender, entries, routes, 1, UINT32_MAX);
  }
  // The retry held in `slot` (the data of the client's retry event).
  void retry(Destination& destination, Sender& sender, std::uint32_t slot);

  // Entries waiting for their next attempt.
  std::uint64_t retrying_entries() const { return retrying_entries_; }
  // Requests retried after throttling.
  std::uint64_t throttle_retries() const { return throttle_retries_; }

 private:
  // A throttled request waiting for its next attempt.
  struct Retry {
    std::vector<Outgoing> entries;
    std::vector<std::uint32_t> routes;
    std::uint32_t attempts = 0;
    Duration last_delay;
  };

  // `slot` is the retry slot holding the entries, or UINT32_MAX for a
  // first attempt.
  void attempt(Destination& destination, Sender& sender, std::span<const Outgoing> entries,
               std::span<const std::uint32_t> routes, std::uint32_t attempts, std::uint32_t slot);
  // After a request whose `failed_` entries were throttled: schedules their
  // retry in `slot` (UINT32_MAX: a new one). False when it gave up.
  bool retry_later(std::uint32_t attempts, std::uint32_t slot);

  core::Kernel& kernel_;
  core::RandomStream rng_;
  core::ComponentId client_ = 0;
  std::uint32_t retry_kind_ = 0;
  RetryPolicy policy_ = RetryPolicy::sdk_standard();
  std::int64_t tokens_ = 500;
  std::vector<Retry> retries_;
  std::vector<std::uint32_t> free_retries_;
  std::uint64_t retrying_entries_ = 0, throttle_retries_ = 0;
  std::vector<Outgoing> failed_;  // a request's throttled entries
  std::vector<std::uint32_t> failed_routes_;
};

}  // namespace edasim::model
