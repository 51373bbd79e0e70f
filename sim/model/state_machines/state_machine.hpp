// An AWS Step Functions state machine: each StartExecution the quota admits
// runs the machine's states on the kernel, from `start_at` to a terminal
// state, the execution timeout or the history cap (services.md §10).
//
// What it promises:
// - Time is the states' own: a Task lasts its drawn duration (plus the
//   callback's delay when it waits for a task token), a Wait its seconds,
//   a Parallel its slowest branch, a Map its iterations run at most
//   max_concurrency at once; every state entered adds the machine's
//   transition latency (§10.10). Nothing else takes time.
// - Transitions are billed as §10.2 counts them: one for every state
//   entered (inside Parallel branches and Map iterations too) and one for
//   every retry.
// - Errors (§10.3): a failed Task attempt is retried by the first retrier
//   whose errors match, while that retrier has attempts left (its count
//   lasts the state's execution), after min(interval * backoff^(n-1),
//   max_delay), drawn from [0, that] with full jitter; otherwise the first
//   matching catcher routes on; otherwise the branch fails. A failed branch
//   fails its Parallel or Map with States.BranchFailed (which that state's
//   catchers may catch), and the other branches are abandoned; a failure of
//   the top branch fails the execution.
// - Every started execution closes exactly once: succeeded, failed or timed
//   out (at the execution timeout, §10.1), or is running when the run ends.
//   A Standard execution whose history passes max_history_events (§10.2's
//   events per state) fails.
// - StartExecution is a token bucket (§10.6) refilled continuously, one per
//   workflow type for the whole account (every machine of the type shares
//   it); a start it refuses is the sender's to retry (Destination
//   semantics).
// - Every transition of a Standard execution (a state entered, a retry)
//   takes a token from the account's StateTransition bucket (§10.6). When
//   none is left the transition waits until one is (§10.6 leaves delay or
//   failure UNCONFIRMED; delay is its suggestion): waits are reservations
//   against the bucket, so transitions go in the order they were asked
//   for, each at the instant its token arrives, with no event of their
//   own (the state's entry event is scheduled that much later). A waiting
//   transition whose execution closes first keeps its token. Express
//   transitions are not limited.
// - Draws come from streams named after the machine, one per purpose, so
//   the same seed gives the same executions.
//
// Conservation, as a chain counts its requests: an execution that succeeds
// counts its event routed and processed, one that fails or times out a
// failed request, one still running awaits routing. An execution a service
// started (a bus rule's target) counts its copy instead: processed,
// rejected, or in flight.
//
// - The execution's input is the event that started it: a Choice rule with
//   a pattern tests its fields, and a Map with `items_path` iterates over
//   one of its arrays. No execution holds the fields: they are made again
//   from the event's number when a state reads them (EventSources), as the
//   input stays the execution's whole data (every Task's result kept
//   beside it, as a ResultPath does).
//
// Not modelled: Express's at-least-once re-runs, Distributed Map,
// heartbeats, Task results in the data a Choice reads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/model/state_machines/state_machine_config.hpp"
#include "sim/model/state_machines/state_machine_result.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/event_sources.hpp"
#include "sim/model/support/token_bucket.hpp"
#include "sim/rules/event.hpp"
#include "sim/rules/match_buffers.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim::model {

class OfferedLoad;
struct OfferSample;

// The account's Step Functions buckets (§10.6: per account per Region),
// shared by every state machine of a system: a StartExecution bucket per
// type, and Standard's StateTransition bucket (Express has none).
class StepFunctionsAccount {
 public:
  explicit StepFunctionsAccount(const StepFunctionsQuotas& q)
      : standard_starts_(q.standard_start_rate, q.standard_start_bucket),
        express_starts_(q.express_start_rate, q.express_start_bucket),
        transitions_(q.standard_transition_rate, q.standard_transition_bucket) {}

  TokenBucket& starts(StateMachineConfig::Type type) {
    return type == StateMachineConfig::Type::express ? express_starts_ : standard_starts_;
  }
  // Standard only.
  TokenBucket& transitions() { return transitions_; }

 private:
  TokenBucket standard_starts_, express_starts_, transitions_;
};

class StateMachine final : public core::Component {
 public:
  // `account`: the buckets this machine's starts and transitions take from,
  // shared with the system's other machines; it outlives the machine.
  StateMachine(StateMachineConfig config, const Context& context, StepFunctionsAccount& account);

  void attach(core::ComponentId id) { id_ = id; }
  const std::string& name() const { return config_.name; }
  const StateMachineConfig& config() const { return config_; }

