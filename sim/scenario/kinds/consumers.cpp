#include <algorithm>

#include "sim/core/units.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/pattern.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// ReceiveMessage: MaxNumberOfMessages 1..10, WaitTimeSeconds 0..20.
constexpr Range<std::int64_t> messages_per_receive{1, 10};
constexpr Range<Duration> poll_waits{Duration::zero(), seconds(20)};
// ChangeMessageVisibility accepts at most 12 h.
constexpr Range<Duration> backoffs{Duration::zero(), hours(12), true};
// SendMessage DelaySeconds: 0 .. 15 min.
constexpr Range<Duration> delay_seconds{Duration::zero(), minutes(15)};
constexpr std::int64_t max_polling_loops = 1'000'000;

const Keys& failure_keys() {
  static const Keys keys{
      "what a fleet does with a message whose processing failed",
      {
          text("action",
               "wait for the visibility timeout, release at once, back off, or "
               "re-push with a delay",
               {"wait", "release", "backoff", "repush"})
              .require(),
          duration("base", {Duration::zero(), hours(12)},
                   "backoff, repush: the first delay (a re-push at most 15m)"),
          duration("cap", {Duration::zero(), hours(12)},
                   "backoff, repush: the longest delay (a re-push at most 15m)"),
          flag("jitter", "backoff, repush: full jitter on each delay"),
          integer("max_repushes", small_count,
                  "repush: re-pushes before a message goes to the dead-letter queue"),
      }};
  return keys;
}

const Keys& autoscaling_keys() {
  static const Keys keys{
      "a target-tracking scaling policy on the fleet's instances",
      {
          text("metric", "what the policy tracks", {"backlog_per_instance", "oldest_message_age"})
              .require(),
          number("target", positive_weight, "messages per instance, or seconds").require(),
          integer("min", instance_count, "the fewest instances").require(),
          integer("max", instance_count, "the most instances").require(),
          duration("scale_out_cooldown", any_duration, "after a scale-out, before the next"),
          duration("scale_in_cooldown", any_duration, "after a scale-in, before the next"),
          duration("period", repeating_period, "one datapoint per period"),
          duration("metric_delay", any_duration,
                   "from a period's end until the policy sees its datapoint"),
          integer("scale_out_datapoints", positive_small_count,
                  "consecutive datapoints above target that scale out"),
          integer("scale_in_datapoints", positive_small_count,
                  "consecutive datapoints below target x scale_in_ratio that scale in"),
          number("scale_in_ratio", {0, 1, true}, "the low alarm's threshold as a share of target"),
          duration("startup", any_duration, "from launch until a new instance polls"),
      }};
  return keys;
}

const Keys& retry_keys() {
  static const Keys keys{
      "in-process retries of a failed attempt",
      {
          text("backoff", "the delay between attempts", {"none", "fixed", "exponential"}),
          text("jitter", "randomisation of each delay", {"none", "full", "equal", "decorrelated"}),
          integer("attempts", positive_small_count, "attempts in all, the first included")
              .require(),
          duration("base", backoffs, "the first delay"),
          duration("cap", backoffs, "the longest delay"),
      }};
  return keys;
}

const Keys& idempotency_keys() {
  static const Keys keys{
      "an idempotency store: a message seen within the window is not processed again",
      {duration("window", positive_duration, "how long a processed message is remembered")}};
  return keys;
}

const Keys& fleet_keys() {
  static const Keys keys{
      "a consumer fleet polling one queue",
      {
          text("queue", "the queue the fleet reads").require(),
          integer("instances", instance_count, "instances; with autoscaling, the starting size"),
          number("price_per_instance_hour", price, "dollars per instance-hour"),
          integer("pollers", positive_small_count, "polling loops per instance"),
          table("autoscaling", autoscaling_keys(), "a target-tracking scaling policy"),
          integer("batch", messages_per_receive, "messages per receive (MaxNumberOfMessages)"),
          duration("wait", poll_waits, "0: short polls; up to 20s: long polls"),
          duration("empty_poll_pause", repeating_period, "the pause after an empty short poll"),
          distribution("processing", "the time to process one message (a duration)"),
          number("failure_probability", probability,
                 "the chance that an attempt fails transiently"),
          text("delete", "DeleteMessageBatch or DeleteMessage", {"batch", "each"}),
          table("on_failure", failure_keys(),
                "what happens to a failed message; a string is short for its action")
              .or_a_string(),
          retry_key(),
          table("idempotency", idempotency_keys(), "an idempotency store"),
          duplicates_key(),
          named_values("calls", integer("", small_count, "calls per attempt"),
                       "downstream API calls per processing attempt, by [[apis]] name"),
          text("wants", "an EventBridge event pattern: the events this consumer needs"),
          distribution("discard_processing",
                       "the time spent on a copy it does not want (a duration)"),
          duration("late_after", positive_duration,
                   "an end-to-end latency beyond which a processed message counts as late"),
          emit_key(),
      }};
  return keys;
}

