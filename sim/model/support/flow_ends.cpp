#include "sim/model/support/flow_ends.hpp"

#include <algorithm>
#include <utility>

#include "sim/model/system_config.hpp"

namespace edasim::model {

FlowEnds::FlowEnds(std::vector<std::uint64_t> producer_bases)
    : tracking_(true), bases_(std::move(producer_bases)), latency_(bases_.size()) {}

void FlowEnds::end(std::uint64_t event, const Cause& cause, Duration since_root) {
  if (!tracking_) return;
  const std::uint64_t base = cause.root_of(event) & ~kEventSequenceMask;
  for (std::size_t i = 0; i < bases_.size(); ++i) {
    if (bases_[i] == base) {
      latency_[i].record(since_root.ns);
      return;
    }
  }
}

void FlowEnds::clear() {
  for (metrics::Histogram& h : latency_) h.clear();
}

void FlowEnds::add_to(RunResult& r, const SystemConfig& config, const std::string& kind,
                      const std::string& component, bool move) {
  for (std::size_t p = 0; p < latency_.size(); ++p) {
    if (latency_[p].empty()) continue;
    r.flows.push_back(
        {config.producers[p].name, kind, component, move ? std::move(latency_[p]) : latency_[p]});
  }
  const auto index = [&](const FlowResult& f) {
    return std::find_if(config.producers.begin(), config.producers.end(),
                        [&](const ProducerConfig& p) { return p.name == f.producer; }) -
           config.producers.begin();
  };
  std::stable_sort(r.flows.begin(), r.flows.end(),
                   [&](const FlowResult& x, const FlowResult& y) { return index(x) < index(y); });
}

}  // namespace edasim::model
