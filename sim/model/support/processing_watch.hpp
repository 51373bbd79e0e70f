// Who is told when a processing component (a consumer fleet, a Lambda
// function) first processes an event successfully: a read workload
// (sim/model/reads) that decides whether a query read a stale view.
//
// Promises: a component with no watcher pays one empty-vector test per
// processing; watchers are told in the order they were added, with the
// event's root (Cause::root_of) and the time of the processing.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/support/message.hpp"

namespace edasim::model {

class ProcessingWatch {
 public:
  using Watcher = std::function<void(std::uint64_t root, Time at)>;

  void add(Watcher w) { watchers_.push_back(std::move(w)); }
  // `event`, carrying `cause`, was processed successfully for the first time at `at`.
  void processed(std::uint64_t event, const Cause& cause, Time at) const {
    if (watchers_.empty()) return;
    const std::uint64_t root = cause.root_of(event);
    for (const Watcher& w : watchers_) w(root, at);
  }

 private:
  std::vector<Watcher> watchers_;
};

}  // namespace edasim::model
