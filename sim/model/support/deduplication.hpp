// The deduplication window of a FIFO queue or topic: a send whose
// deduplication id was accepted within the last `window` (5 minutes on SQS
// and SNS FIFO, services.md §1.10, §3.5) is accepted but not delivered; the
// id stays tracked after the message is deleted, and a send after the window
// is a new message.
//
// The window is measured from the first accepted send of an id (a
// deduplicated resend does not extend it). Ids expire in the order they were
// accepted, so a ring holds them by time and an open-addressing table answers
// lookups: memory grows with the ids seen in one window, and nothing is
// allocated per send once the table has grown.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/support/ring.hpp"

namespace edasim::model {

class DeduplicationWindow {
 public:
  explicit DeduplicationWindow(Duration window) : window_(window) {}

  // True when `id` is new in the window (and is now tracked from `now`);
  // false for a duplicate.
  bool admit(std::uint64_t id, Time now);
  std::size_t tracked() const { return size_; }

 private:
  struct Slot {
    std::uint64_t id = 0;  // 0: empty
    Time accepted;
  };
  struct Entry {
    std::uint64_t id;
    Time accepted;
  };

  std::size_t find(std::uint64_t id) const;
  void insert(std::uint64_t id, Time accepted);
  void erase(std::size_t slot);
  void grow();

  Duration window_;
  std::vector<Slot> slots_;  // size zero or a power of two, at most half full
  std::size_t size_ = 0;
  Ring<Entry> by_time_;
};

}  // namespace edasim::model
