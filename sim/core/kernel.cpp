#include "sim/core/kernel.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace edasim::core {

Kernel::Kernel() {
  components_.reserve(64);
}

ComponentId Kernel::attach(Component& component) {
  components_.push_back(&component);
  return static_cast<ComponentId>(components_.size() - 1);
}

void Kernel::reject(Time at, ComponentId target) const {
  if (target >= components_.size()) {
    throw std::logic_error("event scheduled for component " + std::to_string(target) +
                           ", but only " + std::to_string(components_.size()) +
                           " components are attached");
  }
  throw std::logic_error("event scheduled at " + std::to_string(at.ns) +
                         " ns, before the current time " + std::to_string(now_.ns) +
                         " ns: the past cannot be changed");
}

namespace {
// Orders a min-heap of placed events with the std heap functions.
bool later(const Event& a, const Event& b) {
  return a.at > b.at || (a.at == b.at && a.seq > b.seq);
}
}  // namespace

void Kernel::schedule_placed(Time at, std::uint64_t place, ComponentId target, std::uint32_t kind,
                             std::uint64_t data) {
  if (at < now_ || target >= components_.size()) [[unlikely]]
    reject(at, target);
  if (place >= next_seq_) {
    throw std::logic_error("event placed at " + std::to_string(place) +
                           ", a place not reserved yet");
  }
  placed_.push_back(Event{at, place, target, kind, data});
  std::push_heap(placed_.begin(), placed_.end(), later);
}

Time Kernel::next_time() const {
  Time t = events_.empty() ? Time::never() : events_.top_time();
  if (held_) t = std::min(t, held_event_.at);
  if (!placed_.empty()) t = std::min(t, placed_.front().at);
  return t;
}

bool Kernel::take_next(Time end, Event& next) {
  if (placed_.empty() && !held_) [[likely]] {
    if (events_.empty() || events_.top_time() > end) return false;
    next = events_.pop();
    return true;
  }
  // The event set's front takes part through held_event_ when it shares
  // its time with the earliest placed event: then their seqs decide.
  if (!held_ && !events_.empty() && (placed_.empty() || events_.top_time() <= placed_.front().at)) {
    if (events_.top_time() > end) return false;
    if (placed_.empty() || events_.top_time() < placed_.front().at) {
      next = events_.pop();
      return true;
    }
    held_event_ = events_.pop();
    held_ = true;
  }
  if (held_ && (placed_.empty() || later(placed_.front(), held_event_))) {
    if (held_event_.at > end) return false;
    next = held_event_;
    held_ = false;
    return true;
  }
  if (placed_.empty() || placed_.front().at > end) return false;
  std::pop_heap(placed_.begin(), placed_.end(), later);
  next = placed_.back();
  placed_.pop_back();
  return true;
}

void Kernel::run_until(Time end) {
  if (end < now_) {
    throw std::logic_error("run_until(" + std::to_string(end.ns) +
                           " ns) is before the current time " + std::to_string(now_.ns) + " ns");
  }
  stopped_ = false;
  Event e;
  while (take_next(end, e)) {
    now_ = e.at;
    ++executed_;
    components_[e.target]->handle(*this, e);
    if (stopped_) return;
  }
  if (end != Time::never()) now_ = end;
}

}  // namespace edasim::core
