// Where a design's flows end at one processing component (a consumer fleet,
// a Lambda function, a consumer group): per root producer, the latency from
// the root event's production to the component's first successful
// processing of each event that emits nothing further.
//
// What it promises:
// - It records only in a design that emits (sim/model/support/emit_list.hpp,
//   design_emits): elsewhere every processing ends its own one-step flow,
//   which the component's end-to-end latency already is.
// - An event's root names its producer by the root's event base, so a flow
//   is credited to the producer whose event started it, however many
//   components emitted on the way.
// - Its histograms are allocated when the component is built and only in
//   a design that emits, one per producer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/run_result.hpp"
#include "sim/model/support/message.hpp"

namespace edasim::model {

class FlowEnds {
 public:
  // Records nothing: a design without emit lists.
  FlowEnds() = default;
  // Records per producer, whose event bases `producer_bases` are in scenario
  // order (EventBases::producers()).
  explicit FlowEnds(std::vector<std::uint64_t> producer_bases);

  bool tracking() const { return tracking_; }
  // `event`, carrying `cause`, ended its flow here `since_root` after its
  // root's production.
  void end(std::uint64_t event, const Cause& cause, Duration since_root);
  void clear();

  // Appends a FlowResult to `r.flows` for each producer whose flows ended
  // here (moving the histograms when `move`), `kind` and `component`
  // naming this component ("function", "notify"), and keeps `r.flows` in
  // producer order, stably: parts that report later come later among one
  // producer's flows.
  void add_to(RunResult& r, const SystemConfig& config, const std::string& kind,
              const std::string& component, bool move);

 private:
  bool tracking_ = false;
  std::vector<std::uint64_t> bases_;
  std::vector<metrics::Histogram> latency_;  // by producer
};

}  // namespace edasim::model
