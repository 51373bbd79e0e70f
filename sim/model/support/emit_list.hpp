// The emit list of one processing component (a consumer fleet, a Lambda
// function, a consumer group) at work, and the event bases every emitter of
// a design numbers its events from.
//
// What it promises:
// - Event numbers stay unique across the run and name their maker: the
//   bases are taken in one fixed order, whichever part builds first: the
//   producers' (as the producers take them), then each fleet's entries,
//   each function's, each group's, in scenario order. A design whose only
//   emitters are fleets numbers its events as it always has.
// - Each entry of the list is an Emitter (sim/model/support/emitter.hpp)
//   sending as a client in the component's name ("lambda:notify"), through
//   the destination the receiving kinds' registration makes, with random
//   streams of its own ("lambda:notify.emit[0]/probability", ...).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/support/emit_config.hpp"
#include "sim/model/support/emitter.hpp"

namespace edasim::model {

// Whether some fleet, function or consumer group of the design has an emit
// list, or a stream mapping an on-failure destination: the run then reports
// emitted counts, stage latencies and flows.
bool design_emits(const SystemConfig& config);

// The event bases of a design's producers and of every entry of its emit
// lists.
class EventBases {
 public:
  explicit EventBases(const SystemConfig& config);

  // The producers' bases, in scenario order: a root's base names its
  // producer.
  const std::vector<std::uint64_t>& producers() const { return producers_; }
  // The base of entry `index` of the emit list of `component` ("consumer:pay",
  // "lambda:notify", "group:audit"). Throws std::out_of_range for an entry
  // the design does not declare.
  std::uint64_t of(std::string_view component, std::size_t index) const;

 private:
  std::vector<std::uint64_t> producers_;
  std::vector<std::pair<std::string, std::uint64_t>> entries_;  // "<component>.emit[i]"
};

class EmitList {
 public:
  EmitList() = default;
  // Builds the emitters of `emit` for `component` (its name in the books,
  // "lambda:notify"), each attached to the kernel, with destinations made
  // for a client; `who` names the component in errors ("function notify").
  // Throws std::invalid_argument when a destination cannot be made.
  EmitList(Assembly& a, const std::string& component, const std::string& who,
           std::span<const EmitConfig> emit, const EventBases& bases);

  bool empty() const { return emitters_.empty(); }
  // An attempt at `processed` ended with `succeeded`, or ends `ends_in`
  // from now (a message that a Lambda handler reaches later in its
  // invocation): tells every emitter, in list order. Returns whether some
  // emitter drew an emission.
  bool attempt_ended(const Processed& processed, bool succeeded,
                     Duration ends_in = Duration::zero());
  // Entry `index` sends now, inside a successful attempt (EmitConfig::at);
  // attempt_ended() leaves such entries out. Returns whether it emitted.
  bool reached(std::size_t index, const Processed& processed);
  // The entries that send inside an attempt, in the order they do (by `at`,
  // then list order).
  std::vector<std::size_t> inside_attempt() const;
  const EmitConfig& entry(std::size_t index) const;

  // Offered load (support/offered_load.hpp): what the list sends for the
  // load `reached` offers the component `table`.`name` (its processed
  // messages: copies it discards excluded), per producer, into `load`.
  // An entry that emits on failure sends for `failure_share` of them.
  void offer(const OfferedLoad& reached, std::string_view table, std::string_view name,
             double failure_share, OfferedLoad& load);

  // Events made and sent (or being retried) so far.
  std::uint64_t emitted() const;
  // Events made and not yet handed over: throttled, waiting to be retried.
  std::uint64_t buffered() const;
  // Emissions drawn and still waiting for their delay: no events yet.
  std::uint64_t delayed() const;

 private:
  std::vector<std::unique_ptr<Emitter>> emitters_;
  std::vector<std::uint64_t> producer_bases_;  // EventBases::producers()
};

}  // namespace edasim::model
