#include "sim/model/producers/rate_profile.hpp"

#include <algorithm>
#include <utility>

namespace edasim::model {

RateProfile::RateProfile(Rate base, std::vector<RateChange> changes)
    : base_(base.per_second), changes_(std::move(changes)) {}

double RateProfile::factor(Time t) const {
  // Changes are sorted and one ends before the next starts, so only the
  // last change started by t can still be ramping; the factor before it is
  // the previous change's (1 before the first). A binary search keeps a
  // profile of a recorded day, a step per minute, cheap per arrival.
  const auto next =
      std::upper_bound(changes_.begin(), changes_.end(), t,
                       [](Time time, const RateChange& c) { return time < Time::zero() + c.at; });
  if (next == changes_.begin()) return 1.0;
  const RateChange& c = *(next - 1);
  const double before = next - 1 == changes_.begin() ? 1.0 : (next - 2)->factor;
  const Time start = Time::zero() + c.at;
  const Time end = start + c.ramp;
  if (t >= end || c.ramp == Duration::zero()) return c.factor;
  const double x = static_cast<double>((t - start).ns) / static_cast<double>(c.ramp.ns);
  return before + (c.factor - before) * x;
}

double RateProfile::at(Time t) const {
  return base_ * factor(t);
}

double RateProfile::peak() const {
  double f = 1.0;
  for (const RateChange& c : changes_) f = std::max(f, c.factor);
  return base_ * f;
}

Time RateProfile::silent_from() const {
  if (changes_.empty() || changes_.back().factor != 0.0) return Time::never();
  const RateChange& last = changes_.back();
  return Time::zero() + last.at + last.ramp;
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

}  // namespace edasim::model
