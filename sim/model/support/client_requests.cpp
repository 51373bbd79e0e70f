#include "sim/model/support/client_requests.hpp"

#include <algorithm>
#include <utility>

namespace edasim::model {

void ClientRequests::retry(Destination& destination, Sender& sender, std::uint32_t slot) {
  Retry& r = retries_[slot];
  retrying_entries_ -= r.entries.size();
  attempt(destination, sender, r.entries, r.routes, r.attempts + 1, slot);
}

void ClientRequests::attempt(Destination& destination, Sender& sender,
                             std::span<const Outgoing> entries,
                             std::span<const std::uint32_t> routes, std::uint32_t attempts,
                             std::uint32_t slot) {
  failed_.clear();
  failed_routes_.clear();
  destination.send(Request{entries, routes, attempts, failed_, failed_routes_}, sender);
  if (failed_.empty()) {
    tokens_ = std::min<std::int64_t>(500, tokens_ + (attempts == 1 ? 1 : 5));
    if (slot != UINT32_MAX) free_retries_.push_back(slot);
    return;
  }
  const std::uint64_t failed = failed_.size();
  if (!retry_later(attempts, slot)) destination.give_up(failed);
}

bool ClientRequests::retry_later(std::uint32_t attempts, std::uint32_t slot) {
  if (attempts >= static_cast<std::uint32_t>(policy_.max_attempts) || tokens_ < 5) {
    if (slot != UINT32_MAX) free_retries_.push_back(slot);
    return false;
  }
  tokens_ -= 5;
  ++throttle_retries_;
  if (slot == UINT32_MAX) {
    if (free_retries_.empty()) {
      slot = static_cast<std::uint32_t>(retries_.size());
      retries_.emplace_back();
    } else {
      slot = free_retries_.back();
      free_retries_.pop_back();
    }
    retries_[slot].last_delay = Duration::zero();
  }
  Retry& r = retries_[slot];
  // The request's entries may be r's own (a retry): swap, never alias.
  r.entries.swap(failed_);
  r.routes.swap(failed_routes_);
  r.attempts = attempts;
  r.last_delay = policy_.delay(attempts - 1, r.last_delay, rng_);
  retrying_entries_ += r.entries.size();
  kernel_.schedule_in(r.last_delay, client_, retry_kind_, slot);
  return true;
}

}  // namespace edasim::model
