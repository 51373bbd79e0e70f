// A throughput quota on an API action: calls per second with a burst of one
// second's worth (a token bucket). Used for SQS FIFO's per-action TPS and
// SNS's publish quota (services.md §1.9, §3.6): a call over the quota is
// refused (throttled), not delayed.
//
// The bucket starts full: beyond_rate() tells how much of what it admitted
// only that initial second let through, so that a month extrapolated from a
// short run does not repeat it.
#pragma once

#include <algorithm>

#include "sim/core/time.hpp"

namespace edasim::model {

class RateQuota {
 public:
  explicit RateQuota(double per_second) : rate_(per_second), tokens_(per_second) {}

  // Takes `cost` tokens if there are that many at `now`.
  bool admit(Time now, double cost = 1.0) {
    tokens_ = std::min(rate_, tokens_ + (now - last_).seconds() * rate_);
    supplied_ += (now - last_).seconds() * rate_;
    last_ = now;
    if (tokens_ < cost) return false;
    tokens_ -= cost;
    admitted_ += cost;
    return true;
  }
  double rate() const { return rate_; }

  // Tokens admitted by `now` beyond what the rate supplied since time zero.
  double beyond_rate(Time now) const {
    const double supplied = supplied_ + (now > last_ ? (now - last_).seconds() * rate_ : 0.0);
    return std::max(0.0, admitted_ - supplied);
  }

 private:
  double rate_;
  double tokens_;
  double admitted_ = 0;
  double supplied_ = 0;  // by the rate, up to last_
  Time last_ = Time::zero();
};

}  // namespace edasim::model
