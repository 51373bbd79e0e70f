#include "sim/model/reads/read_workload.hpp"

#include <utility>

namespace edasim::model {

ReadWorkload::ReadWorkload(ReadConfig config, const Context& context)
    : config_(std::move(config)),
      kernel_(context.kernel),
      rng_(context.seed, "reads:" + config_.name) {}

void ReadWorkload::restart_measurements() {
  measure_from_ = kernel_.now();
  fresh_ = 0;
  stale_ = 0;
  after_end_ = 0;
  behind_.clear();
}

void ReadWorkload::written(std::uint64_t root, Time at) {
  if (!rng_.bernoulli(config_.share)) return;
  const Duration after = config_.after.sample(rng_);
  pending_.emplace(root, at + after);
}

void ReadWorkload::projected(std::uint64_t root, Time at) {
  const auto it = pending_.find(root);
  if (it == pending_.end()) return;
  const Time query = it->second;
  pending_.erase(it);
  if (query < measure_from_) return;
  if (query > end_) {
    ++after_end_;
  } else if (at <= query) {
    ++fresh_;
  } else {
    ++stale_;
    behind_.record((at - query).ns);
  }
}

ReadResult ReadWorkload::result() const {
  ReadResult r;
  r.name = config_.name;
  r.view = (config_.view_kind == "consumers" ? "consumer." : "function.") + config_.view;
  r.fresh = fresh_;
  r.after_end = after_end_;
  std::uint64_t never = 0;
  for (const auto& [root, query] : pending_) {
    if (query < measure_from_) continue;
    if (query > end_) {
      ++r.after_end;
    } else {
      ++never;
    }
  }
  r.never_projected = never;
  r.stale = stale_ + never;
  r.queries = r.fresh + r.stale;
  r.behind = behind_;
  return r;
}

}  // namespace edasim::model
