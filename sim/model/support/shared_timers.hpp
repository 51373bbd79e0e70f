// Many timers of one component behind one kernel event: a queue's
// visibility timeouts, its long polls' waits.
//
// Most such timers are taken back before they fire (a message deleted well
// within its visibility timeout, a long poll answered by a message), and a
// kernel event per timer would fire as a no-op for each of them. Here a
// timer is an entry (deadline, place, handle): taking one back costs
// nothing (the owner's state says the handle's timer no longer stands, and
// the entry is skipped when it reaches the front), and the owner keeps one
// kernel event, for the earliest entry, at that entry's place in the
// scheduling order (`Armed`, Kernel::schedule_placed). So every timer fires
// exactly where an event of its own, scheduled when it started, would have
// fired: nothing moves but the count of kernel events.
//
// Promises: entries come out in (deadline, place) order; memory stays
// within twice the timers standing plus a constant, when the owner calls
// compact_if() with that count.
//
// Timers started with the same delay arrive in deadline order and go to a
// ring; one with a shorter delay than the last goes to a heap. `Live` is a
// callable `bool(Handle)`: whether the handle's timer still stands.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/time.hpp"
#include "sim/model/support/ring.hpp"

namespace edasim::model {

template <typename Handle>
class SharedTimers {
 public:
  struct Entry {
    Time deadline;
    std::uint64_t place = 0;  // Kernel::reserve_place() when started
    Handle handle{};
  };

  std::size_t entries() const { return ring_.size() + heap_.size(); }

  // `place`s increase from one push to the next.
  void push(Time deadline, std::uint64_t place, Handle handle) {
    const Entry e{deadline, place, handle};
    if (ring_.empty() || ring_[ring_.size() - 1].deadline <= deadline) {
      ring_.push_back(e);
    } else {
      heap_.push_back(e);
      std::push_heap(heap_.begin(), heap_.end(), later);
    }
  }

  // The earliest standing timer, or nullptr; valid until the next call.
  template <typename Live>
  const Entry* front(Live&& live) {
    while (!ring_.empty() && !live(ring_.front().handle)) ring_.pop_front();
    while (!heap_.empty() && !live(heap_.front().handle)) {
      std::pop_heap(heap_.begin(), heap_.end(), later);
      heap_.pop_back();
    }
    if (ring_.empty() && heap_.empty()) return nullptr;
    from_ring_ = heap_.empty() || (!ring_.empty() && !later(ring_.front(), heap_.front()));
    return from_ring_ ? &ring_.front() : &heap_.front();
  }

  // Takes out the earliest standing timer if it is due by (`now`, `place`):
  // its deadline is before `now`, or at `now` and its place at or before
  // `place` (the place of the event running).
  template <typename Live>
  bool pop_due(Time now, std::uint64_t place, Live&& live, Handle& out) {
    const Entry* e = front(live);
    if (e == nullptr || e->deadline > now || (e->deadline == now && e->place > place)) return false;
    out = e->handle;
    pop_front();
    return true;
  }

  // Takes out the entry front() returned last.
  void pop_front() {
    if (from_ring_) {
      ring_.pop_front();
    } else {
      std::pop_heap(heap_.begin(), heap_.end(), later);
      heap_.pop_back();
    }
  }

  // Drops taken-back entries once they outnumber the `standing` timers.
  template <typename Live>
  void compact_if(std::size_t standing, Live&& live) {
    if (entries() < 64 || entries() <= 2 * standing) return;
    Ring<Entry> kept;
    for (std::size_t i = 0; i < ring_.size(); ++i) {
      if (live(ring_[i].handle)) kept.push_back(ring_[i]);
    }
    ring_ = std::move(kept);
    std::erase_if(heap_, [&](const Entry& e) { return !live(e.handle); });
    std::make_heap(heap_.begin(), heap_.end(), later);
  }

 private:
  static bool later(const Entry& a, const Entry& b) {
    return a.deadline > b.deadline || (a.deadline == b.deadline && a.place > b.place);
  }

  Ring<Entry> ring_;         // (deadline, place) increasing
  std::vector<Entry> heap_;  // min-heap on (deadline, place)
  bool from_ring_ = true;    // where front() found the earliest
};

// The one kernel event behind a SharedTimers, for its earliest entry at
// that entry's place. Arming it for an earlier entry leaves the event
// before it stale (events carry a generation number).
class Armed {
 public:
  template <typename Entry>
  void arm(core::Kernel& kernel, core::ComponentId target, std::uint32_t kind, const Entry* e) {
    if (e == nullptr || !before(e->deadline, e->place)) return;
    at_ = e->deadline;
    place_ = e->place;
    kernel.schedule_placed(at_, place_, target, kind, ++generation_);
  }
  // True when `event_data` is the event armed last; it is then spent.
  bool fire(std::uint64_t event_data) {
    if (event_data != generation_) return false;
    at_ = Time::never();
    return true;
  }

 private:
  bool before(Time at, std::uint64_t place) const {
    return at < at_ || (at == at_ && place < place_);
  }
  Time at_ = Time::never();
  std::uint64_t place_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace edasim::model
