// An SNS-style topic: publishes fan out to every subscription whose filter
// policy matches (shared/reference/services.md §3).
//
// What it promises:
// - Publish and PublishBatch entries count against the publish quota
//   (messages per second); entries over it are throttled, and entries over
//   the topic's message size are rejected, both at ingest.
// - Filter policies use the SNS dialect of sim/rules, on message attributes
//   (the producer maps event fields to attributes) or on the message body
//   (the event). A subscription without a policy gets every message. A
//   publish no subscription accepts is counted as unrouted.
// - Each matching subscription gets one copy after the delivery latency. SQS
//   subscriptions get it as a message on their queue, handed over through the
//   queue's Destination (made for a service by the queues' registration,
//   sim/model/receiving_kind.hpp); the topic bills the delivery. Other endpoints
//   (http, lambda) take `latency` per attempt and succeed with
//   `success_probability`; failures are retried by the delivery retry policy
//   and, when it is exhausted, go to the subscription's dead-letter queue or
//   are discarded (counted as rejected).
// - A FIFO topic deduplicates publishes over the whole topic for 5 minutes,
//   delivers each subscription's copies in publish order, and passes the
//   message group on to its FIFO queues.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/deduplication.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/rate_quota.hpp"
#include "sim/model/support/slots.hpp"
#include "sim/model/topics/topic_config.hpp"
#include "sim/rules/event.hpp"
#include "sim/rules/match_buffers.hpp"
#include "sim/rules/path_table.hpp"

namespace edasim::rules {
class RuleSet;
}  // namespace edasim::rules

namespace edasim::model {

class OfferedLoad;
struct OfferSample;

class Topic final : public core::Component {
 public:
  // `queues` are all queues of the system, by index; `deliveries` makes the
  // destination of each queue the topic delivers to. Throws
  // std::invalid_argument for an unknown queue or an invalid filter policy.
  Topic(TopicConfig config, const Context& context, std::vector<Queue*> queues,
        const MakeDelivery& deliveries);
  ~Topic() override;

  void attach(core::ComponentId id) { id_ = id; }
  const std::string& name() const { return config_.name; }
  const TopicConfig& config() const { return config_; }

  // The paths body policies were compiled against (events are built on
  // them), and the attribute names attribute policies use.
  rules::PathTable& body_paths();
  rules::PathTable& attribute_paths();

  // Appends the index of every subscription that accepts the message, in
  // subscription order.
  void route(const rules::Event& body, const rules::Event& attributes,
             std::vector<std::uint32_t>& subscriptions);
  // The share of a sender's events that `sample` (routed by route()) offers
  // the topic and each subscribed queue (offered_load.hpp). The Publish
  // quota counts messages, so batching does not change it.
  void offer(const OfferSample& sample, OfferedLoad& load) const;
  // What the topic answers for one Publish or PublishBatch entry.
  enum class Admission { accepted, throttled, oversize };
  // One Publish or PublishBatch entry, with the subscriptions route() found.
  // `resend`: the producer publishes an event again (it was produced and
  // counted once already). An oversize entry is rejected at ingest and
  // counted so here; a throttled one's fate is the caller's (SNS answers a
  // PublishBatch entry by entry and the producer may send it again), told by
  // drop_throttled() when it gives up.
  Admission publish(std::uint64_t event, Time produced, std::int64_t size, MessageKeys keys,
                    std::span<const std::uint32_t> subscriptions, bool resend);
  // Entries a producer gave up on after their throttled retries.
  void drop_throttled(std::uint64_t entries);

  // Copies accepted and not yet handed to a queue or an endpoint.
  std::uint64_t pending_deliveries() const { return deliveries_.live(); }
  TopicResult result() const;

  void handle(core::Kernel& kernel, const core::Event& event) override;

 private:
  struct Delivery {
    std::uint64_t event;
    Time produced;
    std::int64_t size;
    MessageKeys keys;
    std::uint32_t subscription;
    std::uint32_t attempt;  // retries made so far
  };

  void schedule_attempt(std::uint32_t slot, Duration after);
  // Hands the delivery's copy to queue `queue`, through its destination.
  void deliver(const Delivery& d, std::uint32_t queue);
  void attempt(std::uint32_t slot);

  TopicConfig config_;
  core::Kernel& kernel_;
  Books& books_;
  std::vector<Queue*> queues_;
  core::ComponentId id_ = 0;
  core::RandomStream rng_;
  RateQuota quota_;
  std::unique_ptr<DeduplicationWindow> deduplication_;
  std::unique_ptr<rules::RuleSet> body_rules_, attribute_rules_;
  std::vector<std::uint32_t> body_subscription_, attribute_subscription_;  // rule -> subscription
  std::vector<std::uint32_t> unfiltered_;
  std::vector<std::uint32_t> subscription_queue_, dead_letter_queue_;  // UINT32_MAX: none
  std::vector<std::unique_ptr<Destination>> to_queue_;  // by queue; null: not delivered to
  rules::MatchBuffers buffers_;
  std::vector<std::uint32_t> matched_;
  std::vector<Time> last_delivery_;  // per subscription, for FIFO order
  Slots<Delivery> deliveries_;
  std::vector<metrics::CounterId> delivery_calls_;     // per subscription
  std::vector<metrics::CounterId> dead_letter_calls_;  // per subscription with a DLQ
  TopicResult result_;
};

}  // namespace edasim::model