void read_failure_policy(Section& parent, model::FailurePolicy& policy) {
  const toml::node* node = parent.take("on_failure");
  if (node == nullptr) return;
  Diagnostics& diagnostics = parent.diagnostics();
  const std::string key = parent.key("on_failure");

  // `on_failure = "release"` is short for `on_failure = { action = "release" }`.
  std::optional<std::string> action;
  std::optional<Section> section;
  if (node->is_string()) {
    action = read_string(*node, key, diagnostics);
  } else {
    section = section_of(*node, key, diagnostics, parent.keys_of("on_failure"));
    if (!section) return;
    std::string text;
    section->require("action");
    if (section->read("action", text)) action = text;
  }
  if (action == "wait") {
    policy.kind = model::FailurePolicy::Kind::wait_for_timeout;
  } else if (action == "release") {
    policy.kind = model::FailurePolicy::Kind::release;
  } else if (action == "backoff") {
    policy.kind = model::FailurePolicy::Kind::backoff;
  } else if (action == "repush") {
    policy.kind = model::FailurePolicy::Kind::repush;
  } else if (action) {
    const std::string message =
        "expected \"wait\", \"release\", \"backoff\" or \"repush\", got \"" + *action + "\"";
    if (section) {
      section->report("action", message);
    } else {
      diagnostics.report(key, node->source(), message);
    }
  }
  if (!section) return;
  const bool delays = policy.kind == model::FailurePolicy::Kind::backoff ||
                      policy.kind == model::FailurePolicy::Kind::repush;
  for (const char* name : {"base", "cap", "jitter"}) {
    if (!delays && section->has(name)) {
      section->report(name, "\"" + std::string(name) +
                                "\" only applies when action = \"backoff\" or \"repush\"");
    }
  }
  if (policy.kind != model::FailurePolicy::Kind::repush && section->has("max_repushes")) {
    section->report("max_repushes", "\"max_repushes\" only applies when action = \"repush\"");
  }
  // A re-push delays by DelaySeconds, at most 15 minutes.
  section->read("base", policy.base,
                policy.kind == model::FailurePolicy::Kind::repush ? delay_seconds : backoffs);
  section->read("cap", policy.cap,
                policy.kind == model::FailurePolicy::Kind::repush ? delay_seconds : backoffs);
  section->read("jitter", policy.jitter);
  section->read("max_repushes", policy.max_repushes, small_count);
  if (policy.cap < policy.base) {
    section->report("cap", "the backoff cap must not be shorter than its base");
  }
  section->finish();
}

void read_calls(Section& parent, model::FleetConfig& fleet) {
  auto section = parent.section("calls");
  if (!section) return;
  for (const auto& [k, node] : section->table()) {
    std::int32_t count = 0;
    if (section->read(k.str(), count, small_count)) fleet.calls.emplace_back(k.str(), count);
  }
  section->finish();
}

