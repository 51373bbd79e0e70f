// The fields of a Lambda function's result, in report.json order.
#include "sim/model/functions/function_result.hpp"

#include "sim/model/run_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using F = FunctionResult;

FieldValue billed_seconds(const F& f, const RunResult&) {
  return static_cast<double>(f.billed_ns) * 1e-9;
}

const Field<F> kFunctionFields[] = {
    {.key = "queue",
     .kind = FieldKind::text,
     .meaning = "the queue the function's event source mapping polls",
     .read = member<&F::queue>,
     .column = "queue"},
    {.key = "invocations",
     .unit = "invocations",
     .meaning = "invocations started (billed requests)",
     .read = member<&F::invocations>,
     .column = "invocations"},
    {.key = "throttles",
     .unit = "attempts",
     .meaning = "invoke attempts refused because the function's concurrency was used up",
     .read = member<&F::throttles>,
     .column = "throttled attempts"},
    {.key = "throttled_batches",
     .unit = "batches",
     .meaning = "batches given up after throttling; their messages returned to the queue with a "
                "receive spent",
     .read = member<&F::throttled_batches>,
     .column = "throttled batches"},
    {.key = "cold_starts",
     .unit = "invocations",
     .meaning = "invocations that started a new execution environment",
     .read = member<&F::cold_starts>,
     .column = "cold starts"},
    {.key = "timeouts",
     .unit = "invocations",
     .meaning = "invocations stopped at the function timeout",
     .read = member<&F::timeouts>,
     .column = "timeouts"},
    {.key = "failed_batches",
     .unit = "invocations",
     .meaning = "invocations whose whole batch returned (an error without "
                "ReportBatchItemFailures, or a timeout)",
     .read = member<&F::failed_batches>,
     .column = "failed batches"},
    {.key = "partial_failures",
     .unit = "invocations",
     .meaning = "invocations that reported some items failed (ReportBatchItemFailures)",
     .read = member<&F::partial_failures>,
     .column = "partial failures"},
    {.key = "processed",
     .unit = "messages",
     .meaning = "messages the handler processed successfully (deleted unless their batch "
                "failed as a whole)",
     .read = member<&F::processed>,
     .column = "processed"},
    {.key = "failed",
     .unit = "messages",
     .meaning = "message attempts that failed",
     .read = member<&F::failed>},
    {.key = "returned",
     .unit = "messages",
     .meaning = "messages handed back undeleted with a failed, timed-out or throttled batch, "
                "beyond the failures themselves",
     .read = member<&F::returned>},
    {.key = "peak_concurrency",
     .unit = "pollers",
     .meaning = "the most pollers the mapping ran at once (its concurrency; the series has it "
                "over time)",
     .read = member<&F::peak_concurrency>,
     .column = "peak concurrency"},
    {.key = "peak_executions",
     .unit = "invocations",
     .meaning = "the most invocations running at once",
     .read = member<&F::peak_executions>},
    {.key = "memory_mb",
     .unit = "MB",
     .meaning = "the function's memory",
     .read = member<&F::memory_mb>},
    {.key = "billed_seconds",
     .kind = FieldKind::number,
     .unit = "s",
     .meaning = "billed duration of all invocations",
     .read = billed_seconds,
     .decimals = 3},
    {.key = "gb_seconds",
     .kind = FieldKind::number,
     .unit = "GB-s",
     .meaning = "billed duration x memory / 1024",
     .read = member<&F::gb_seconds>,
     .decimals = 3,
     .column = "GB-seconds"},
    {.key = "emitted",
     .unit = "events",
     .meaning = "written when the design emits: the events this function's `emit` list made",
     .read = member<&F::emitted>,
     .present = [](const F&, const RunResult& run) { return run.emits; }},
};

const LatencyField<F> kFunctionLatencies[] = {
    {.key = "duration",
     .meaning = "invocation duration, initialisation included",
     .read = [](const F& f) -> const metrics::Histogram& { return f.duration; }},
    {.key = "cold_start",
     .meaning = "initialisation time of new environments",
     .read = [](const F& f) -> const metrics::Histogram& { return f.cold_start; }},
    {.key = "queue_wait",
     .meaning = "time from becoming visible until received, per receive",
     .read = [](const F& f) -> const metrics::Histogram& { return f.queue_wait; }},
    {.key = "end_to_end",
     .meaning = "time from production until the first successful processing (for an emitted "
                "event, from its root's production)",
     .read = [](const F& f) -> const metrics::Histogram& { return f.end_to_end; }},
};

}  // namespace

std::span<const Field<FunctionResult>> function_fields() {
  return kFunctionFields;
}

std::span<const LatencyField<FunctionResult>> function_latencies() {
  return kFunctionLatencies;
}

}  // namespace edasim::model