  // A StartExecution for an event made at `produced`, whose fields are those
  // of event `input` (Cause::content_of; kNoInput: none): starts an
  // execution now and returns true, or returns false when the quota
  // refuses it.
  // `relayed`: a service starts it for a copy of an event it routed (an
  // EventBridge rule's target), whose event is counted routed already: the
  // execution tells the copy's fate (processed when it succeeds, rejected
  // when it fails or times out, in flight while it runs).
  static constexpr std::uint64_t kNoInput = UINT64_MAX;
  bool start_execution(Time produced, bool relayed = false, std::uint64_t input = kNoInput);
  // The sender gave up `starts` throttled starts.
  void give_up(std::uint64_t starts);
  // The share of a sender's events that `sample` offers the machine.
  void offer(const OfferSample& sample, OfferedLoad& load) const;

  std::uint64_t running() const { return result_.started - closed_; }
  // Of those, the executions a service started (start_execution's `relayed`).
  std::uint64_t running_relayed() const { return running_relayed_; }
  StateMachineResult result() const;

  void handle(core::Kernel& kernel, const core::Event& event) override;

 private:
  enum Kind : std::uint32_t { entered, task_done, resume, retry_due, execution_timeout };
  enum class Outcome : std::uint8_t { succeeded, failed, timed_out };

  // A branch of an execution running one state at a time: the execution's
  // top branch, a Parallel branch or a Map iteration.
  struct Thread {
    std::uint32_t execution = 0;
    std::uint32_t parent = kNoState;  // the thread whose Parallel or Map runs it
    std::uint32_t state = 0;
    std::uint32_t generation = 0;
    bool active = false;
    // The current Task attempt's outcome, decided when it starts.
    bool ok = true;
    bool timed_out = false;  // it fails with States.Timeout at its timeout
    std::string_view error;
    std::vector<std::int32_t> retried;  // by retrier, this state's execution
    // A Parallel or Map waiting for its branches.
    std::uint32_t pending = 0;
    std::uint32_t items_left = 0;
  };
  struct Execution {
    Time started;
    std::uint64_t input = kNoInput;  // the event whose fields are its input
    std::uint32_t generation = 0;
    bool active = false;
    bool relayed = false;
    std::uint64_t history = 0;
    std::vector<std::uint32_t> threads;
  };

  std::uint32_t new_execution();
  std::uint32_t spawn(std::uint32_t execution, std::uint32_t parent);
  void enter(std::uint32_t thread, std::uint32_t state);
  // A transition's wait for a StateTransition token (Standard; zero for
  // Express), counted when there is one.
  Duration throttle_transition();
  void run_state(std::uint32_t thread);
  // A Task attempt, starting `after` from now (a retry's throttled
  // transition).
  void attempt(std::uint32_t thread, Duration after = Duration::zero());
  void advance(std::uint32_t thread);
  void state_failed(std::uint32_t thread, std::string_view error);
  void thread_succeeded(std::uint32_t thread);
  void thread_failed(std::uint32_t thread, std::string_view error);
  void abandon_children(std::uint32_t parent);
  void close(std::uint32_t execution, Outcome outcome);
  void free_thread(std::uint32_t thread);
  void schedule(Duration delay, Kind kind, std::uint32_t slot, std::uint32_t generation);
  // The input of `execution` as the rule engine reads it (empty without
  // fields), with the machine's Choice patterns matched against it into
  // input_matched_ (rule ids of matcher_).
  const rules::Event& read_input(std::uint32_t execution);
  bool input_matches(std::uint32_t state, std::size_t rule) const;
  std::uint32_t input_items(std::uint32_t state) const;

  StateMachineConfig config_;
  EventSources* sources_;
  // Every Choice pattern of the machine, compiled once: rule k of the set
  // is pattern_rule_[k] = (state, rule); items_path_ids_ holds each state's
  // ItemsPath in the set's path table.
  std::unique_ptr<rules::RuleSet> matcher_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pattern_rule_;
  std::vector<rules::PathId> items_path_ids_;
  std::vector<std::pair<const EventFactory*, std::vector<rules::PathId>>> input_paths_;
  rules::Event input_;
  rules::MatchBuffers match_buffers_;
  std::vector<rules::RuleIndex> input_matched_;
  core::Kernel& kernel_;
  Books& books_;
  core::ComponentId id_ = 0;
  StepFunctionsAccount& account_;
  core::RandomStream durations_, failures_, choices_, jitter_;
  std::vector<Thread> threads_;
  std::vector<std::uint32_t> free_threads_;
  std::vector<Execution> executions_;
  std::vector<std::uint32_t> free_executions_;
  std::uint64_t closed_ = 0;
  std::uint64_t running_relayed_ = 0;
  StateMachineResult result_;
};

}  // namespace edasim::model
