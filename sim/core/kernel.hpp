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

  Time now() const { return now_; }

  // Runs every event whose time is <= end, in order, then sets the clock to
  // `end` (unless stop() was called). Can be called again to continue.
  // run_until(Time::never()) runs until no event is left and leaves the clock
  // at the last event's time. An `end` before now() is a logic_error.
  void run_until(Time end);
  // Makes run_until return once the current event has been handled.
  void stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  std::size_t pending() const { return events_.size(); }
  std::uint64_t executed() const { return executed_; }
  Time next_time() const { return events_.empty() ? Time::never() : events_.top_time(); }

 private:
  Time now_{};
  bool stopped_ = false;
  std::uint64_t executed_ = 0;
  std::uint64_t next_seq_ = 0;
  EventSet events_;
  std::vector<Component*> components_;

  [[noreturn]] void reject(Time at, ComponentId target) const;
};

}  // namespace edasim::core
