// What one SNS topic and its subscriptions did over a run (sim/model/topics).
#pragma once

#include <cstdint>
#include <string>
#include <vector>
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// What one SNS topic did, as CloudWatch counts it (services.md §3.7).
struct SubscriptionResult {
  std::string name;
  std::string endpoint;               // "sqs:<queue>", "http", "lambda"
  std::uint64_t matched = 0;          // copies the filter accepted
  std::uint64_t delivered = 0;        // NumberOfNotificationsDelivered
  std::uint64_t failed_attempts = 0;  // attempts that failed, retries included
  std::uint64_t to_dlq = 0;           // NumberOfNotificationsRedrivenToDlq
  std::uint64_t discarded = 0;        // retries exhausted, no DLQ
};

struct TopicResult {
  std::string name;
  bool fifo = false;
  std::uint64_t published = 0;  // NumberOfMessagesPublished (entries accepted)
  std::uint64_t throttled = 0;  // entries over the publish quota, each attempt counted
  std::uint64_t dropped = 0;    // throttled entries producers gave up on after retries
  // Entries published beyond the publish quota's rate over the run: what
  // its bucket's initial second let through, a one-off.
  double published_beyond_rate = 0;
  std::uint64_t oversize = 0;      // entries over the message size
  std::uint64_t filtered_out = 0;  // accepted publishes no subscription matched
  std::uint64_t deduplicated = 0;  // FIFO: publishes dropped in the window
  std::vector<SubscriptionResult> subscriptions;
};

// report.json's fields of a topic, in order, and of each of its
// subscriptions.
std::span<const Field<TopicResult>> topic_fields();
std::span<const Field<SubscriptionResult>> subscription_fields();

}  // namespace edasim::model
