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

// Fields only one kind of event source mapping has, for `present` (a
// report.json field or latency block) and `measured` (a study measure).
bool reads_queue(const F& f, const RunResult&) {
  return !f.reads_stream();
}
bool queue_fed(const F& f) {
  return !f.reads_stream();
}
bool has_groups(const F& f) {
  return f.grouped;
}
bool carries_groups(const F& f, const RunResult&) {
  return has_groups(f);
}
bool reads_stream(const F& f, const RunResult&) {
  return f.reads_stream();
}
bool stream_fed(const F& f) {
  return f.reads_stream();
}

const Field<F> kFunctionFields[] = {
    {.key = "queue",
     .kind = FieldKind::text,
     .meaning = "the queue the function's event source mapping polls",
     .read = member<&F::queue>,
     .column = "queue",
     .present = reads_queue},
    {.key = "stream",
     .kind = FieldKind::text,
     .meaning = "the Kinesis stream the function's event source mapping reads",
     .read = member<&F::stream>,
     .present = [](const F& f, const RunResult&) { return !f.stream.empty(); }},
    {.key = "table",
     .kind = FieldKind::text,
     .meaning = "the DynamoDB table whose stream the function's event source mapping reads",
     .read = member<&F::table>,
     .present = [](const F& f, const RunResult&) { return !f.table.empty(); }},
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
     .measure = Better::higher,
     .column = "processed"},
    {.key = "failed",
     .unit = "messages",
     .meaning = "message attempts that failed",
     .read = member<&F::failed>},
    {.key = "duplicates",
     .unit = "messages",
     .meaning = "present when the function counts duplicates (`duplicates = { window = ... }`): "
                "successful processings of an event whose identity it had already processed "
                "successfully within the window (a redelivered message, a record of a retried "
                "batch, or an event made again because a component upstream processed its cause "
                "again)",
     .read = member<&F::duplicates>,
     .measure = Better::lower,
     .column = "duplicates",
     .measured = [](const F& f) { return f.counts_duplicates; },
     .present = [](const F& f, const RunResult&) { return f.counts_duplicates; }},
    {.key = "returned",
     .unit = "messages",
     .meaning = "messages handed back undeleted with a failed, timed-out or throttled batch, "
                "beyond the failures themselves",
     .read = member<&F::returned>},
    {.key = "out_of_order",
     .unit = "messages",
     .meaning = "present when the queue's messages carry a message group (a producer's "
                "`message_group_id`, on a FIFO or a standard queue): messages processed "
                "successfully for the first time after a later message of their group (later in "
                "production) already was; duplicates and messages left in a DLQ are not counted",
     .read = member<&F::out_of_order>,
     .measure = Better::lower,
     .column = "out of order",
     .measured = has_groups,
     .present = carries_groups},
    {.key = "groups",
     .meaning = "present with `out_of_order`: the message groups whose messages it processed",
     .read = member<&F::groups>,
     .column = "groups",
     .present = carries_groups},
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
     .meaning = "written when the design emits: the events this function's `emit` list made "
                "(and a stream mapping's on-failure descriptions)",
     .read = member<&F::emitted>,
     .present = [](const F&, const RunResult& run) { return run.emits; }},
    {.key = "fetches",
     .unit = "calls",
     .meaning = "a stream's mapping: GetRecords calls on its shards (free for Lambda)",
     .read = member<&F::fetches>,
     .present = reads_stream},
    {.key = "retried_batches",
     .unit = "batches",
     .meaning = "a stream's mapping: failed invocations whose batch was tried again (a bisected "
                "half included)",
     .read = member<&F::retried_batches>,
     .measure = Better::lower,
     .measured = stream_fed,
     .present = reads_stream},
    {.key = "bisections",
     .unit = "batches",
     .meaning = "a stream's mapping: failed batches split in two (BisectBatchOnFunctionError)",
     .read = member<&F::bisections>,
     .present = reads_stream},
    {.key = "abandoned_batches",
     .unit = "batches",
     .meaning = "a stream's mapping: batches discarded after maximum_retry_attempts or "
                "maximum_record_age; the on-failure destination gets one description of each",
     .read = member<&F::abandoned_batches>,
     .measure = Better::lower,
     .measured = stream_fed,
     .present = reads_stream},
    {.key = "abandoned_records",
     .unit = "records",
     .meaning = "a stream's mapping: records of those batches never processed",
     .read = member<&F::abandoned_records>,
     .measure = Better::lower,
     .column = "abandoned",
     .measured = stream_fed,
     .present = reads_stream},
    {.key = "expired_records",
     .unit = "records",
     .meaning = "a stream's mapping: records it fetched that the stream's retention deleted "
                "before they were processed",
     .read = member<&F::expired_records>,
     .measure = Better::lower,
     .measured = stream_fed,
     .present = reads_stream},
    {.key = "blocked_ms",
     .kind = FieldKind::duration,
     .unit = "ms",
     .meaning = "a stream's mapping: time its lanes (shard x parallelisation factor) spent on "
                "failing batches, from the first failure to the success or discard (or the run's "
                "end), summed",
     .read = [](const F& f, const RunResult&) -> FieldValue {
       return Nanoseconds{static_cast<double>(f.blocked_ns)};
     },
     .measure = Better::lower,
     .measured = stream_fed,
     .present = reads_stream},
    {.key = "longest_block_ms",
     .kind = FieldKind::duration,
     .unit = "ms",
     .meaning = "a stream's mapping: the longest one lane stayed blocked",
     .read = [](const F& f, const RunResult&) -> FieldValue {
       return Nanoseconds{static_cast<double>(f.longest_block_ns)};
     },
     .measure = Better::lower,
     .measured = stream_fed,
     .present = reads_stream},
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
     .read = [](const F& f) -> const metrics::Histogram& { return f.queue_wait; },
     .present = queue_fed},
    {.key = "end_to_end",
     .meaning = "time from production until the first successful processing (for an emitted "
                "event, from its root's production)",
     .read = [](const F& f) -> const metrics::Histogram& { return f.end_to_end; },
     .measure = true},
    {.key = "iterator_age",
     .meaning = "a stream's mapping: the age of a batch's last record when its invocation ends "
                "(Lambda's IteratorAge)",
     .read = [](const F& f) -> const metrics::Histogram& { return f.iterator_age; },
     .measure = true,
     .present = stream_fed},
};

}  // namespace

std::span<const Field<FunctionResult>> function_fields() {
  return kFunctionFields;
}

std::span<const LatencyField<FunctionResult>> function_latencies() {
  return kFunctionLatencies;
}

}  // namespace edasim::model