void read_autoscaling(Section& parent, model::FleetConfig& fleet) {
  auto section = parent.section("autoscaling");
  if (!section) return;
  model::AutoscalingConfig& scaling = fleet.autoscaling;
  scaling.enabled = true;
  std::string metric;
  section->require("metric");
  if (section->read("metric", metric)) {
    if (metric == "backlog_per_instance") {
      scaling.metric = model::AutoscalingConfig::Metric::backlog_per_instance;
    } else if (metric == "oldest_message_age") {
      scaling.metric = model::AutoscalingConfig::Metric::oldest_message_age;
    } else {
      section->report(
          "metric",
          "expected \"backlog_per_instance\" or \"oldest_message_age\", got \"" + metric + "\"");
    }
  }
  section->require("target");
  section->read("target", scaling.target, positive_weight);
  section->require("min");
  section->require("max");
  const bool has_min = section->read("min", scaling.min_instances, instance_count);
  const bool has_max = section->read("max", scaling.max_instances, instance_count);
  // The fleet's `instances` is the starting size: it must lie within the
  // bounds, which the policy alone keeps.
  if (has_min && scaling.min_instances > fleet.instances) {
    section->report("min", "min (" + std::to_string(scaling.min_instances) +
                               ") must not exceed the fleet's starting instances (" +
                               std::to_string(fleet.instances) + ")");
  }
  if (has_max && scaling.max_instances < fleet.instances) {
    section->report("max", "max (" + std::to_string(scaling.max_instances) +
                               ") must not be below the fleet's starting instances (" +
                               std::to_string(fleet.instances) + ")");
  }
  section->read("scale_out_cooldown", scaling.scale_out_cooldown, any_duration);
  section->read("scale_in_cooldown", scaling.scale_in_cooldown, any_duration);
  section->read("period", scaling.period, repeating_period);
  section->read("metric_delay", scaling.metric_delay, any_duration);
  section->read("scale_out_datapoints", scaling.scale_out_datapoints, positive_small_count);
  section->read("scale_in_datapoints", scaling.scale_in_datapoints, positive_small_count);
  section->read("scale_in_ratio", scaling.scale_in_ratio, Range<double>{0, 1, true});
  section->read("startup", scaling.startup, any_duration);
  section->finish();
}

}  // namespace

Key retry_key() {
  return table("retry", retry_keys(), "in-process retries of a failed attempt");
}

void read_retry(Section& parent, model::RetryPolicy& retry) {
  auto section = parent.section("retry");
  if (!section) return;
  std::string text;
  if (section->read("backoff", text)) {
    if (text == "none") {
      retry.backoff = model::RetryPolicy::Backoff::none;
    } else if (text == "fixed") {
      retry.backoff = model::RetryPolicy::Backoff::fixed;
    } else if (text == "exponential") {
      retry.backoff = model::RetryPolicy::Backoff::exponential;
    } else {
      section->report("backoff",
                      "expected \"none\", \"fixed\" or \"exponential\", got \"" + text + "\"");
    }
  }
  if (section->read("jitter", text)) {
    if (text == "none") {
      retry.jitter = model::RetryPolicy::Jitter::none;
    } else if (text == "full") {
      retry.jitter = model::RetryPolicy::Jitter::full;
    } else if (text == "equal") {
      retry.jitter = model::RetryPolicy::Jitter::equal;
    } else if (text == "decorrelated") {
      retry.jitter = model::RetryPolicy::Jitter::decorrelated;
    } else {
      section->report(
          "jitter",
          "expected \"none\", \"full\", \"equal\" or \"decorrelated\", got \"" + text + "\"");
    }
  }
  section->require("attempts");
  section->read("attempts", retry.max_attempts, positive_small_count);
  section->read("base", retry.base, backoffs);
  section->read("cap", retry.cap, backoffs);
  if (retry.cap < retry.base) {
    section->report("cap", "the backoff cap must not be shorter than its base");
  }
  if (retry.backoff == model::RetryPolicy::Backoff::none &&
      retry.jitter != model::RetryPolicy::Jitter::none) {
    section->report("jitter", "jitter needs a backoff (\"fixed\" or \"exponential\")");
  }
  section->finish();
}

