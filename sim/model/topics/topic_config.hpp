// The settings of one SNS-style topic and its subscriptions, as a scenario
// describes them (shared/reference/services.md §3).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/time.hpp"

namespace edasim::model {

// SNS's delivery retry policy for endpoints that can fail (§3.3), in its
// four phases: retries with no delay, retries at min_delay, a backoff phase
// from min_delay to max_delay, and retries at max_delay. The defaults are
// the HTTP/S default policy (3 retries, 20 s apart); Lambda endpoints take
// the AWS-managed policy (3 immediate, 2 at 1 s, 10 backing off from 1 s to
// 20 s, then 100,000 at 20 s). SNS applies jitter; edasim does not, so
// attempt times are exact.
struct DeliveryRetryPolicy {
  enum class Backoff { linear, exponential };
  std::int32_t no_delay_retries = 0;
  std::int32_t min_delay_retries = 0;
  std::int32_t backoff_retries = 3;
  std::int32_t max_delay_retries = 0;
  Duration min_delay = seconds(20);
  Duration max_delay = seconds(20);
  Backoff backoff = Backoff::linear;

  std::int64_t retries() const {
    return std::int64_t{no_delay_retries} + min_delay_retries + backoff_retries + max_delay_retries;
  }
  // The wait before retry `n` (1-based).
  Duration delay_before(std::int64_t n) const;
  static DeliveryRetryPolicy aws_managed();
};

struct SubscriptionConfig {
  enum class Protocol { sqs, http, lambda };
  enum class FilterScope { message_attributes, message_body };
  std::string name;
  Protocol protocol = Protocol::sqs;
  std::string queue;  // sqs: the subscribed queue
  // A filter policy (JSON text, SNS dialect); none: every message.
  std::optional<std::string> filter_policy;
  FilterScope filter_scope = FilterScope::message_attributes;
  // Endpoints other than SQS: how long one delivery attempt takes and the
  // chance it succeeds (a failure is a server-side error, retried).
  core::DurationDistribution latency{core::Distribution::constant(0.0)};
  double success_probability = 1.0;
  DeliveryRetryPolicy retry;
  // Where deliveries go when the retry policy is exhausted (an SQS queue);
  // none: they are discarded.
  std::optional<std::string> dead_letter_queue;
};

struct TopicConfig {
  std::string name;
  // A FIFO topic: SQS FIFO subscribers only, a 5-minute deduplication window
  // over the topic, order kept within each message group.
  bool fifo = false;
  std::vector<SubscriptionConfig> subscriptions;
  // Publish quota in messages per second (Publish and PublishBatch entries):
  // the account's 30,000/s in us-east-1 for standard topics (300/s in the
  // smallest regions); a FIFO topic's 3,000/s. Entries over it are
  // throttled.
  double publish_rate_limit = 30'000;
  std::int64_t max_message_size = 262'144;  // bytes; up to 1 MiB
  // From an accepted publish to the delivery attempt on each subscription.
  // AWS publishes no figure.
  core::DurationDistribution delivery_latency{core::Distribution::lognormal_median(0.03, 0.5)};
  Duration deduplication_window = minutes(5);
};

}  // namespace edasim::model
