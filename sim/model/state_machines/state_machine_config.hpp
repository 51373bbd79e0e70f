// The settings of an AWS Step Functions state machine ([state_machines.NAME]):
// its type (Standard or Express), its states and how each behaves and its
// execution timeout; and the account's Step Functions quotas
// ([scenario.quotas.step_functions]) that every machine of a type shares.
//
// Figures are those of shared/reference/services.md §10; the section is
// cited beside each default. A state refers to the states it leads to by
// index into `states` (resolved by the scenario reader), so the model never
// looks a name up while it runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/time.hpp"

namespace edasim::model {

// The index of no state (the end of a branch, or no default).
inline constexpr std::uint32_t kNoState = UINT32_MAX;

// §10.3: the errors Retry and Catch match on. States.ALL matches every
// error; States.TaskFailed every error but States.Timeout.
inline constexpr std::string_view kStatesAll = "States.ALL";
inline constexpr std::string_view kStatesTaskFailed = "States.TaskFailed";
inline constexpr std::string_view kStatesTimeout = "States.Timeout";
inline constexpr std::string_view kStatesBranchFailed = "States.BranchFailed";
inline constexpr std::string_view kStatesNoChoiceMatched = "States.NoChoiceMatched";

// A retrier of a Task (§10.3): the first whose `errors` match an error
// retries it, waiting min(interval * backoff_rate^(n-1), max_delay) before
// retry n (drawn uniformly from [0, that] with full jitter), at most
// `max_attempts` times over the state's execution.
struct Retrier {
  std::vector<std::string> errors;
  Duration interval = seconds(1);         // IntervalSeconds, default 1
  std::int32_t max_attempts = 3;          // MaxAttempts, default 3; 0 never retries
  double backoff_rate = 2.0;              // BackoffRate, default 2.0
  Duration max_delay = Duration::zero();  // MaxDelaySeconds; zero: no cap
  bool full_jitter = false;               // JitterStrategy FULL; default NONE
};

// A catcher (§10.3): the first whose `errors` match an error that no retrier
// retries (any more) sends the execution on to `next`.
struct Catcher {
  std::vector<std::string> errors;
  std::string next;
  std::uint32_t next_state = kNoState;
};

// A Choice rule: taken when the execution's input event matches `pattern`
// (an EventBridge event pattern standing for the rule's comparisons on the
// input's fields), or, without a pattern, with its probability, where the
// data does not decide (every probability rule of a state shares one draw,
// each taking its own slice of it).
struct ChoiceRule {
  double probability = 0;
  std::string next;
  std::uint32_t next_state = kNoState;
  std::string pattern = {};  // JSON text; empty: a probability rule
};

struct StateConfig {
  enum class Type : std::uint8_t { task, choice, parallel, map, wait, pass, succeed, fail };

  std::string name;
  Type type = Type::pass;
  // Where a state that is not terminal goes on to; `end` ends its branch
  // (the execution, or a Parallel branch or Map iteration).
  std::string next;
  std::uint32_t next_state = kNoState;
  bool end = false;

  // Task: one unit of work (a Lambda invoke, a service API call) lasting
  // `duration`, failing with `error` at `failure_probability`, failed with
  // States.Timeout at `timeout` (zero: none; §10.4: the default is the
  // execution's limit). With `wait_for_task_token` the task waits after the
  // call for a callback that comes `token_delay` later (§10.5, Standard
  // only).
  core::DurationDistribution duration{core::Distribution::constant(0)};
  double failure_probability = 0;
  std::string error = std::string(kStatesTaskFailed);
  Duration timeout = Duration::zero();
  bool wait_for_task_token = false;
  core::DurationDistribution token_delay{core::Distribution::constant(0)};
  std::vector<Retrier> retry;
  // Task, Parallel, Map.
  std::vector<Catcher> catches;

  // Choice: the rules in order, then `default_next` for the rest of the
  // probability (none: the execution fails with States.NoChoiceMatched).
  std::vector<ChoiceRule> choices;
  std::string default_next;
  std::uint32_t default_state = kNoState;

  // Parallel: each branch starts at one of these states and ends where a
  // state says `end` (or at a Succeed); the Parallel is done when every
  // branch is, and fails with States.BranchFailed when one fails.
  std::vector<std::string> branches;
  std::vector<std::uint32_t> branch_states;

  // Map (Inline, §10.2): `items` iterations, each running from `iterator`,
  // at most `max_concurrency` at once (Inline Map: up to 40). With
  // `items_path` (ItemsPath: the dotted path of an array of objects in the
  // execution's input event) one iteration per element of that array, and
  // `items` is the array's declared count, for estimates only.
  std::string iterator;
  std::uint32_t iterator_state = kNoState;
  core::Distribution items = core::Distribution::constant(1);
  std::string items_path;
  std::uint32_t max_concurrency = 40;

  // Wait: `seconds`.
  Duration wait = Duration::zero();
};

struct StateMachineConfig {
  enum class Type : std::uint8_t { standard, express };

  std::string name;
  Type type = Type::standard;
  std::string start_at;
  std::uint32_t start_state = 0;
  // The execution's limit (§10.1): 1 year for Standard, 5 minutes for
  // Express; an execution still running then has timed out.
  Duration timeout = hours(24 * 365);
  // Express's billed memory, rounded up to 64 MB chunks (§10.7).
  std::int64_t memory_mb = 64;
  // The latency of one state transition (§10.10: UNCONFIRMED placeholder,
  // 20 ms Standard, 5 ms Express).
  Duration transition_latency = milliseconds(20);
  // Standard's execution history cap (§10.1: 25,000 events; §10.2: about 5
  // events a Task entry and 2 for other states). An execution past it fails.
  std::uint32_t max_history_events = 25'000;
  std::vector<StateConfig> states;

  // Prices, us-east-1 (§10.7): Standard per state transition; Express per
  // request and per GB-second of duration rounded up to 100 ms.
  static constexpr double kStandardPerTransition = 0.025 / 1000;
  static constexpr double kExpressPerRequest = 1.00 / 1e6;
  // 0.0000001042 per 100 ms at 64 MB = per 0.00625 GB-s.
  static constexpr double kExpressPerGbSecond = 0.0000001042 / (0.1 * 0.0625);
};

// The defaults that differ by type (§10.1, §10.10).
inline void apply_type_defaults(StateMachineConfig& c) {
  if (c.type == StateMachineConfig::Type::express) {
    c.timeout = minutes(5);
    c.transition_latency = milliseconds(5);
  } else {
    c.timeout = hours(24 * 365);
    c.transition_latency = milliseconds(20);
  }
}

// The transitions an execution makes on average (§10.2: every state entered
// and every retry), from the machine's own figures: Choice probabilities,
// Map items' mean, Task failure probabilities and the retries and catches
// they lead to. Failures of a Parallel or Map branch and Task timeouts are
// left out, and a loop is followed until its expected count converges (at
// most max_history_events): an estimate for `edasim check`.
double expected_transitions(const StateMachineConfig& machine);

// The account's Step Functions quotas (§10.6, big-3 Regions): token buckets
// per account per Region, each shared by every state machine of its type.
// StartExecution: Standard 1,300 tokens refilled at 300 a second, Express
// 6,000 at 6,000. StateTransition: Standard 5,000 at 1,500; Express has
// none.
struct StepFunctionsQuotas {
  double standard_start_bucket = 1300;
  double standard_start_rate = 300;
  double express_start_bucket = 6000;
  double express_start_rate = 6000;
  double standard_transition_bucket = 5000;
  double standard_transition_rate = 1500;
};

}  // namespace edasim::model