namespace {

model::FleetConfig read_fleet(Section& section, const std::string& name) {
  model::FleetConfig fleet;
  fleet.name = name;
  section.require("queue");
  section.read("queue", fleet.queue);
  section.read("instances", fleet.instances, instance_count);
  section.read("price_per_instance_hour", fleet.price_per_instance_hour, price);
  section.read("pollers", fleet.pollers_per_instance, positive_small_count);
  read_autoscaling(section, fleet);
  // Every polling loop is simulated with its own state: a bound keeps a typo
  // from asking for more memory than the machine has.
  const std::int32_t most = fleet.autoscaling.enabled
                                ? std::max(fleet.autoscaling.max_instances, fleet.instances)
                                : fleet.instances;
  const std::int64_t loops = std::int64_t{most} * std::int64_t{fleet.pollers_per_instance};
  if (loops > max_polling_loops) {
    section.report("pollers", "instances (or autoscaling max) x pollers is " +
                                  std::to_string(loops) + "; a fleet may have at most " +
                                  std::to_string(max_polling_loops) + " polling loops");
  }
  section.read("batch", fleet.batch_size, messages_per_receive);
  section.read("wait", fleet.wait_time, poll_waits);
  // An empty short poll followed by no pause would poll again at the same
  // instant, forever.
  section.read("empty_poll_pause", fleet.empty_poll_pause, repeating_period);
  if (const toml::node* node = section.take("processing")) {
    if (auto d = read_distribution(*node, section.key("processing"), Dimension::duration,
                                   section.diagnostics())) {
      fleet.processing = core::DurationDistribution(std::move(*d));
    }
  }
  section.read("failure_probability", fleet.failure_probability, probability);
  std::string deletes;
  if (section.read("delete", deletes)) {
    if (deletes == "batch" || deletes == "each") {
      fleet.delete_in_batches = deletes == "batch";
    } else {
      section.report("delete", "expected \"batch\" or \"each\", got \"" + deletes + "\"");
    }
  }
  read_failure_policy(section, fleet.on_failure);
  read_retry(section, fleet.retry);
  if (auto idempotency = section.section("idempotency")) {
    fleet.idempotency.enabled = true;
    idempotency->read("window", fleet.idempotency.window, positive_duration);
    idempotency->finish();
  }
  read_duplicates(section, fleet.duplicates);
  read_calls(section, fleet);
  if (section.read("wants", fleet.wants)) {
    if (auto problem = validate_pattern(fleet.wants)) section.report("wants", *problem);
  }
  if (const toml::node* node = section.take("discard_processing")) {
    if (auto d = read_distribution(*node, section.key("discard_processing"), Dimension::duration,
                                   section.diagnostics())) {
      fleet.discard_processing = core::DurationDistribution(std::move(*d));
    }
  }
  section.read("late_after", fleet.late_after, positive_duration);
  read_emit(section, fleet.emit, {}, true);
  section.finish();
  return fleet;
}

}  // namespace

Key consumers_key() {
  return named("consumers", fleet_keys(), "consumer fleets, by name");
}

void read_consumers(Section& root, model::SystemConfig& config) {
  read_named(root, "consumers", config.fleets, read_fleet);
}

namespace {

void add_consumers(Topology& topology, const model::SystemConfig& config) {
  topology.declare("consumers", "consumer fleet", "consumers");
  topology.add_each("consumers", config.fleets);
}

void connect_consumers(Topology& topology, const model::SystemConfig& config) {
  for (const model::FleetConfig& f : config.fleets) {
    // The edge runs with the flow of messages: queue -> fleet.
    topology.connect_from("queues", f.queue, *topology.find("consumers", f.name),
                          Topology::Link::feeds,
                          child_path(child_path("consumers", f.name), "queue"));
    connect_emit(topology, *topology.find("consumers", f.name), f.emit,
                 child_path(child_path("consumers", f.name), "emit"));
  }
}

void check_consumers(const model::SystemConfig& config, const Topology& topology,
                     std::vector<Finding>& findings) {
  const Topology::Graph& g = topology.graph();
  for (const model::FleetConfig& f : config.fleets) {
    const Topology::Vertex v = *topology.find("consumers", f.name);
    for (const auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
      const model::QueueConfig& q = config.queues[g[boost::source(e, g)].index];
      // A poller works through its batch one message at a time; the last one
      // waits for all the others while its visibility timeout runs.
      const double mean = f.processing.seconds().mean();
      const double batch_time = mean * f.batch_size;
      if (std::isfinite(batch_time) && batch_time > q.visibility_timeout.seconds()) {
        findings.push_back({Severity::warning, child_path(child_path("consumers", f.name), "batch"),
                            "a batch of " + std::to_string(f.batch_size) + " takes " +
                                core::format_duration(from_seconds(batch_time)) +
                                " on average, longer than the visibility timeout of queue " +
                                q.name + " (" + core::format_duration(q.visibility_timeout) +
                                "): messages will be delivered again while still being processed"});
      }
    }
  }
}

}  // namespace

const TopologyKind consumers_topology{add_consumers, connect_consumers, check_consumers};

}  // namespace edasim::scenario
