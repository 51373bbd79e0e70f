#include "sim/core/units.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/keys.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// Amazon SQS limits (services.md §1.2-§1.7).
constexpr Range<Duration> visibility_timeouts{Duration::zero(), hours(12)};
constexpr Range<Duration> retentions{seconds(60), hours(24 * 14)};
constexpr Range<Duration> delays{Duration::zero(), minutes(15)};
constexpr Range<std::int64_t> receive_counts{1, 1000};
constexpr Range<std::int64_t> message_sizes{1024, 1'048'576};
// A short poll that can never see a message would starve its consumers
// forever, which is never what a scenario means.
constexpr Range<double> sampling{0, 1, true};
// StartMessageMoveTask: MaxNumberOfMessagesPerSecond up to 500.
constexpr Range<double> redrive_rates{0, 500, true};
// FIFO API calls per second per action: 300 in normal mode, up to 70,000 in
// high-throughput mode (§1.9).
constexpr Range<double> fifo_rates{0, 70'000, true};

const Keys& redrive_keys() {
  static const Keys keys{
      "a redrive (StartMessageMoveTask) of a dead-letter queue back to its sources",
      {
          text("when_alarm_clears", "start a task each time this alarm returns to OK"),
          duration("start", any_duration, "when the first task starts"),
          duration("every", any_duration, "start another task this often"),
          rate("rate", redrive_rates, "messages moved per second, at most 500/s"),
      }};
  return keys;
}

const Keys& queue_keys() {
  static const Keys keys{
      "an SQS queue",
      {
          duration("visibility_timeout", visibility_timeouts,
                   "how long a received message stays invisible to other receives"),
          duration("retention", retentions, "how long a message is kept before it is dropped"),
          duration("delay", delays, "how long a sent message stays invisible at first"),
          text("dead_letter_queue", "the queue that takes messages received too often"),
          integer("max_receive_count", receive_counts,
                  "receives after which a message moves to the dead-letter queue"),
          integer("in_flight_limit", {1, 1'000'000}, "messages in flight at most"),
          number("duplicate_probability", probability,
                 "chance that a deleted message is delivered again"),
          number("short_poll_sampling", sampling, "chance that a short poll sees a given message"),
          distribution("api_latency", "one SQS call as the client sees it (a duration)"),
          size("max_message_size", message_sizes, "the largest message the queue accepts"),
          table("redrive", redrive_keys(),
                "only on a dead-letter queue: move its messages back to their sources"),
          flag("fifo", "a FIFO queue"),
          flag("high_throughput", "FIFO only: deduplication per message group"),
          number("api_rate_limit", fifo_rates, "FIFO only: calls per second per API action"),
      }};
  return keys;
}

void read_redrive(Section& parent, model::QueueConfig& queue) {
  auto section = parent.section("redrive");
  if (!section) return;
  model::RedriveConfig redrive;
  // Started at a set time (and perhaps again every so often), or by the
  // operator when an alarm clears.
  if (section->read("when_alarm_clears", redrive.when_alarm_clears)) {
    if (redrive.when_alarm_clears.empty()) {
      section->report("when_alarm_clears", "expected the name of an alarm, got \"\"");
    }
    for (const char* name : {"start", "every"}) {
      if (section->has(name)) {
        section->report(name, "\"" + std::string(name) +
                                  "\" does not apply to a redrive started when an alarm clears");
      }
    }
  } else {
    section->require("start");
  }
  section->read("start", redrive.start, any_duration);
  section->read("every", redrive.every, any_duration);
  section->read("rate", redrive.rate, redrive_rates);
  section->finish();
  queue.redrive = redrive;
}

void read_fifo(Section& section, model::QueueConfig& queue) {
  bool fifo = false;
  section.read("fifo", fifo);
  model::FifoConfig settings;
  const bool high = section.read("high_throughput", settings.high_throughput);
  if (settings.high_throughput) settings.api_rate_limit = 70'000;
  const bool rate = section.read("api_rate_limit", settings.api_rate_limit, fifo_rates);
  if (!fifo) {
    for (const auto& [key, given] :
         {std::pair{"high_throughput", high}, {"api_rate_limit", rate}}) {
      if (given)
        section.report(key, std::string(key) + " only applies to a FIFO queue (fifo = true)");
    }
    return;
  }
  if (queue.duplicate_probability > 0) {
    section.report("duplicate_probability",
                   "a FIFO queue delivers each message once: duplicate_probability must be 0");
  }
  if (queue.redrive) {
    section.report("redrive", "a redrive from a FIFO dead-letter queue is not modelled");
  }
  queue.fifo = settings;
}

model::QueueConfig read_queue(Section& section, const std::string& name) {
  model::QueueConfig queue;
  queue.name = name;
  section.read("visibility_timeout", queue.visibility_timeout, visibility_timeouts);
  section.read("retention", queue.retention, retentions);
  section.read("delay", queue.delay, delays);

  std::string dlq;
  const bool has_dlq = section.read("dead_letter_queue", dlq);
  if (has_dlq) {
    queue.dead_letter_queue = dlq;
    // SQS redrive policies always carry maxReceiveCount.
    section.require("max_receive_count");
  }
  if (section.read("max_receive_count", queue.max_receive_count, receive_counts) &&
      !section.has("dead_letter_queue")) {
    section.report("max_receive_count",
                   "max_receive_count only applies with a dead_letter_queue; set one or remove it");
  }

  section.read("in_flight_limit", queue.in_flight_limit, Range<std::int64_t>{1, 1'000'000});
  section.read("duplicate_probability", queue.duplicate_probability, probability);
  section.read("short_poll_sampling", queue.short_poll_sampling, sampling);
  if (const toml::node* node = section.take("api_latency")) {
    if (auto d = read_distribution(*node, section.key("api_latency"), Dimension::duration,
                                   section.diagnostics())) {
      queue.api_latency = core::DurationDistribution(std::move(*d));
    }
  }
  section.read_size("max_message_size", queue.max_message_size, message_sizes);
  read_redrive(section, queue);
  read_fifo(section, queue);
  section.finish();
  return queue;
}

}  // namespace

