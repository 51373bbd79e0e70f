#include "sim/core/units.hpp"
#include "sim/rules/pattern_error.hpp"
#include "sim/rules/sns_policy.hpp"
#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

// SNS limits (services.md §3.3-§3.6).
constexpr Range<std::int64_t> message_sizes{1024, 1'048'576};
constexpr Range<std::int64_t> retry_counts{0, 100};
constexpr Range<std::int64_t> managed_retry_counts{0, 100'000};
constexpr Range<Duration> retry_delays{seconds(1), seconds(3600)};
// At most 100 subscriptions on a FIFO topic and on a topic with 1 MiB
// messages; 12,500,000 on a standard one.
constexpr std::size_t fifo_subscriptions = 100;

const Keys& delivery_retry_keys() {
  static const Keys keys{
      "an SNS delivery policy: retries in four phases",
      {
          integer("no_delay_retries", managed_retry_counts, "retries at once (HTTP/S: 0..100)"),
          integer("min_delay_retries", managed_retry_counts,
                  "retries after min_delay (HTTP/S: 0..100)"),
          integer("backoff_retries", managed_retry_counts,
                  "retries backing off from min_delay to max_delay (HTTP/S: 0..100)"),
          integer("max_delay_retries", managed_retry_counts,
                  "retries after max_delay (HTTP/S: 0..100)"),
          duration("min_delay", retry_delays, "the shortest delay"),
          duration("max_delay", retry_delays, "the longest delay"),
          text("backoff", "how the backoff phase grows", {"linear", "exponential"}),
      }};
  return keys;
}

const Keys& subscription_keys() {
  static const Keys keys{
      "a subscription of the topic",
      {
          text("endpoint", "where deliveries go", {"sqs", "http", "lambda"}),
          text("queue", "sqs: the subscribed queue"),
          text("filter_policy", "an SNS filter policy, JSON text"),
          text("filter_scope", "what the filter policy reads", {"attributes", "body"}),
          distribution("latency", "http and lambda: one delivery attempt (a duration)"),
          number("success_probability", probability,
                 "http and lambda: the chance an attempt succeeds"),
          table("retry", delivery_retry_keys(), "http and lambda: the delivery policy"),
          text("dead_letter_queue", "the queue for copies whose retries are exhausted"),
      }};
  return keys;
}

const Keys& topic_keys() {
  static const Keys keys{
      "an SNS topic",
      {
          flag("fifo", "a FIFO topic"),
          number("publish_rate_limit", event_rate, "messages per second published at most"),
          size("max_message_size", message_sizes, "the largest message the topic accepts"),
          distribution("delivery_latency",
                       "from publish to each subscription's delivery (a duration)"),
          named("subscriptions", subscription_keys(), "the topic's subscriptions, by name"),
      }};
  return keys;
}

void read_retry(Section& parent, model::SubscriptionConfig& subscription) {
  auto section = parent.section("retry");
  if (!section) return;
  model::DeliveryRetryPolicy& p = subscription.retry;
  // The HTTP/S policy is capped at 100 retries; the AWS-managed policy of
  // Lambda endpoints has 100,000 in its last phase.
  const Range<std::int64_t> counts =
      subscription.protocol == model::SubscriptionConfig::Protocol::http ? retry_counts
                                                                         : managed_retry_counts;
  section->read("no_delay_retries", p.no_delay_retries, counts);
  section->read("min_delay_retries", p.min_delay_retries, counts);
  section->read("backoff_retries", p.backoff_retries, counts);
  section->read("max_delay_retries", p.max_delay_retries, counts);
  section->read("min_delay", p.min_delay, retry_delays);
  section->read("max_delay", p.max_delay, retry_delays);
  std::string backoff;
  if (section->read("backoff", backoff)) {
    if (backoff == "linear") {
      p.backoff = model::DeliveryRetryPolicy::Backoff::linear;
    } else if (backoff == "exponential") {
      p.backoff = model::DeliveryRetryPolicy::Backoff::exponential;
    } else {
      section->report("backoff", "expected \"linear\" or \"exponential\", got \"" + backoff + "\"");
    }
  }
  if (p.min_delay > p.max_delay) {
    section->report("min_delay", "min_delay must not exceed max_delay");
  }
  if (subscription.protocol == model::SubscriptionConfig::Protocol::http && p.retries() > 100) {
    section->report("backoff_retries", "an HTTP/S delivery policy allows at most 100 retries");
  }
  section->finish();
}

model::SubscriptionConfig read_subscription(Section& section, const std::string& name, bool fifo) {
  model::SubscriptionConfig s;
  s.name = name;
  const bool to_queue = section.read("queue", s.queue);
  std::string endpoint;
  bool known_endpoint = true;
  if (section.read("endpoint", endpoint)) {
    if (endpoint == "http") {
      s.protocol = model::SubscriptionConfig::Protocol::http;
    } else if (endpoint == "lambda") {
      s.protocol = model::SubscriptionConfig::Protocol::lambda;
      s.retry = model::DeliveryRetryPolicy::aws_managed();
    } else if (endpoint != "sqs") {
      known_endpoint = false;
      section.report("endpoint",
                     "expected \"sqs\", \"http\" or \"lambda\", got \"" + endpoint + "\"");
    }
  }
  const bool is_sqs = s.protocol == model::SubscriptionConfig::Protocol::sqs;
  if (is_sqs && known_endpoint && !to_queue) section.require("queue");
  if (!is_sqs && to_queue) {
    section.report("queue", "only an sqs subscription names a queue");
  }
  if (fifo && !is_sqs) {
    section.report("endpoint", "a FIFO topic delivers only to SQS FIFO queues");
  }
  std::string scope;
  if (section.read("filter_scope", scope)) {
    if (scope == "attributes") {
      s.filter_scope = model::SubscriptionConfig::FilterScope::message_attributes;
    } else if (scope == "body") {
      s.filter_scope = model::SubscriptionConfig::FilterScope::message_body;
    } else {
      section.report("filter_scope", "expected \"attributes\" or \"body\", got \"" + scope + "\"");
    }
  }
  std::string policy;
  if (section.read("filter_policy", policy)) {
    const auto dialect = s.filter_scope == model::SubscriptionConfig::FilterScope::message_body
                             ? rules::FilterPolicyScope::message_body
                             : rules::FilterPolicyScope::message_attributes;
    try {
      const rules::RuleSource source{name, policy};
      rules::compile_filter_policies(std::span(&source, 1), dialect);
      s.filter_policy = policy;
    } catch (const rules::PatternError& e) {
      std::string message = "invalid filter policy: ";
      if (!e.where().empty()) message += "at " + e.where() + ": ";
      section.report("filter_policy", message + e.why());
    }
  }
  if (!is_sqs) {
    read_duration_distribution(section, "latency", s.latency);
    section.read("success_probability", s.success_probability, probability);
    read_retry(section, s);
  }
  std::string dlq;
  if (section.read("dead_letter_queue", dlq)) s.dead_letter_queue = dlq;
  section.finish();
  return s;
}

model::TopicConfig read_topic(Section& section, const std::string& name) {
  model::TopicConfig topic;
  topic.name = name;
  section.read("fifo", topic.fifo);
  // A FIFO topic's own quota is 3,000 messages/s (§3.5).
  if (topic.fifo) topic.publish_rate_limit = 3'000;
  section.read("publish_rate_limit", topic.publish_rate_limit, event_rate);
  section.read_size("max_message_size", topic.max_message_size, message_sizes);
  read_duration_distribution(section, "delivery_latency", topic.delivery_latency);
  if (auto subscriptions = section.section("subscriptions")) {
    for (const auto& [k, node] : subscriptions->table()) {
      const std::string sub(k.str());
      subscriptions->take(sub);
      if (auto s = section_of(node, subscriptions->key(sub), section.diagnostics(),
                              subscriptions->keys_of(sub))) {
        topic.subscriptions.push_back(read_subscription(*s, sub, topic.fifo));
      }
    }
    if (topic.fifo && topic.subscriptions.size() > fifo_subscriptions) {
      section.report("subscriptions", "a FIFO topic has at most 100 subscriptions");
    }
    subscriptions->finish();
  }
  section.finish();
  return topic;
}

}  // namespace

