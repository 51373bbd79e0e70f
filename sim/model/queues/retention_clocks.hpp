// The retention clocks of the messages one queue holds: which message's
// retention ends first, in the order (deadline, message id), exactly as a
// DeadlineHeap of them all would say.
//
// Almost every message enters a queue with its retention starting then (a
// send, a re-push, a redrive, a FIFO dead letter: services.md §1), and the
// retention period is the queue's, so deadlines arrive in order. Those go to
// a ring in arrival order, and leaving is O(1): the message forgets its
// place and the ring skips the stale entry when it reaches the front. Only
// a message that arrives out of order goes to the heap: a dead letter in a
// standard DLQ keeps its original enqueue time (§1), and a deadline equal to
// the ring's last with a smaller message id would break the ring's order.
//
// Promises: top() and top_deadline() are the least (deadline, id) of the
// messages held; memory stays within twice the messages held plus a
// constant (the ring is compacted when stale entries outnumber live ones).
#pragma once

#include <cstdint>
#include <utility>

#include "sim/core/time.hpp"
#include "sim/model/queues/deadline_heap.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/support/ring.hpp"

namespace edasim::model {

class RetentionClocks {
 public:
  // `queue`: the index of the queue that owns these clocks (Message::queue),
  // so that an entry left behind by a message now in another queue is stale.
  RetentionClocks(MessagePool& pool, std::uint32_t queue)
      : pool_(pool), queue_(queue), heap_(pool) {}

  bool empty() const { return in_ring_ == 0 && heap_.empty(); }
  std::size_t size() const { return in_ring_ + heap_.size(); }
  // Entries stored, stale ones included: what memory the clocks take.
  std::size_t entries() const { return ring_.size() + heap_.size(); }
  // Both need !empty().
  Time top_deadline() {
    skip_stale();
    if (in_ring_ > 0 && (heap_.empty() || ring_first_is_earliest())) return ring_.front().deadline;
    return heap_.top_deadline();
  }
  MessageId top() {
    skip_stale();
    if (in_ring_ > 0 && (heap_.empty() || ring_first_is_earliest())) return ring_.front().id;
    return heap_.top();
  }

  void push(MessageId id, Time deadline) {
    if (ring_.empty() || after_last(deadline, id)) {
      if (ring_.size() >= 64 && ring_.size() > 2 * in_ring_) compact();
      Entry e{deadline, id, next_ticket_};
      next_ticket_ = next_ticket_ == kTicketMask - 1 ? 0 : next_ticket_ + 1;
      pool_[id].deadline_slot = tag(e.ticket);
      ring_.push_back(e);
      ++in_ring_;
      return;
    }
    heap_.push(id, deadline);
  }

  // Takes the message out; does nothing if these clocks do not hold it.
  void erase(MessageId id) {
    Message& m = pool_[id];
    if (m.deadline_slot != DeadlineHeap::absent && (m.deadline_slot & kRingBit) != 0) {
      if (m.queue != queue_) return;
      m.deadline_slot = DeadlineHeap::absent;
      --in_ring_;
      return;
    }
    heap_.erase(id);
  }

 private:
  // A ring entry's ticket, kept in Message::deadline_slot with the top bit
  // set (heap places are below 2^31; all ones is DeadlineHeap::absent).
  static constexpr std::uint32_t kRingBit = 0x8000'0000u;
  static constexpr std::uint32_t kTicketMask = 0x7fff'ffffu;
  static std::uint32_t tag(std::uint32_t ticket) { return kRingBit | ticket; }

  struct Entry {
    Time deadline;
    MessageId id;
    std::uint32_t ticket;
  };

  bool live(const Entry& e) const {
    const Message& m = pool_[e.id];
    return m.queue == queue_ && m.deadline_slot == tag(e.ticket);
  }
  bool after_last(Time deadline, MessageId id) const {
    const Entry& last = ring_[ring_.size() - 1];
    return deadline > last.deadline || (deadline == last.deadline && id > last.id);
  }
  bool ring_first_is_earliest() const {
    const Entry& e = ring_.front();
    const Time h = heap_.top_deadline();
    return e.deadline < h || (e.deadline == h && e.id < heap_.top());
  }
  void skip_stale() {
    while (!ring_.empty() && !live(ring_.front())) ring_.pop_front();
  }
  void compact() {
    Ring<Entry> kept;
    for (std::size_t i = 0; i < ring_.size(); ++i) {
      if (live(ring_[i])) kept.push_back(ring_[i]);
    }
    ring_ = std::move(kept);
  }

  MessagePool& pool_;
  std::uint32_t queue_;
  DeadlineHeap heap_;
  Ring<Entry> ring_;  // (deadline, id) strictly increasing, stale entries included
  std::size_t in_ring_ = 0;
  std::uint32_t next_ticket_ = 0;
};

}  // namespace edasim::model
