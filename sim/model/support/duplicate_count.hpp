// Counting duplicates at a processing component (a consumer fleet, a Lambda
// function): successful processings of an event whose identity
// (Cause::identity_of) the component had already processed successfully
// within `window`. An event delivered twice counts once here whatever
// brought it twice: a message redelivered by its queue, or a second event
// with the same identity that an emitter made when the event that caused it
// was processed again (a relay's retried batch, a rewritten dual write).
//
// What it promises:
// - Off (no `duplicates` table on the component), it costs one test per
//   processing and holds nothing.
// - On, it holds the identities processed within the window: memory follows
//   the component's successful processings within one window (an
//   IdempotencyStore), not the run's length. A duplicate that comes later
//   than the window after the previous processing is not counted.
#pragma once

#include <cstdint>
#include <optional>

#include "sim/core/time.hpp"
#include "sim/model/support/idempotency_store.hpp"

namespace edasim::model {

// `duplicates = { window = "1h" }` on a fleet or a function.
struct DuplicatesConfig {
  bool enabled = false;
  Duration window = hours(1);
};

class DuplicateCount {
 public:
  DuplicateCount() = default;
  explicit DuplicateCount(const DuplicatesConfig& config) {
    if (config.enabled) seen_.emplace(config.window);
  }

  bool counting() const { return seen_.has_value(); }
  // A successful processing of the event with identity `identity` at `now`;
  // true when it is a duplicate.
  bool processed(std::uint64_t identity, Time now) {
    if (!seen_) return false;
    const bool again = seen_->contains(identity, now);
    seen_->record(identity, now);
    if (again) ++count_;
    return again;
  }
  std::uint64_t count() const { return count_; }

 private:
  std::optional<IdempotencyStore> seen_;
  std::uint64_t count_ = 0;
};

}  // namespace edasim::model
