// The settings of one Lambda function fed by an SQS event source mapping
// (ESM): how the mapping polls and scales, how it batches, and the function's
// limits and costs.
//
// Defaults follow shared/reference/services.md §4. Figures AWS does not
// publish (cold-start time, how long an idle execution environment stays
// warm, the poll wait, the throttle retry interval) are parameters.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/time.hpp"
#include "sim/model/support/duplicate_count.hpp"
#include "sim/model/support/emit_config.hpp"

namespace edasim::model {

// How an event source mapping reads a stream (a Kinesis stream or a
// DynamoDB table's stream; services.md §11.4): per shard, in order, in
// batches it retries until they succeed, their records grow too old, or its
// retry attempts run out.
struct StreamMappingConfig {
  // Concurrent batches per shard (ParallelizationFactor, 1 .. 10); records
  // with the same key stay in order.
  std::int32_t parallelization_factor = 1;
  // BisectBatchOnFunctionError: a failed batch is split in two before it is
  // retried; a split spends no retry attempt.
  bool bisect_on_error = false;
  // MaximumRetryAttempts after a function error: none is -1, infinite
  // (until the record expires).
  std::int32_t maximum_retry_attempts = -1;
  // MaximumRecordAgeInSeconds: records older than this are discarded
  // unprocessed; none is -1, infinite (the stream's retention).
  std::optional<Duration> maximum_record_age;
  // The on-failure destination: what a discarded batch's description is
  // sent to (at most one entry; its event is the description).
  std::vector<EmitConfig> on_failure;
  // How often each shard is polled when the mapping has nothing to process
  // (DynamoDB: 4 times a second, §11.4).
  Duration poll_interval = milliseconds(250);
  // The wait before a failed batch is retried (AWS publishes none).
  Duration retry_wait = Duration::zero();
};

struct FunctionConfig {
  std::string name;
  // The event source: exactly one of an SQS queue, a Kinesis stream (the
  // stream's name) or a DynamoDB table's stream (the table's name).
  std::string queue;
  std::string stream;
  std::string table;
  // The mapping's settings for a stream or a table.
  StreamMappingConfig stream_mapping;
  bool reads_stream() const { return !stream.empty() || !table.empty(); }

  // Batching (§4.2): up to batch_size messages (10,000 on standard queues,
  // which needs a window of at least 1 s), gathered for at most
  // batching_window, and no more than payload_limit bytes.
  std::int32_t batch_size = 10;
  Duration batching_window = Duration::zero();
  std::int64_t payload_limit = 6'000'000;

  // Scaling (§4.1): the ESM starts with initial_concurrency concurrent
  // invokes, adds scale_up_per_minute while messages remain, up to
  // min(max_pollers, maximum_concurrency), and falls back towards
  // idle_concurrency when the queue is empty.
  std::int32_t initial_concurrency = 5;
  std::int32_t scale_up_per_minute = 300;
  std::int32_t max_pollers = 1250;
  std::optional<std::int32_t> maximum_concurrency;  // ScalingConfig, 2 .. 1000
  std::int32_t idle_concurrency = 5;
  Duration poll_wait = seconds(20);  // the ESM's long-poll wait (UNCONFIRMED)

  // The function's concurrency: reserved concurrency if set, else what the
  // account allows (1,000 per Region by default). Invocations beyond it are
  // throttled.
  std::optional<std::int32_t> reserved_concurrency;
  std::int32_t account_concurrency = 1000;
  // A throttled batch is retried this often until the visibility timeout of
  // its first message would pass; then it is left to return to the queue.
  Duration throttle_retry = seconds(1);

  // The function.
  Duration timeout = seconds(3);  // 1 s .. 15 min
  std::int32_t memory_mb = 128;   // 128 .. 10,240
  // Per message: the handler works through its batch one message after
  // another.
  core::DurationDistribution processing{core::Distribution::constant(0.05)};
  // A new execution environment first initialises (a cold start); an
  // environment idle longer than keep_warm has been reclaimed.
  core::DurationDistribution cold_start{core::Distribution::constant(0.25)};
  Duration keep_warm = minutes(5);
  double failure_probability = 0.0;  // per message, transient
  double poison_fraction = 0.0;      // these events fail on every attempt
  // ReportBatchItemFailures: only the failed messages return to the queue.
  // Without it the handler throws at the first failure and the whole batch
  // returns, including messages already processed.
  bool report_batch_item_failures = false;

  // Billing: duration rounded up to this granularity, initialisation
  // included when bill_init is set.
  Duration billing_granularity = milliseconds(1);
  bool bill_init = true;

  // Events the handler emits as part of processing each message of a batch,
  // on that message's outcome (sim/model/support/emit_list.hpp).
  std::vector<EmitConfig> emit;
  // Counts successful processings of an event it had already processed
  // (sim/model/support/duplicate_count.hpp).
  DuplicatesConfig duplicates;

  // The ESM's ceiling on its own concurrency.
  std::int32_t concurrency_cap() const {
    return maximum_concurrency ? std::min(*maximum_concurrency, max_pollers) : max_pollers;
  }
  // How many invocations of the function may run at once.
  std::int32_t function_concurrency() const {
    return reserved_concurrency ? *reserved_concurrency : account_concurrency;
  }
};

// The name a stream mapping's on-failure sends go by in the books and the
// event numbering ("lambda:NAME.on-failure").
inline std::string on_failure_component(const std::string& function) {
  return "lambda:" + function + ".on-failure";
}

}  // namespace edasim::model
