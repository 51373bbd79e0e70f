// A producer's rate over the run: a base rate times a factor that steps or
// ramps linearly at the times a scenario gives.
#pragma once

#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/producers/producer_config.hpp"

namespace edasim::model {

class RateProfile {
 public:
  // Precondition (checked by the scenario): changes sorted by `at`, and each
  // ramp ends before the next change starts.
  RateProfile(Rate base, std::vector<RateChange> changes);

  // Events per second at time t.
  double at(Time t) const;
  // The highest rate the profile ever reaches.
  double peak() const;
  // From when the rate stays zero for good (a last step to factor 0, as
  // recorded traffic ends); Time::never() when it never does.
  Time silent_from() const;
  // The expected number of events in [0, end).
  double expected_events(Time end) const;

 private:
  double factor(Time t) const;

  double base_;
  std::vector<RateChange> changes_;
};

}  // namespace edasim::model
