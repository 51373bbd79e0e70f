// The fast queue's message steps, recorded as the reference models write
// theirs (reference::Step), and one line to show a step in a failure: what
// the differential tests compare.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "reference_queues.hpp"
#include "sim/model/queues/queue.hpp"

namespace edasim::reference {

struct Timeline : model::QueueObserver {
  std::vector<Step> steps;
  void on_step(model::MessageStep step, std::uint64_t event, std::uint32_t queue, Time at,
               std::uint32_t receive_count) override {
    steps.push_back(Step{static_cast<Step::Kind>(step), event, queue, at, receive_count});
  }
};

inline std::string describe(const Step& s) {
  static const char* const kinds[] = {"received", "deleted", "moved_to_dlq", "sent_to_dlq",
                                      "repushed", "expired", "redriven"};
  std::ostringstream out;
  out << kinds[s.kind] << " event " << s.event << " queue " << s.queue << " at " << s.at.ns
      << " ns, receive count " << s.receive_count;
  return out.str();
}

}  // namespace edasim::reference
