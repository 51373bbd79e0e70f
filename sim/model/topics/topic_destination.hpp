// Events published to a topic with Publish (one entry) or PublishBatch:
// each routed by the subscriptions' filter policies as it is made. SNS
// answers a PublishBatch entry by entry (services.md §3.6), so the request is
// billed whole, one unit per 64 KB chunk of its payload, whatever the quota
// does to its entries; the entries over the quota are reported throttled. A
// single Publish refused at ingest is an error, not billed. topics_receiving
// (to = "topic.NAME") makes one for a client.
#pragma once

#include <string_view>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/support/destination.hpp"

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

}  // namespace edasim::model
