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

const Keys& function_keys() {
  static const Keys keys{
      "a Lambda function with an SQS event source mapping",
      {
          text("queue", "the queue the mapping polls").require(),
          integer("batch", batch_sizes, "messages per invocation; over 10 needs batching_window"),
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
      }};
  return keys;
}

model::FunctionConfig read_function(Section& section, const std::string& name) {
  model::FunctionConfig f;
  f.name = name;
  section.require("queue");
  section.read("queue", f.queue);

  section.read("batch", f.batch_size, batch_sizes);
  section.read("batching_window", f.batching_window, batching_windows);
  section.read_size("payload_limit", f.payload_limit, payload_limits);
  if (f.batch_size > 10 && f.batching_window < seconds(1)) {
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
  read_emit(section, f.emit);
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
    topology.connect_from("queues", f.queue, *topology.find("functions", f.name),
                          Topology::Link::feeds,
                          child_path(child_path("functions", f.name), "queue"));
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
