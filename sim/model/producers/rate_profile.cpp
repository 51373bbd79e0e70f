#include "sim/model/producers/rate_profile.hpp"

#include <algorithm>
#include <utility>

namespace edasim {

RateProfile::RateProfile(Rate base, std::vector<RateChange> changes)
    : base_(base.per_second), changes_(std::move(changes)) {}

double RateProfile::factor(Time t) const {
  double f = 1.0;
  for (const RateChange& c : changes_) {
    const Time start = Time::zero() + c.at;
    if (t < start) break;
    const Time end = start + c.ramp;
    if (t >= end || c.ramp == Duration::zero()) {
      f = c.factor;
      continue;
    }
    const double x = static_cast<double>((t - start).ns) / static_cast<double>(c.ramp.ns);
    return f + (c.factor - f) * x;
  }
  return f;
}

double RateProfile::at(Time t) const {
  return base_ * factor(t);
}

double RateProfile::peak() const {
  double f = 1.0;
  for (const RateChange& c : changes_) f = std::max(f, c.factor);
  return base_ * f;
}

double RateProfile::expected_events(Time end) const {
  // The factor is piecewise linear: integrate exactly over its pieces.
  std::vector<Time> knots{Time::zero()};
  for (const RateChange& c : changes_) {
    knots.push_back(Time::zero() + c.at);
    knots.push_back(Time::zero() + c.at + c.ramp);
  }
  knots.push_back(end);
  std::sort(knots.begin(), knots.end());
  double total = 0;
  for (std::size_t i = 1; i < knots.size(); ++i) {
    const Time a = std::min(knots[i - 1], end), b = std::min(knots[i], end);
    if (b <= a) continue;
    total += 0.5 * (at(a) + at(b - nanoseconds(1))) * (b - a).seconds();
  }
  return total;
}

}  // namespace edasim
