// A token bucket that enforces a request-rate quota: `rate` tokens a second,
// holding at most one second's worth (AWS does not publish the burst of most
// of its TPS quotas; one second is the usual reading), or `capacity` tokens
// where the quota publishes its bucket (Step Functions, services.md §10.6).
// The rate may change over time (a throttling fault lowers it); tokens
// refill at the rate in force.
//
// take() answers "may a request pass now?"; reserve() answers "when may it
// pass?", going into debt so that later requests queue behind it (a delay,
// never a refusal).
//
// The bucket starts full, so a short run admits up to its capacity more
// than the rate sustains: beyond_rate() tells how much, so that a month
// extrapolated from the run does not repeat a one-off burst.
#pragma once

#include <algorithm>

#include "sim/core/time.hpp"

namespace edasim::model {

class TokenBucket {
 public:
  // One second's worth of `rate`, whatever the rate in force.
  explicit TokenBucket(double rate) : rate_(rate), capacity_(rate), tokens_(rate) {}
  // `capacity` tokens, refilled at `rate` a second; starts full.
  TokenBucket(double rate, double capacity)
      : rate_(rate), capacity_(capacity), tokens_(capacity), one_second_(false) {}

  // Sets the rate from `now` on (tokens so far refill at the old rate).
  void set_rate(Time now, double rate) {
    refill(now);
    rate_ = rate;
    if (one_second_) capacity_ = rate;
    tokens_ = std::min(tokens_, capacity_);
  }
  double rate() const { return rate_; }
  double capacity() const { return capacity_; }

  // One token now, if there is one.
  bool take(Time now) {
    refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    ++taken_;
    return true;
  }

  // Tokens taken so far.
  double taken() const { return taken_; }
  // Tokens taken by `now` beyond what the rate in force supplied since time
  // zero: what only the initial fill let through (0 when demand stayed under
  // the rate).
  double beyond_rate(Time now) const {
    const double supplied = supplied_ + (now > last_ ? rate_ * (now - last_).seconds() : 0.0);
    return std::max(0.0, taken_ - supplied);
  }

  // One token, now or as soon as the tokens owed before it are repaid: the
  // wait until then (zero when a token was there).
  Duration reserve(Time now) {
    refill(now);
    tokens_ -= 1.0;
    ++taken_;
    if (tokens_ >= 0.0) return Duration::zero();
    return from_seconds(-tokens_ / rate_);
  }

 private:
  void refill(Time now) {
    if (now > last_) {
      tokens_ = std::min(capacity_, tokens_ + rate_ * (now - last_).seconds());
      supplied_ += rate_ * (now - last_).seconds();
      last_ = now;
    }
  }

  double rate_;
  double capacity_;
  double tokens_;
  bool one_second_ = true;  // the capacity follows the rate
  double taken_ = 0;
  double supplied_ = 0;  // by the rate, up to last_
  Time last_ = Time::zero();
};

}  // namespace edasim::model
