// The settings of a synchronous call chain: the request path of a design
// that calls its services one after another (a checkout that charges the
// card, then calls inventory, shipping and email before it answers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/support/retry_policy.hpp"

namespace edasim::model {

// One step: a call to one API, or to several at once (a parallel group,
// done when the last of them is), or a send of the request's event to a
// receiving kind's component (a bus's PutEvents, a queue's SendMessage, a
// topic's Publish, a stream's PutRecords, a state machine's
// StartExecution), which ends the synchronous part: what it does with the
// event goes on asynchronously.
struct ChainStep {
  std::vector<std::string> apis;       // one, or a parallel group
  std::optional<std::string> publish;  // a component's name, instead of apis
  // The scenario table of the receiving kind that declares `publish`.
  std::string publish_table = "buses";
  // A call that has not answered after `timeout` fails (the API still does
  // the work). Zero: no timeout.
  Duration timeout = Duration::zero();
  RetryPolicy retry;  // max_attempts 1: no retry
  // An optional step's failure does not fail the request.
  bool optional = false;
};

struct ChainConfig {
  std::string name;
  std::vector<ChainStep> steps;
};

// Parallel calls per step: enough for any fan-out a caller makes by hand.
inline constexpr std::size_t kMaxParallelCalls = 16;

}  // namespace edasim::model
