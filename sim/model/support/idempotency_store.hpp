// An idempotency store: the events a consumer processed in the last
// `window`, so a later delivery of the same event inside the window is
// recognised and skipped.
//
// Entries expire in the order they were written (a FIFO of write times), and
// the lookup is an open-addressing hash table of event numbers, so memory
// follows the events processed within one window and nothing is allocated
// per event once the table has grown to that size.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/support/ring.hpp"

namespace edasim::model {

class IdempotencyStore {
 public:
  explicit IdempotencyStore(Duration window) : window_(window), slots_(16) {}

  // Whether `event` was recorded within the window before `now`.
  bool contains(std::uint64_t event, Time now) {
    expire(now);
    return find(event) != npos;
  }

  // Records that `event` was processed at `now` (again: the window restarts).
  void record(std::uint64_t event, Time now) {
    expire(now);
    std::size_t i = find(event);
    if (i == npos) {
      if ((size_ + 1) * 2 > slots_.size()) grow();
      i = insert_slot(event);
      ++size_;
    }
    slots_[i].written = now;
    order_.push_back(Written{event, now});
  }

  std::size_t size() const { return size_; }

 private:
  struct Slot {
    std::uint64_t event = 0;
    Time written;
    bool used = false;
  };
  struct Written {
    std::uint64_t event;
    Time at;
  };
  static constexpr std::size_t npos = SIZE_MAX;

  static std::uint64_t hash(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
  }
  std::size_t mask() const { return slots_.size() - 1; }

  std::size_t find(std::uint64_t event) const {
    for (std::size_t i = hash(event) & mask();; i = (i + 1) & mask()) {
      if (!slots_[i].used) return npos;
      if (slots_[i].event == event) return i;
    }
  }

  std::size_t insert_slot(std::uint64_t event) {
    std::size_t i = hash(event) & mask();
    while (slots_[i].used) i = (i + 1) & mask();
    slots_[i].used = true;
    slots_[i].event = event;
    return i;
  }

  // Removes slot i, shifting later entries of its probe run back (no
  // tombstones).
  void erase(std::size_t i) {
    slots_[i].used = false;
    for (std::size_t j = (i + 1) & mask(); slots_[j].used; j = (j + 1) & mask()) {
      const std::size_t home = hash(slots_[j].event) & mask();
      // Move j into the hole when its home is not in (i, j] cyclically.
      const bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (stays) continue;
      slots_[i] = slots_[j];
      slots_[j].used = false;
      i = j;
    }
  }

  void expire(Time now) {
    while (!order_.empty() && now - order_.front().at >= window_) {
      const Written w = order_.pop_front();
      const std::size_t i = find(w.event);
      // A later write of the same event keeps it.
      if (i != npos && slots_[i].written == w.at) {
        erase(i);
        --size_;
      }
    }
  }

  void grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    for (const Slot& s : old) {
      if (!s.used) continue;
      slots_[insert_slot(s.event)].written = s.written;
    }
  }

  Duration window_;
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  Ring<Written> order_;
};

}  // namespace edasim::model
