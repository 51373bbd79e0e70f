#include "sim/model/functions/invocations.hpp"

#include <algorithm>

namespace edasim::model {

Invocations::Invocations(const FunctionConfig& config, std::uint64_t seed, Books& books)
    : config_(config),
      books_(books),
      cold_start_rng_(seed, "lambda:" + config.name + "/cold-starts") {}

bool Invocations::take_warm(Time now) {
  // Environments are reused newest first; once the newest has been idle too
  // long, all the older ones have been reclaimed as well.
  if (warm_.empty()) return false;
  if (now - warm_.back() > config_.keep_warm) {
    warm_.clear();
    return false;
  }
  warm_.pop_back();
  return true;
}

Duration Invocations::begin(Time now, FunctionResult& result) {
  ++running_;
  result.peak_executions = std::max(result.peak_executions, running_);
  ++result.invocations;
  books_.calls.add(invoke_, 1, 1);
  if (take_warm(now)) return Duration::zero();
  const Duration init = config_.cold_start.sample(cold_start_rng_);
  ++result.cold_starts;
  result.cold_start.record(init.ns);
  return init;
}

void Invocations::bill(Duration init, Duration handler, FunctionResult& result) const {
  const Duration billed = (config_.bill_init ? init : Duration::zero()) + handler;
  const std::int64_t g = config_.billing_granularity.ns;
  result.billed_ns += static_cast<std::uint64_t>((billed.ns + g - 1) / g * g);
  result.duration.record((init + handler).ns);
}

void Invocations::end(Time now) {
  --running_;
  warm_.push_back(now);
}

}  // namespace edasim::model
