#include "sim/model/topics/topic.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/offered_load.hpp"
#include "sim/rules/rule_set.hpp"
#include "sim/rules/sns_policy.hpp"

namespace edasim::model {

Duration DeliveryRetryPolicy::delay_before(std::int64_t n) const {
  if (n <= no_delay_retries) return Duration::zero();
  n -= no_delay_retries;
  if (n <= min_delay_retries) return min_delay;
  n -= min_delay_retries;
  if (n <= backoff_retries) {
    if (backoff == Backoff::exponential) {
      Duration d = min_delay;
      for (std::int64_t i = 1; i < n && d < max_delay; ++i) d = d * 2;
      return std::min(d, max_delay);
    }
    if (backoff_retries == 1) return min_delay;
    return min_delay + (max_delay - min_delay) * (n - 1) / (backoff_retries - 1);
  }
  return max_delay;
}

DeliveryRetryPolicy DeliveryRetryPolicy::aws_managed() {
  DeliveryRetryPolicy p;
  p.no_delay_retries = 3;
  p.min_delay_retries = 2;
  p.backoff_retries = 10;
  p.max_delay_retries = 100'000;
  p.min_delay = seconds(1);
  p.max_delay = seconds(20);
  p.backoff = Backoff::exponential;
  return p;
}

namespace {

std::uint32_t queue_index(const std::vector<Queue*>& queues, const std::string& name,
                          const std::string& what) {
  for (std::uint32_t q = 0; q < queues.size(); ++q) {
    if (queues[q]->name() == name) return q;
  }
  throw std::invalid_argument(what + ": no queue named " + name);
}

std::string_view delivery_kind(SubscriptionConfig::Protocol protocol) {
  switch (protocol) {
    case SubscriptionConfig::Protocol::sqs:
      return metrics::call_kind::kSnsDeliverSqs;
    case SubscriptionConfig::Protocol::http:
      return metrics::call_kind::kSnsDeliverHttp;
    case SubscriptionConfig::Protocol::lambda:
      return metrics::call_kind::kSnsDeliverLambda;
  }
  return metrics::call_kind::kSnsDeliverSqs;
}

}  // namespace

Topic::Topic(TopicConfig config, const Context& context, std::vector<Queue*> queues,
             const MakeDelivery& deliveries)
    : config_(std::move(config)),
      kernel_(context.kernel),
      books_(context.books),
      queues_(std::move(queues)),
      rng_(context.seed, "topic:" + config_.name),
      quota_(config_.publish_rate_limit) {
  if (config_.fifo) {
    deduplication_ = std::make_unique<DeduplicationWindow>(config_.deduplication_window);
  }
  std::vector<rules::RuleSource> body, attributes;
  const std::string component = "topic:" + config_.name;
  result_.name = config_.name;
  result_.fifo = config_.fifo;
  for (std::uint32_t i = 0; i < config_.subscriptions.size(); ++i) {
    const SubscriptionConfig& s = config_.subscriptions[i];
    const std::string what = "topic " + config_.name + ", subscription " + s.name;
    SubscriptionResult r;
    r.name = s.name;
    if (s.protocol == SubscriptionConfig::Protocol::sqs) {
      subscription_queue_.push_back(queue_index(queues_, s.queue, what));
      r.endpoint = "sqs:" + s.queue;
    } else {
      subscription_queue_.push_back(UINT32_MAX);
      r.endpoint = s.protocol == SubscriptionConfig::Protocol::http ? "http" : "lambda";
    }
    dead_letter_queue_.push_back(
        s.dead_letter_queue ? queue_index(queues_, *s.dead_letter_queue, what) : UINT32_MAX);
    result_.subscriptions.push_back(std::move(r));
    // SQS bills the SendMessage of a delivery to a queue at the queue's
    // price (standard or FIFO).
    const bool fifo_queue = s.protocol == SubscriptionConfig::Protocol::sqs &&
                            queues_[subscription_queue_.back()]->config().fifo.has_value();
    delivery_calls_.push_back(
        books_.calls.counter(component, delivery_kind(s.protocol), fifo_queue));
    dead_letter_calls_.push_back(
        dead_letter_queue_.back() == UINT32_MAX
            ? metrics::CounterId{}
            : books_.calls.counter(component, metrics::call_kind::kSnsDeliverSqs,
                                   queues_[dead_letter_queue_.back()]->config().fifo.has_value()));
    if (!s.filter_policy) {
      unfiltered_.push_back(i);
    } else if (s.filter_scope == SubscriptionConfig::FilterScope::message_body) {
      body.push_back({s.name, *s.filter_policy});
      body_subscription_.push_back(i);
    } else {
      attributes.push_back({s.name, *s.filter_policy});
      attribute_subscription_.push_back(i);
    }
  }
  body_rules_ = std::make_unique<rules::RuleSet>(
      rules::compile_filter_policies(body, rules::FilterPolicyScope::message_body));
  attribute_rules_ = std::make_unique<rules::RuleSet>(
      rules::compile_filter_policies(attributes, rules::FilterPolicyScope::message_attributes));
  last_delivery_.assign(config_.subscriptions.size(), Time::zero());
  // A subscription's endpoint is a queue in the scenario syntax; any
  // receiving kind's destination would take the delivery.
  to_queue_.resize(queues_.size());
  for (const std::vector<std::uint32_t>* named : {&subscription_queue_, &dead_letter_queue_}) {
    for (const std::uint32_t q : *named) {
      if (q != UINT32_MAX && to_queue_[q] == nullptr)
        to_queue_[q] = deliveries("queues", queues_[q]->name());
    }
  }
}

Topic::~Topic() = default;

rules::PathTable& Topic::body_paths() {
  return body_rules_->paths();
}

rules::PathTable& Topic::attribute_paths() {
  return attribute_rules_->paths();
}

void Topic::route(const rules::Event& body, const rules::Event& attributes,
                  std::vector<std::uint32_t>& subscriptions) {
  const std::size_t begin = subscriptions.size();
  subscriptions.insert(subscriptions.end(), unfiltered_.begin(), unfiltered_.end());
  matched_.clear();
  attribute_rules_->match(attributes, buffers_, matched_);
  for (const std::uint32_t rule : matched_) subscriptions.push_back(attribute_subscription_[rule]);
  matched_.clear();
  body_rules_->match(body, buffers_, matched_);
  for (const std::uint32_t rule : matched_) subscriptions.push_back(body_subscription_[rule]);
  std::sort(subscriptions.begin() + static_cast<std::ptrdiff_t>(begin), subscriptions.end());
}

void Topic::offer(const OfferSample& s, OfferedLoad& load) const {
  const double w = s.weight, size = static_cast<double>(s.entry.size);
  load.add("topics", name(), {w, w * size, w / s.batch, w * static_cast<double>(s.routes.size())});
  // SNS delivers to each SQS subscriber one message at a time.
  for (const std::uint32_t sub : s.routes) {
    if (subscription_queue_[sub] != UINT32_MAX)
      load.add("queues", queues_[subscription_queue_[sub]]->name(), {w, w * size, w});
  }
}

Topic::Admission Topic::publish(std::uint64_t event, Time produced, std::int64_t size,
                                MessageKeys keys, std::span<const std::uint32_t> subscriptions,
                                bool resend) {
  // A resend's event is already counted among the produced ones: its fate is
  // told in copies only.
  if (size > config_.max_message_size) {
    ++result_.oversize;
    if (resend) {
      ++books_.events.copies;
      ++books_.events.rejected;
    } else {
      ++books_.events.rejected_at_ingest;
    }
    return Admission::oversize;
  }
  if (!quota_.admit(kernel_.now())) {
    ++result_.throttled;
    return Admission::throttled;
  }
  ++result_.published;
  if (deduplication_) {
    // Content-based: an emitted event's body is the same for each
    // processing that made it (Cause::identity_of), as in a FIFO queue.
    const std::uint64_t id =
        keys.deduplication != 0 ? keys.deduplication : keys.cause.identity_of(event) + 1;
    if (!deduplication_->admit(id, kernel_.now())) {
      ++result_.deduplicated;
      if (!resend) ++books_.events.routed_events;
      ++books_.events.copies;
      ++books_.events.deduplicated;
      return Admission::accepted;
    }
  }
  if (subscriptions.empty()) {
    ++result_.filtered_out;
    if (!resend) ++books_.events.unrouted;
    return Admission::accepted;
  }
  if (!resend) ++books_.events.routed_events;
  for (const std::uint32_t s : subscriptions) {
    ++books_.events.copies;
    ++result_.subscriptions[s].matched;
    const std::uint32_t slot = deliveries_.add(Delivery{event, produced, size, keys, s, 0});
    Duration after = config_.delivery_latency.sample(rng_);
    if (config_.fifo) {
      // Copies of one subscription arrive in publish order.
      const Time at = std::max(kernel_.now() + after, last_delivery_[s]);
      last_delivery_[s] = at;
      after = at - kernel_.now();
    }
    schedule_attempt(slot, after);
  }
  return Admission::accepted;
}

TopicResult Topic::result() const {
  TopicResult r = result_;
  r.published_beyond_rate = quota_.beyond_rate(kernel_.now());
  return r;
}

void Topic::drop_throttled(std::uint64_t entries) {
  result_.dropped += entries;
  books_.events.throttled += entries;
}

void Topic::schedule_attempt(std::uint32_t slot, Duration after) {
  const SubscriptionConfig& s = config_.subscriptions[deliveries_[slot].subscription];
  if (s.protocol != SubscriptionConfig::Protocol::sqs) after = after + s.latency.sample(rng_);
  kernel_.schedule_in(after, id_, 0, slot);
}

void Topic::handle(core::Kernel&, const core::Event& event) {
  attempt(static_cast<std::uint32_t>(event.data));
}

void Topic::attempt(std::uint32_t slot) {
  Delivery& d = deliveries_[slot];
  const SubscriptionConfig& s = config_.subscriptions[d.subscription];
  SubscriptionResult& r = result_.subscriptions[d.subscription];
  books_.calls.add(delivery_calls_[d.subscription], 1, metrics::billing_units(Bytes{d.size}));
  if (s.protocol == SubscriptionConfig::Protocol::sqs) {
    ++r.delivered;
    deliver(d, subscription_queue_[d.subscription]);
    deliveries_.remove(slot);
    return;
  }
  // One draw per attempt, whatever the probability, so a change of it does
  // not shift the latency draws.
  if (rng_.bernoulli(s.success_probability)) {
    ++r.delivered;
    ++books_.events.processed;
    deliveries_.remove(slot);
    return;
  }
  ++r.failed_attempts;
  if (d.attempt < s.retry.retries()) {
    ++d.attempt;
    schedule_attempt(slot, s.retry.delay_before(d.attempt));
    return;
  }
  const std::uint32_t dlq = dead_letter_queue_[d.subscription];
  if (dlq != UINT32_MAX) {
    ++r.to_dlq;
    books_.calls.add(dead_letter_calls_[d.subscription], 1, metrics::billing_units(Bytes{d.size}));
    deliver(d, dlq);
  } else {
    ++r.discarded;
    ++books_.events.rejected;
  }
  deliveries_.remove(slot);
}

void Topic::deliver(const Delivery& d, std::uint32_t queue) {
  Outgoing entry;
  entry.event = d.event;
  entry.produced = d.produced;
  entry.size = d.size;
  entry.keys = d.keys;
  // SNS's SendMessage counts against the queue's send quota like any other.
  to_queue_[queue]->deliver(entry, SendQuota::applies);
}

}  // namespace edasim::model
