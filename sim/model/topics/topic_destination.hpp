// Events published to a topic with Publish (one entry) or PublishBatch:
// each routed by the subscriptions' filter policies as it is made. SNS
// answers a PublishBatch entry by entry (services.md §3.6), so the request is
// billed whole, one unit per 64 KB chunk of its payload, whatever the quota
// does to its entries; the entries over the quota are reported throttled. A
// single Publish refused at ingest is an error, not billed. topics_receiving
// (to = "topic.NAME") makes one for a client, and a TopicDelivery for a
// service (a bus rule's target).
#pragma once

#include <string_view>
#include <vector>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/rules/event.hpp"

namespace edasim::model {

struct Books;
class Topic;

class TopicDestination final : public Destination {
 public:
  TopicDestination(Topic& topic, std::string_view component, Books& books);

  rules::PathTable* paths() override;
  rules::PathTable* attribute_paths() override;
  bool routes() const override { return true; }
  SchemaRegistry::Check route(const rules::Event& body, const rules::Event& attributes,
                              std::vector<std::uint32_t>& out, Outgoing& entry) override;
  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;
  void give_up(std::uint64_t entries) override;
  // A duplicate over the quota is not sent again: its copy is lost.
  void send_duplicate(const Outgoing& entry, std::span<const std::uint32_t> routes) override;

 private:
  Topic& topic_;
  Books& books_;
  metrics::CounterId publish_, publish_batch_;
};

// A service's Publish to the topic (an EventBridge rule's target): one
// Publish per copy, billed in the service's name. The message carries no
// message attributes (EventBridge sets none), so it is routed when it
// arrives, by the subscriptions without a filter policy and the attribute
// policies that match no attributes; the scenario refuses a bus target
// whose topic filters on the message body. The service's copy becomes the
// topic's copies, one per subscription that takes it (none when none does).
// A Publish over the topic's quota is answered throttled, for the service
// to retry.
class TopicDelivery final : public Delivery {
 public:
  TopicDelivery(Topic& topic, std::string_view component, Books& books);

  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  Delivered deliver(const Outgoing& entry, SendQuota quota) override;

 private:
  Topic& topic_;
  Books& books_;
  metrics::CounterId publish_;
  rules::Event body_, attributes_;  // empty
  std::vector<std::uint32_t> subscriptions_;
};

}  // namespace edasim::model
