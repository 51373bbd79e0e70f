#include <span>

#include "sim/core/units.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// AWS Lambda and SQS event source mapping limits (services.md §4).
constexpr Range<std::int64_t> batch_sizes{1, 10'000};
constexpr Range<Duration> batching_windows{Duration::zero(), seconds(300)};
constexpr Range<Duration> function_timeouts{seconds(1), minutes(15)};
constexpr Range<std::int64_t> memory_sizes{128, 10'240};
constexpr Range<std::int64_t> maximum_concurrencies{2, 1'000};
constexpr Range<Duration> poll_waits{seconds(1), seconds(20)};
constexpr Range<std::int64_t> payload_limits{1'024, 6'291'456};
// Each poller is simulated with its own state; the documented cap is 1,250
// and support may raise it, so allow some headroom, not unbounded memory.
constexpr Range<std::int64_t> poller_counts{1, 100'000};
// The event source mapping for a stream (services.md §11.4).
constexpr Range<std::int64_t> parallelization_factors{1, 10};
constexpr Range<std::int64_t> retry_attempts{-1, 10'000};
constexpr Range<Duration> record_ages{seconds(60), hours(24 * 7)};
constexpr Range<Duration> stream_poll_intervals{milliseconds(1), seconds(60)};
constexpr Range<Duration> retry_waits{Duration::zero(), hours(1)};

// Keys only an SQS mapping has, and keys only a stream's mapping has.
constexpr const char* kQueueOnly[] = {"initial_concurrency", "scale_up_per_minute", "max_pollers",
                                      "maximum_concurrency", "idle_concurrency",    "poll_wait"};
constexpr const char* kStreamOnly[] = {"parallelization_factor",
                                       "bisect_on_error",
                                       "maximum_retry_attempts",
                                       "maximum_record_age",
                                       "on_failure",
                                       "poll_interval",
                                       "retry_wait"};

const Keys& function_keys() {
  static const Keys keys{
      "a Lambda function with an event source mapping (an SQS queue's, a Kinesis stream's or a "
      "DynamoDB table's stream's)",
      {
          text("queue", "the queue the mapping polls (one of queue, stream and table)"),
          text("stream", "the Kinesis stream the mapping reads (one of queue, stream and table)"),
          text(
              "table",
              "the DynamoDB table whose stream the mapping reads (one of queue, stream and table)"),
          integer("batch", batch_sizes,
                  "records per invocation (default 10 from a queue, 100 from a stream); over 10 "
                  "from a queue needs batching_window"),
          duration("batching_window", batching_windows,
                   "how long a poller keeps gathering a batch"),
          size("payload_limit", payload_limits, "a batch stops growing at this many bytes"),
          integer("initial_concurrency", poller_counts, "pollers at the start"),
          integer("scale_up_per_minute", poller_counts,
                  "pollers added per minute while messages are visible"),
          integer("max_pollers", poller_counts, "the mapping's own ceiling"),
          integer("maximum_concurrency", maximum_concurrencies, "the ScalingConfig cap"),
          integer("idle_concurrency", poller_counts,
                  "the level an empty queue scales down to, at most initial_concurrency"),
          duration("poll_wait", poll_waits, "the mapping's long-poll wait"),
          integer("account_concurrency", positive_concurrency,
                  "the concurrency the function may use without a reservation"),
          integer("reserved_concurrency", {0, positive_concurrency.high},
                  "the function's reserved concurrency, at most account_concurrency"),
          duration("throttle_retry", repeating_period, "how often a throttled batch is retried"),
          duration("timeout", function_timeouts,
                   "the function's timeout, at most the queue's visibility timeout"),
          integer("memory_mb", memory_sizes, "memory in MB"),
          distribution("processing", "handler time per message (a duration)"),
          distribution("cold_start", "initialisation of a new execution environment (a duration)"),
          duration("keep_warm", any_duration, "an idle environment is reclaimed after this"),
          number("failure_probability", probability, "transient failure per message"),
          number("poison_fraction", probability, "the share of events that fail every attempt"),
          flag("report_batch_item_failures", "only failed messages return to the queue"),
          duration("billing_granularity", positive_duration,
                   "billed duration is rounded up to this"),
          flag("bill_init", "whether initialisation time is billed"),
          emit_key(),
          duplicates_key(),
          integer("parallelization_factor", parallelization_factors,
                  "a stream's mapping: concurrent batches per shard"),
          flag("bisect_on_error",
               "a stream's mapping: split a failed batch in two before retrying"),
          integer("maximum_retry_attempts", retry_attempts,
                  "a stream's mapping: retries of a failed batch before it is discarded; -1: "
                  "until its records expire"),
          duration("maximum_record_age", record_ages,
                   "a stream's mapping: records older than this are discarded; none: the stream's "
                   "retention"),
          text("on_failure",
               "a stream's mapping: \"queue.NAME\" or \"topic.NAME\", where a description of "
               "each discarded batch is sent"),
          duration("poll_interval", stream_poll_intervals,
                   "a stream's mapping: how often each shard is polled"),
          duration("retry_wait", retry_waits,
                   "a stream's mapping: the wait before a failed batch is retried"),
      }};
  return keys;
}

// `on_failure = "queue.NAME" | "topic.NAME"`: one entry of a list that sends
// a description of each discarded batch (1 KB, a failure's outcome).
void read_on_failure(Section& section, model::FunctionConfig& f) {
  std::string to;
  if (!section.read("on_failure", to)) return;
  model::EmitConfig e;
  const std::size_t dot = to.find('.');
  const std::string prefix = dot == std::string::npos ? "" : to.substr(0, dot);
  if (prefix == "queue") {
    e.target_table = "queues";
  } else if (prefix == "topic") {
    e.target_table = "topics";
  } else {
    section.report("on_failure",
                   "expected \"queue.NAME\" or \"topic.NAME\" (an SQS queue or an "
                   "SNS topic, as Lambda allows), got \"" +
                       to + "\"");
    return;
  }
  e.target = to.substr(dot + 1);
  e.event = model::EventTemplate{};
  e.event->name = "stream-batch-failure";
  e.when = model::EmitConfig::When::failure;
  f.stream_mapping.on_failure.push_back(std::move(e));
}

model::FunctionConfig read_function(Section& section, const std::string& name) {
  model::FunctionConfig f;
  f.name = name;
  const int sources = (section.has("queue") ? 1 : 0) + (section.has("stream") ? 1 : 0) +
                      (section.has("table") ? 1 : 0);
  if (sources == 0) {
    section.require("queue");
  } else if (sources > 1) {
    section.report(section.has("queue") ? "queue" : "stream",
                   "a function has one event source: give one of queue, stream and table");
  }
  section.read("queue", f.queue);
  section.read("stream", f.stream);
  section.read("table", f.table);
  const bool from_stream = f.queue.empty() && sources == 1;
  const std::span<const char* const> foreign = from_stream
                                                   ? std::span<const char* const>(kQueueOnly)
                                                   : std::span<const char* const>(kStreamOnly);
  for (const char* key : foreign) {
    if (!section.has(key)) continue;
    section.take(key);
    section.report(
        key, from_stream ? "a function reading a stream has no " + std::string(key) +
                               " (an SQS event source mapping's setting)"
                         : "only a function reading a stream or a table has " + std::string(key));
  }
  if (from_stream) f.batch_size = 100;

  section.read("batch", f.batch_size, batch_sizes);
  section.read("batching_window", f.batching_window, batching_windows);
  section.read_size("payload_limit", f.payload_limit, payload_limits);
  if (!from_stream && f.batch_size > 10 && f.batching_window < seconds(1)) {
    section.report("batch",
                   "a batch of more than 10 messages needs a batching_window of at least 1s");
  }

  section.read("initial_concurrency", f.initial_concurrency, poller_counts);
  section.read("scale_up_per_minute", f.scale_up_per_minute, poller_counts);
  section.read("max_pollers", f.max_pollers, poller_counts);
  std::int32_t maximum = 0;
  if (section.read("maximum_concurrency", maximum, maximum_concurrencies)) {
    f.maximum_concurrency = maximum;
  }
  section.read("idle_concurrency", f.idle_concurrency, poller_counts);
  if (f.idle_concurrency > f.initial_concurrency) {
    section.report("idle_concurrency", "idle_concurrency must not exceed initial_concurrency (" +
                                           std::to_string(f.initial_concurrency) + ")");
  }
  section.read("poll_wait", f.poll_wait, poll_waits);

  section.read("account_concurrency", f.account_concurrency, positive_concurrency);
  std::int32_t reserved = 0;
  if (section.read("reserved_concurrency", reserved,
                   Range<std::int64_t>{0, f.account_concurrency})) {
    f.reserved_concurrency = reserved;
  }
  section.read("throttle_retry", f.throttle_retry, repeating_period);

  section.read("timeout", f.timeout, function_timeouts);
  section.read("memory_mb", f.memory_mb, memory_sizes);
  read_duration_distribution(section, "processing", f.processing);
  read_duration_distribution(section, "cold_start", f.cold_start);
  section.read("keep_warm", f.keep_warm, any_duration);
  section.read("failure_probability", f.failure_probability, probability);
  section.read("poison_fraction", f.poison_fraction, probability);
  section.read("report_batch_item_failures", f.report_batch_item_failures);
  section.read("billing_granularity", f.billing_granularity, positive_duration);
  section.read("bill_init", f.bill_init);
  read_duplicates(section, f.duplicates);
  read_emit(section, f.emit);
  model::StreamMappingConfig& m = f.stream_mapping;
  section.read("parallelization_factor", m.parallelization_factor, parallelization_factors);
  section.read("bisect_on_error", m.bisect_on_error);
  section.read("maximum_retry_attempts", m.maximum_retry_attempts, retry_attempts);
  Duration age;
  if (section.read("maximum_record_age", age, record_ages)) m.maximum_record_age = age;
  read_on_failure(section, f);
  if (!f.stream.empty()) m.poll_interval = seconds(1);  // Kinesis: once a second per shard
  section.read("poll_interval", m.poll_interval, stream_poll_intervals);
  section.read("retry_wait", m.retry_wait, retry_waits);
  section.finish();
  return f;
}

}  // namespace

Key functions_key() {
  return named("functions", function_keys(), "Lambda functions, by name");
}

void read_functions(Section& root, model::SystemConfig& config) {
  read_named(root, "functions", config.functions, read_function);
}

namespace {

void add_functions(Topology& topology, const model::SystemConfig& config) {
  topology.declare("functions", "function", "function");
  topology.add_each("functions", config.functions);
}

void connect_functions(Topology& topology, const model::SystemConfig& config) {
  for (const model::FunctionConfig& f : config.functions) {
    const std::string key = child_path("functions", f.name);
    const Topology::Vertex v = *topology.find("functions", f.name);
    if (!f.table.empty()) {
      topology.connect_from("tables", f.table, v, Topology::Link::feeds, child_path(key, "table"));
    } else if (!f.stream.empty()) {
      topology.connect_from("streams", f.stream, v, Topology::Link::feeds,
                            child_path(key, "stream"));
    } else {
      topology.connect_from("queues", f.queue, v, Topology::Link::feeds, child_path(key, "queue"));
    }
    for (const model::EmitConfig& e : f.stream_mapping.on_failure) {
      topology.connect(v, e.target_table, e.target, Topology::Link::sends_to,
                       child_path(key, "on_failure"));
    }
    connect_emit(topology, *topology.find("functions", f.name), f.emit,
                 child_path(child_path("functions", f.name), "emit"));
  }
}

// Lambda refuses an event source mapping whose function timeout exceeds the
// queue's visibility timeout, and recommends six times the timeout (plus the
// batching window) so that throttled batches can be retried (services.md
// §4.3).
void check_functions(const model::SystemConfig& config, const Topology& topology,
                     std::vector<Finding>& findings) {
  const Topology::Graph& g = topology.graph();
  for (const model::FunctionConfig& f : config.functions) {
    const Topology::Vertex v = *topology.find("functions", f.name);
    const std::string key = child_path("functions", f.name);
    for (const auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
      if (g[boost::source(e, g)].kind == "tables" &&
          !config.tables[g[boost::source(e, g)].index].has_stream()) {
        findings.push_back(
            {Severity::error, child_path(key, "table"),
             "table " + f.table + " has no stream (stream = \"none\"): a function cannot read it"});
      }
      if (g[boost::source(e, g)].kind != "queues") continue;
      const model::QueueConfig& q = config.queues[g[boost::source(e, g)].index];
      if (f.timeout > q.visibility_timeout) {
        findings.push_back({Severity::error, child_path(key, "timeout"),
                            "the function timeout (" + core::format_duration(f.timeout) +
                                ") exceeds the visibility timeout of queue " + q.name + " (" +
                                core::format_duration(q.visibility_timeout) +
                                "); Lambda refuses such an event source mapping"});
      } else if (f.timeout * 6 + f.batching_window > q.visibility_timeout) {
        findings.push_back(
            {Severity::warning, child_path(key, "timeout"),
             "queue " + q.name + " has a visibility timeout of " +
                 core::format_duration(q.visibility_timeout) +
                 "; AWS recommends at least 6 x the function timeout plus the batching window (" +
                 core::format_duration(f.timeout * 6 + f.batching_window) +
                 ") so that throttled batches can be retried before they return"});
      }
      if (q.dead_letter_queue && q.max_receive_count < 5) {
        findings.push_back({Severity::warning,
                            child_path(child_path("queues", q.name), "max_receive_count"),
                            "queue " + q.name + " feeds function " + f.name +
                                " with max_receive_count " + std::to_string(q.max_receive_count) +
                                "; AWS recommends at least 5, as throttles spend receives too"});
      }
    }
  }
}

}  // namespace

const TopologyKind functions_topology{add_functions, connect_functions, check_functions};

}  // namespace edasim::scenario
