#include "sim/core/kernel.hpp"

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

void Kernel::run_until(Time end) {
  if (end < now_) {
    throw std::logic_error("run_until(" + std::to_string(end.ns) +
                           " ns) is before the current time " + std::to_string(now_.ns) + " ns");
  }
  stopped_ = false;
  while (!events_.empty() && events_.top_time() <= end) {
    const Event e = events_.pop();
    now_ = e.at;
    ++executed_;
    components_[e.target]->handle(*this, e);
    if (stopped_) return;
  }
  if (end != Time::never()) now_ = end;
}

}  // namespace edasim::core
