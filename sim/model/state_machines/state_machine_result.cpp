// The fields of a state machine's result, in report.json order.
#include "sim/model/state_machines/state_machine_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using S = StateMachineResult;

const Field<S> kStateMachineFields[] = {
    {.key = "type",
     .kind = FieldKind::text,
     .meaning = "\"standard\" or \"express\"",
     .read = member<&S::type>},
    {.key = "started",
     .unit = "executions",
     .meaning = "executions started (ExecutionsStarted)",
     .read = member<&S::started>,
     .column = "started"},
    {.key = "succeeded",
     .unit = "executions",
     .meaning = "executions that succeeded",
     .read = member<&S::succeeded>,
     .column = "succeeded"},
    {.key = "failed",
     .unit = "executions",
     .meaning = "executions that failed (an uncaught error, or the history cap)",
     .read = member<&S::failed>,
     .measure = Better::lower,
     .column = "failed"},
    {.key = "timed_out",
     .unit = "executions",
     .meaning = "executions still open at the machine's execution timeout",
     .read = member<&S::timed_out>,
     .measure = Better::lower,
     .column = "timed out"},
    {.key = "running",
     .unit = "executions",
     .meaning = "executions still open when the run ended",
     .read = member<&S::running>},
    {.key = "throttled",
     .unit = "requests",
     .meaning = "StartExecution requests the quota refused (each retry counts)",
     .read = member<&S::throttled>,
     .measure = Better::lower,
     .column = "throttled"},
    {.key = "throttled_given_up",
     .unit = "events",
     .meaning = "starts the sender gave up after its throttled retries",
     .read = member<&S::throttled_given_up>},
    {.key = "history_exceeded",
     .unit = "executions",
     .meaning = "of `failed`, those whose history passed the 25,000-event cap (Standard)",
     .read = member<&S::history_exceeded>},
    {.key = "transitions",
     .unit = "transitions",
     .meaning = "state transitions: every state entered and every retry",
     .read = member<&S::transitions>,
     .measure = Better::lower,
     .column = "transitions"},
    {.key = "throttled_transitions",
     .unit = "transitions",
     .meaning = "Standard: transitions that waited for the account's StateTransition bucket "
                "(ExecutionThrottled)",
     .read = member<&S::throttled_transitions>,
     .measure = Better::lower,
     .column = "transitions throttled"},
    {.key = "transition_throttle_s",
     .kind = FieldKind::number,
     .unit = "seconds",
     .meaning = "the time those transitions waited, in all",
     .read = member<&S::transition_throttle_seconds>,
     .decimals = 3,
     .measure = Better::lower},
    {.key = "retries",
     .unit = "attempts",
     .meaning = "Task attempts a Retry made",
     .read = member<&S::retries>,
     .column = "retries"},
    {.key = "caught",
     .unit = "errors",
     .meaning = "errors a Catch routed on",
     .read = member<&S::caught>},
    {.key = "task_timeouts",
     .unit = "attempts",
     .meaning = "Task attempts failed with States.Timeout",
     .read = member<&S::task_timeouts>},
    {.key = "billed_gb_seconds",
     .kind = FieldKind::number,
     .unit = "GB-s",
     .meaning = "Express: billed duration (100 ms steps) times billed memory (64 MB steps)",
     .read = member<&S::billed_gb_seconds>,
     .decimals = 3},
    {.key = "cost_usd",
     .kind = FieldKind::number,
     .unit = "USD",
     .meaning = "this run's bill: Standard per transition, Express per request and GB-second",
     .read = member<&S::cost_usd>,
     .decimals = 6,
     .measure = Better::lower,
     .column = "cost $"},
};

const LatencyField<S> kStateMachineLatencies[] = {
    {.key = "duration_ms",
     .meaning = "start to close, of the executions that succeeded (ExecutionTime)",
     .read = [](const S& s) -> const metrics::Histogram& { return s.duration; },
     .measure = true},
    {.key = "failed_duration_ms",
     .meaning = "start to close, of the executions that failed or timed out",
     .read = [](const S& s) -> const metrics::Histogram& { return s.failed_duration; }},
    {.key = "transition_throttle_ms",
     .meaning = "each throttled transition's wait for a StateTransition token (Standard)",
     .read = [](const S& s) -> const metrics::Histogram& { return s.transition_throttle; }},
};

}  // namespace

std::span<const Field<StateMachineResult>> state_machine_fields() {
  return kStateMachineFields;
}

std::span<const LatencyField<StateMachineResult>> state_machine_latencies() {
  return kStateMachineLatencies;
}

}  // namespace edasim::model
