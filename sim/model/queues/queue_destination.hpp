// Messages sent to queues with SendMessage (one entry) or SendMessageBatch,
// each request billed one unit per 64 KB chunk of its payload, at the FIFO
// price on a FIFO queue.
//
// QueueDestination sends to one queue, asks the queue's send quota once per
// request, and takes duplicates (an at-least-once producer's second sends).
// PointToPointDestination sends every event to each of several queues, one
// request per queue per batch (nothing fans out for the sender), and marks
// the copies whose consumer does not want the event, so that the consumer
// discards them after paying for them. QueueDelivery takes a service's
// deliveries (a bus rule's target, a topic's subscription), which the
// service bills itself.
//
// queues_receiving (to = "queue.NAME" or a list of queues) makes the one a
// sender needs: a QueueDelivery for a service; for a client a
// PointToPointDestination when it names several queues or a queue whose
// consumer wants only some events, else a QueueDestination.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/rules/match_buffers.hpp"

namespace edasim::rules {
class RuleSet;
}  // namespace edasim::rules

namespace edasim::model {

struct Books;
class Queue;
class QueueDestination final : public Destination {
 public:
  QueueDestination(Queue& queue, std::string_view component, Books& books);

  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;
  void send_duplicate(const Outgoing& entry, std::span<const std::uint32_t> routes) override;

 private:
  Queue& queue_;
  Books& books_;
  metrics::CounterId send_message_, send_message_batch_;
};

class QueueDelivery final : public Delivery {
 public:
  explicit QueueDelivery(Queue& queue) : queue_(queue) {}

  Delivered deliver(const Outgoing& entry, SendQuota quota) override;

 private:
  Queue& queue_;
};

class PointToPointDestination final : public Destination {
 public:
  // `wants[i]` is the event pattern of the consumer of queues[i] (empty: it
  // wants every event).
  PointToPointDestination(std::vector<Queue*> queues, const std::vector<std::string>& wants,
                          std::string_view component, Books& books);
  ~PointToPointDestination() override;

  rules::PathTable* paths() override;
  SchemaRegistry::Check route(const rules::Event& body, const rules::Event& attributes,
                              std::vector<std::uint32_t>& out, Outgoing& entry) override;
  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;

 private:
  std::vector<Queue*> queues_;
  Books& books_;
  // SendMessage and SendMessageBatch by queue (FIFO queues are billed apart).
  std::vector<std::pair<metrics::CounterId, metrics::CounterId>> sends_;
  std::unique_ptr<rules::RuleSet> wants_;
  std::vector<std::uint32_t> wanting_rule_;  // per queue: its rule in wants_, or UINT32_MAX
  rules::MatchBuffers buffers_;
  std::vector<std::uint32_t> wanted_;
};

}  // namespace edasim::model
