// The event kernel: a clock, a future-event set and the components it drives.
//
// A component is anything that reacts to events (a queue, a consumer fleet, a
// producer). The kernel knows components only by their index and hands each
// event to Component::handle. An event is a small value (time, target, kind,
// one 64-bit word of data), so scheduling one allocates nothing; models keep
// their own state in pooled arrays and put an index in `data`.
//
// Order is total and reproducible: events run by time, and events at the same
// time run in the order they were scheduled. Nothing depends on pointer values
// or on the thread that runs the kernel.
//
// There is no cancellation. A model that wants to take back a timer keeps a
// generation number beside its state and ignores a stale event when it fires;
// that costs one comparison and keeps the event set simple and fast.
//
// A model with many timers that are mostly taken back (a queue's visibility
// timeouts) keeps them itself and schedules one event for the earliest. So
// that this changes no order, it reserves a place in the scheduling order
// when it starts a timer (reserve_place) and schedules the one event at that
// place (schedule_placed): the event runs among the events of its time
// exactly where an event scheduled at the reservation would have run.
// Placed events wait in a small heap of their own beside the event set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/core/event_set.hpp"
#include "sim/core/time.hpp"

namespace edasim::core {

using ComponentId = std::uint32_t;

class Kernel;

class Component {
 public:
  virtual ~Component() = default;
  virtual void handle(Kernel& kernel, const Event& event) = 0;
};

class Kernel {
 public:
  Kernel();

  // Registers a component; the kernel does not own it. The id is the order
  // of attachment, starting at 0.
  ComponentId attach(Component& component);

  // Schedules an event. `at` must not be before now(): the past is fixed.
  // Scheduling in the past, or for a component never attached, is a bug in
  // the model and throws std::logic_error.
  void schedule(Time at, ComponentId target, std::uint32_t kind, std::uint64_t data = 0) {
    if (at < now_ || target >= components_.size()) [[unlikely]]
      reject(at, target);
    events_.push(Event{at, next_seq_++, target, kind, data});
  }
  void schedule_in(Duration delay, ComponentId target, std::uint32_t kind, std::uint64_t data = 0) {
    schedule(now_ + delay, target, kind, data);
  }

  // A place in the scheduling order, for an event scheduled later with
  // schedule_placed(); costs nothing if no event is ever scheduled there.
  std::uint64_t reserve_place() { return next_seq_++; }
  // Schedules an event at a place reserve_place() gave: among the events of
  // time `at` it runs in the order of that place. The same checks as
  // schedule(), and a place not yet reserved is a logic_error.
  void schedule_placed(Time at, std::uint64_t place, ComponentId target, std::uint32_t kind,
                       std::uint64_t data = 0);

  Time now() const { return now_; }

  // Runs every event whose time is <= end, in order, then sets the clock to
  // `end` (unless stop() was called). Can be called again to continue.
  // run_until(Time::never()) runs until no event is left and leaves the clock
  // at the last event's time. An `end` before now() is a logic_error.
  void run_until(Time end);
  // Makes run_until return once the current event has been handled.
  void stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  std::size_t pending() const { return events_.size() + placed_.size() + (held_ ? 1 : 0); }
  std::uint64_t executed() const { return executed_; }
  Time next_time() const;

 private:
  Time now_{};
  bool stopped_ = false;
  std::uint64_t executed_ = 0;
  std::uint64_t next_seq_ = 0;
  EventSet events_;
  // Placed events, a min-heap on (at, seq); and an event taken from the
  // event set to compare its seq with a placed event of the same time.
  std::vector<Event> placed_;
  bool held_ = false;
  Event held_event_{};
  std::vector<Component*> components_;

  [[noreturn]] void reject(Time at, ComponentId target) const;
  // The next event to run if it is at or before `end`.
  bool take_next(Time end, Event& next);
};

}  // namespace edasim::core
