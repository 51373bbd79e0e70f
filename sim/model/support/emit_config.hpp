// What a consumer emits as part of processing a message: one entry of its
// `emit` list. Each names a destination as a producer does (a bus, a queue
// or several, a topic, a stream), the event it makes (a template, or the
// processed event's payload size), the share of processings that emit, on
// which outcome, and after what delay.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/model/producers/producer_config.hpp"

namespace edasim::model {

struct EmitConfig {
  // The scenario table of the receiving kind (sim/model/kinds.def)
  // and the component; `targets` when a list was named (every event to
  // each), `target` its first.
  std::string target_table = "buses";
  std::string target;
  std::vector<std::string> targets;
  // The emitted event's template (fields and size), as a producer declares
  // one; none: an event with the processed event's fields (made again from
  // its number: support/event_sources.hpp) and the processed message's size.
  std::optional<EventTemplate> event;
  // The share of the attempts with the outcome `when` that emit.
  double probability = 1.0;
  enum class When {
    success,  // after a successful processing, before its delete
    failure,  // after each failed attempt
  };
  When when = When::success;
  // From the end of the attempt until the event is made and sent.
  core::DurationDistribution delay{core::Distribution::constant(0.0)};
  // A consumer fleet's entry only: where in a successful attempt the entry
  // sends, as a share of its processing time (0 .. 1); none, at its end.
  // An instance that crashes before that point has not sent it; one that
  // crashes after it has, though the message comes back unprocessed (a
  // dual write's gap between its writes).
  std::optional<double> at;
  // A FIFO queue's entry: the dotted path of the emitted event's field whose
  // value is its MessageGroupId (without a template, a field it carries
  // over); empty: the processed message's group (the empty group when it
  // came from no FIFO queue).
  std::string group;
};

}  // namespace edasim::model
