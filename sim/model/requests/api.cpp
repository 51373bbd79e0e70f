#include "sim/model/requests/api.hpp"

#include <algorithm>
#include <utility>

namespace edasim::model {

Api::Api(ApiConfig config, std::uint64_t seed)
    : config_(std::move(config)), rng_(seed, "api:" + config_.name) {
  result_.name = config_.name;
  result_.price_per_million = config_.price_per_million;
}

void Api::add_fault(const FaultConfig& fault, std::uint32_t blame) {
  faults_.emplace_back(fault, blame);
}

Api::Call Api::call(Time start) {
  Duration latency = config_.latency.sample(rng_);
  const double u = rng_.uniform();
  ++result_.calls;
  const Duration at = start - Time::zero();
  double multiplier = 1.0;
  double survive = 1.0 - config_.error_probability;
  // The same draw says who caused an error: below the API's own error
  // probability it is its own; above it, each fault in force takes its share
  // of what survived the ones before, in the order they were added.
  std::uint32_t blame = 0;
  Call call;
  call.own_latency = latency;
  for (const auto& [f, fault_blame] : faults_) {
    if (!f.covers(at)) continue;
    const double failed_before = 1.0 - survive;
    if (f.kind == FaultConfig::Kind::downstream_outage) {
      survive = 0.0;
    } else {
      multiplier *= f.latency_multiplier;
      survive *= 1.0 - f.error_probability;
      if (call.slowed_by == 0 && f.latency_multiplier != 1.0) call.slowed_by = fault_blame;
    }
    if (blame == 0 && u >= failed_before && u < 1.0 - survive) blame = fault_blame;
  }
  if (multiplier != 1.0) latency = from_seconds(latency.seconds() * multiplier);
  call.latency = latency;
  while (!running_.empty() && running_.top() <= start) running_.pop();
  if (config_.concurrency > 0 && running_.size() >= static_cast<std::size_t>(config_.concurrency)) {
    ++result_.rejected;
    call.outcome = Outcome::rejected;
    return call;
  }
  running_.push(start + latency);
  result_.peak_concurrency =
      std::max(result_.peak_concurrency, static_cast<std::int32_t>(running_.size()));
  if (u < 1.0 - survive) {
    ++result_.failed;
    call.outcome = Outcome::error;
    call.fault = blame;
    return call;
  }
  ++result_.succeeded;
  return call;
}

}  // namespace edasim::model
