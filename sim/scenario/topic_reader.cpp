#include "sim/rules/pattern_error.hpp"
#include "sim/rules/sns_policy.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/readers.hpp"

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

void read_retry(Section& parent, SubscriptionConfig& subscription) {
  auto section = parent.section("retry");
  if (!section) return;
  DeliveryRetryPolicy& p = subscription.retry;
  // The HTTP/S policy is capped at 100 retries; the AWS-managed policy of
  // Lambda endpoints has 100,000 in its last phase.
  const Range<std::int64_t> counts = subscription.protocol == SubscriptionConfig::Protocol::http
                                         ? retry_counts
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
      p.backoff = DeliveryRetryPolicy::Backoff::linear;
    } else if (backoff == "exponential") {
      p.backoff = DeliveryRetryPolicy::Backoff::exponential;
    } else {
      section->report("backoff", "expected \"linear\" or \"exponential\", got \"" + backoff + "\"");
    }
  }
  if (p.min_delay > p.max_delay) {
    section->report("min_delay", "min_delay must not exceed max_delay");
  }
  if (subscription.protocol == SubscriptionConfig::Protocol::http && p.retries() > 100) {
    section->report("backoff_retries", "an HTTP/S delivery policy allows at most 100 retries");
  }
  section->finish();
}

SubscriptionConfig read_subscription(Section& section, const std::string& name, bool fifo) {
  SubscriptionConfig s;
  s.name = name;
  const bool to_queue = section.read("queue", s.queue);
  std::string endpoint;
  bool known_endpoint = true;
  if (section.read("endpoint", endpoint)) {
    if (endpoint == "http") {
      s.protocol = SubscriptionConfig::Protocol::http;
    } else if (endpoint == "lambda") {
      s.protocol = SubscriptionConfig::Protocol::lambda;
      s.retry = DeliveryRetryPolicy::aws_managed();
    } else if (endpoint != "sqs") {
      known_endpoint = false;
      section.report("endpoint",
                     "expected \"sqs\", \"http\" or \"lambda\", got \"" + endpoint + "\"");
    }
  }
  const bool is_sqs = s.protocol == SubscriptionConfig::Protocol::sqs;
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
      s.filter_scope = SubscriptionConfig::FilterScope::message_attributes;
    } else if (scope == "body") {
      s.filter_scope = SubscriptionConfig::FilterScope::message_body;
    } else {
      section.report("filter_scope", "expected \"attributes\" or \"body\", got \"" + scope + "\"");
    }
  }
  std::string policy;
  if (section.read("filter_policy", policy)) {
    const auto dialect = s.filter_scope == SubscriptionConfig::FilterScope::message_body
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

TopicConfig read_topic(Section& section, const std::string& name) {
  TopicConfig topic;
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
      if (auto s = section_of(node, subscriptions->key(sub), section.diagnostics())) {
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

void read_topics(Section& root, SystemConfig& config) {
  read_named(root, "topics", config.topics, read_topic);
}

}  // namespace edasim::scenario
