// What every invocation of a Lambda function does around its handler,
// whatever its event source mapping: the function's concurrency, its
// execution environments (a warm one reused, newest first, or a cold start)
// and the billed duration (shared/reference/services.md §4).
//
// Promises: an invocation begun is counted and billed one Invoke; it reuses
// the newest idle environment unless that one has been idle longer than
// keep_warm (then every idle one is gone) and else draws a cold start; its
// billed duration is its initialisation (when bill_init) plus its handler
// time, rounded up to billing_granularity.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/core/time.hpp"
#include "sim/metrics/call_ledger.hpp"
#include "sim/model/functions/function_config.hpp"
#include "sim/model/functions/function_result.hpp"
#include "sim/model/support/books.hpp"

namespace edasim::model {

class Invocations {
 public:
  Invocations(const FunctionConfig& config, std::uint64_t seed, Books& books);
  // The Invoke calls' line of the call ledger, made by the owner where its
  // other lines are made (their order is the ledger's).
  void count_invokes(metrics::CounterId invoke) { invoke_ = invoke; }

  // Whether the function's concurrency has room for one more invocation.
  bool has_room() const { return running_ < config_.function_concurrency(); }
  std::int32_t running() const { return running_; }
  // Begins an invocation at `now`; returns its initialisation time (zero
  // in a warm environment).
  Duration begin(Time now, FunctionResult& result);
  // Bills an invocation of `init` + `handler` and records its duration.
  void bill(Duration init, Duration handler, FunctionResult& result) const;
  // The invocation that began ends at `now`: its environment is idle.
  void end(Time now);

 private:
  bool take_warm(Time now);

  const FunctionConfig& config_;
  Books& books_;
  core::RandomStream cold_start_rng_;
  metrics::CounterId invoke_;
  std::int32_t running_ = 0;
  // When each idle execution environment was last used, newest last.
  std::vector<Time> warm_;
};

}  // namespace edasim::model