Key topics_key() {
  return named("topics", topic_keys(), "SNS topics, by name");
}

void read_topics(Section& root, model::SystemConfig& config) {
  read_named(root, "topics", config.topics, read_topic);
}

namespace {

void add_topics(Topology& topology, const model::SystemConfig& config) {
  topology.declare("topics", "topic", "topic");
  topology.add_each("topics", config.topics);
}

void connect_topics(Topology& topology, const model::SystemConfig& config) {
  for (const model::TopicConfig& t : config.topics) {
    const Topology::Vertex topic = *topology.find("topics", t.name);
    for (const model::SubscriptionConfig& s : t.subscriptions) {
      const std::string key =
          child_path(child_path(child_path("topics", t.name), "subscriptions"), s.name);
      // A missing queue name is the reader's to report.
      if (s.protocol == model::SubscriptionConfig::Protocol::sqs && !s.queue.empty()) {
        topology.connect(topic, "queues", s.queue, Topology::Link::delivers_to,
                         child_path(key, "queue"));
      }
      if (s.dead_letter_queue) {
        topology.connect(topic, "queues", *s.dead_letter_queue, Topology::Link::fails_to,
                         child_path(key, "dead_letter_queue"));
      }
    }
  }
}

void check_topics(const model::SystemConfig& config, const Topology& topology,
                  std::vector<Finding>& findings) {
  for (const model::TopicConfig& t : config.topics) {
    const std::string key = child_path("topics", t.name);
    if (t.subscriptions.empty()) {
      findings.push_back({Severity::warning, key,
                          "topic " + t.name +
                              " has no subscriptions: every message published to it is "
                              "billed and dropped"});
    }
    // Producers, emit lists and chains send to a topic; a bus rule routes to it.
    const Topology::Vertex v = *topology.find("topics", t.name);
    if (!topology.has_in_edge(v, Topology::Link::sends_to) &&
        !topology.has_in_edge(v, Topology::Link::routes_to)) {
      findings.push_back({Severity::warning, key, "no producer publishes to topic " + t.name});
    }
    // SNS FIFO topics deliver only to SQS FIFO queues, standard topics only
    // to standard queues, and a FIFO topic's subscription DLQ is a FIFO
    // queue (services.md §3.4, §3.5).
    for (const model::SubscriptionConfig& s : t.subscriptions) {
      const std::string subscription = child_path(child_path(key, "subscriptions"), s.name);
      for (const auto& [field, name] : {std::pair<std::string, std::string>{"queue", s.queue},
                                        {"dead_letter_queue", s.dead_letter_queue.value_or("")}}) {
        const model::QueueConfig* q = find_named(config.queues, name);
        if (q == nullptr || q->fifo.has_value() == t.fifo) continue;
        findings.push_back({Severity::error, child_path(subscription, field),
                            t.fifo ? "a FIFO topic delivers only to FIFO queues, and " + name +
                                         " is a standard queue"
                                   : "a standard topic delivers only to standard queues, and " +
                                         name + " is a FIFO queue"});
      }
    }
  }
}

}  // namespace

const TopologyKind topics_topology{add_topics, connect_topics, check_topics};

}  // namespace edasim::scenario
