// An indexed min-heap of (deadline, message): the retention clocks of the
// messages one queue holds.
//
// Only live messages are in it, and a deleted message leaves it at once
// (each message remembers its position), so it grows with the queue's
// depth, never with the number of messages the queue has seen. Ties in
// deadline break by message id, so the order is total.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/support/message.hpp"

namespace edasim::model {

class DeadlineHeap {
 public:
  static constexpr std::uint32_t absent = UINT32_MAX;

  // Each message's place in the heap is kept in its Message::deadline_slot.
  explicit DeadlineHeap(MessagePool& pool) : pool_(pool) {}

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  Time top_deadline() const { return heap_.front().deadline; }
  MessageId top() const { return heap_.front().id; }

  void push(MessageId id, Time deadline) {
    heap_.push_back({deadline, id});
    up(heap_.size() - 1);
  }

  // Takes the message out; does nothing if it is not in this heap.
  void erase(MessageId id) {
    const std::uint32_t i = pool_[id].deadline_slot;
    if (i == absent || i >= heap_.size() || heap_[i].id != id) return;
    pool_[id].deadline_slot = absent;
    const Entry last = heap_.back();
    heap_.pop_back();
    if (i == heap_.size()) return;
    place(i, last);
    down(i);
    up(pool_[last.id].deadline_slot);
  }

 private:
  struct Entry {
    Time deadline;
    MessageId id;
    bool before(const Entry& o) const {
      return deadline < o.deadline || (deadline == o.deadline && id < o.id);
    }
  };

  void place(std::size_t i, const Entry& e) {
    heap_[i] = e;
    pool_[e.id].deadline_slot = static_cast<std::uint32_t>(i);
  }
  void up(std::size_t i) {
    const Entry e = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / 2;
      if (!e.before(heap_[parent])) break;
      place(i, heap_[parent]);
      i = parent;
    }
    place(i, e);
  }
  void down(std::size_t i) {
    const Entry e = heap_[i];
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= heap_.size()) break;
      if (child + 1 < heap_.size() && heap_[child + 1].before(heap_[child])) ++child;
      if (!heap_[child].before(e)) break;
      place(i, heap_[child]);
      i = child;
    }
    place(i, e);
  }

  std::vector<Entry> heap_;
  MessagePool& pool_;
};

}  // namespace edasim::model