Key queues_key() {
  return named("queues", queue_keys(), "SQS standard and FIFO queues, by name");
}

void read_queues(Section& root, model::SystemConfig& config) {
  read_named(root, "queues", config.queues, read_queue);
}

namespace {

std::string queue_key(const std::string& name) {
  return child_path("queues", name);
}

void add_queues(Topology& topology, const model::SystemConfig& config) {
  topology.declare("queues", "queue", "queue");
  topology.add_each("queues", config.queues);
}

void connect_queues(Topology& topology, const model::SystemConfig& config) {
  for (const model::QueueConfig& q : config.queues) {
    if (!q.dead_letter_queue) continue;
    topology.connect(*topology.find("queues", q.name), "queues", *q.dead_letter_queue,
                     Topology::Link::redrives_to,
                     child_path(queue_key(q.name), "dead_letter_queue"));
  }
}

void redrives(const model::SystemConfig& config, const Topology& topology,
              std::vector<Finding>& findings) {
  for (const model::QueueConfig& q : config.queues) {
    if (q.dead_letter_queue == q.name) {
      findings.push_back({Severity::error, child_path(queue_key(q.name), "dead_letter_queue"),
                          "a queue cannot be its own dead-letter queue"});
    }
  }
  for (const model::QueueConfig& q : config.queues) {
    if (!q.redrive) continue;
    const auto v = topology.find("queues", q.name);
    if (v && !topology.has_in_edge(*v, Topology::Link::redrives_to)) {
      findings.push_back({Severity::error, child_path(queue_key(q.name), "redrive"),
                          "a redrive moves messages back from a dead-letter queue, and no queue "
                          "names " +
                              q.name + " as its dead_letter_queue"});
    }
  }
  for (const auto& cycle : topology.redrive_cycles()) {
    std::string loop;
    for (const std::string& name : cycle) loop += name + " -> ";
    loop += cycle.front();
    findings.push_back(
        {Severity::error, child_path(queue_key(cycle.front()), "dead_letter_queue"),
         "redrive cycle " + loop + ": failed messages would move between these queues forever"});
  }
  // SQS pairs FIFO queues with FIFO dead-letter queues (services.md §1.3,
  // §1.10).
  for (const model::QueueConfig& q : config.queues) {
    if (!q.dead_letter_queue) continue;
    const model::QueueConfig* dlq = find_named(config.queues, *q.dead_letter_queue);
    if (dlq == nullptr || dlq->fifo.has_value() == q.fifo.has_value()) continue;
    findings.push_back({Severity::error, child_path(queue_key(q.name), "dead_letter_queue"),
                        q.fifo ? "the dead-letter queue of a FIFO queue must be a FIFO queue"
                               : "the dead-letter queue of a standard queue must be a standard "
                                 "queue"});
  }
}

void queue_findings(const model::SystemConfig& config, const Topology& topology, Topology::Vertex v,
                    std::vector<Finding>& findings) {
  using Link = Topology::Link;
  const Topology::Graph& g = topology.graph();
  const model::QueueConfig& q = config.queues[g[v].index];
  const std::string key = queue_key(q.name);
  const bool is_dlq =
      topology.has_in_edge(v, Link::redrives_to) || topology.has_in_edge(v, Link::fails_to);
  const bool is_fed = topology.has_in_edge(v, Link::sends_to) ||
                      topology.has_in_edge(v, Link::routes_to) ||
                      topology.has_in_edge(v, Link::delivers_to);
  const bool consumed = topology.has_out_edge(v, Link::feeds);
  const std::string retention = core::format_duration(q.retention);

  if (!is_fed && !is_dlq) {
    findings.push_back({Severity::warning, key,
                        "nothing sends to queue " + q.name + ": no producer or rule targets it"});
  }
  if (!consumed && is_dlq && !is_fed) {
    findings.push_back({Severity::info, key,
                        "dead-letter queue " + q.name +
                            " has no consumer, which is normal: failed messages wait there for "
                            "inspection or redrive and expire " +
                            retention + " after they were first sent"});
  } else if (!consumed) {
    findings.push_back(
        {Severity::warning, key,
         "nobody consumes queue " + q.name + ": its messages will expire after " + retention});
  }

  // A standard DLQ keeps a message's original enqueue time (services.md
  // §1.3), so a DLQ that retains less than its source can drop a failed
  // message almost at once.
  for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
    if (g[e].link != Link::redrives_to) continue;
    const model::QueueConfig& dlq = config.queues[g[boost::target(e, g)].index];
    if (dlq.name != q.name && dlq.retention < q.retention) {
      findings.push_back({Severity::warning, child_path(key, "dead_letter_queue"),
                          "dead-letter queue " + dlq.name + " retains messages for " +
                              core::format_duration(dlq.retention) + ", less than " + q.name +
                              " (" + retention +
                              "); expiry counts from the first send, so failed messages may "
                              "expire soon after they arrive"});
    }
  }
}

void check_queues(const model::SystemConfig& config, const Topology& topology,
                  std::vector<Finding>& findings) {
  redrives(config, topology, findings);
  for (const model::QueueConfig& q : config.queues) {
    queue_findings(config, topology, *topology.find("queues", q.name), findings);
  }
}

}  // namespace

const TopologyKind queues_topology{add_queues, connect_queues, check_queues};

}  // namespace edasim::scenario
