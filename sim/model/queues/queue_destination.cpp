#include "sim/model/queues/queue_destination.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "sim/model/queues/queue.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/offered_load.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim::model {

namespace {

std::int64_t payload(std::span<const Outgoing> entries) {
  std::int64_t bytes = 0;
  for (const Outgoing& e : entries) bytes += e.size;
  return bytes;
}

std::unique_ptr<Destination> to_queues(Assembly& a, std::span<const std::string> names,
                                       const Sending& sending) {
  std::vector<Queue*> queues;
  std::vector<std::string> wants;
  bool any_wants = false;
  for (const std::string& t : names) {
    Queue* queue = a.find<Queue>(t);
    if (queue == nullptr) throw std::invalid_argument("no such queue " + t);
    queues.push_back(queue);
    wants.emplace_back();
    for (const FleetConfig& fc : a.config.fleets) {
      if (fc.queue == t && !fc.wants.empty()) {
        wants.back() = fc.wants;
        break;
      }
    }
    any_wants = any_wants || !wants.back().empty();
  }
  if (queues.empty()) throw std::invalid_argument("no queue named as a target");
  // A service's delivery reaches the queue whatever its consumer wants, as
  // on AWS: only a producer's own requests carry the wants.
  if (sending.role == Sending::Role::service) {
    if (queues.size() != 1) throw std::invalid_argument("a service delivers to one queue");
    return std::make_unique<QueueDelivery>(*queues[0]);
  }
  if (queues.size() > 1 || any_wants) {
    return std::make_unique<PointToPointDestination>(std::move(queues), wants, sending.component,
                                                     a.books);
  }
  return std::make_unique<QueueDestination>(*queues[0], sending.component, a.books);
}

}  // namespace

const ReceivingKind queues_receiving{"queue", "queues", true, to_queues};

QueueDestination::QueueDestination(Queue& queue, std::string_view component, Books& books)
    : queue_(queue), books_(books) {
  const bool fifo = queue.config().fifo.has_value();
  send_message_ = books.calls.counter(component, metrics::call_kind::kSendMessage, fifo);
  send_message_batch_ = books.calls.counter(component, metrics::call_kind::kSendMessageBatch, fifo);
}

// One SendMessage[Batch] carries `batch` of the sender's messages.
void QueueDestination::offer(const OfferSample& s, OfferedLoad& load) const {
  const double w = s.weight;
  load.add("queues", queue_.name(), {w, w * static_cast<double>(s.entry.size), w / s.batch});
}

void QueueDestination::send(const Request& request, Sender& sender) {
  books_.calls.add(request.entries.size() == 1 ? send_message_ : send_message_batch_, 1,
                   metrics::billing_units(Bytes{payload(request.entries)}));
  const bool admitted = queue_.admit_send(static_cast<std::uint32_t>(request.entries.size()));
  for (const Outgoing& e : request.entries) {
    ++books_.events.routed_events;
    ++books_.events.copies;
    if (admitted) queue_.send(e.event, e.produced, e.size, e.keys);
    sender.first_attempt(e, request.routes.subspan(e.route_begin, e.route_count));
  }
}

void QueueDestination::send_duplicate(const Outgoing& e, std::span<const std::uint32_t>) {
  books_.calls.add(send_message_, 1, metrics::billing_units(Bytes{e.size}));
  ++books_.events.copies;
  if (queue_.admit_send(1)) queue_.send(e.event, e.produced, e.size, e.keys);
}

// A send over the queue's quota is the queue's to count (rejected): SQS
// answers it, and neither SNS nor EventBridge sends it again.
Delivered QueueDelivery::deliver(const Outgoing& e, SendQuota quota) {
  if (quota == SendQuota::bypassed || queue_.admit_send(1)) {
    queue_.send(e.event, e.produced, e.size, e.keys);
  }
  return Delivered::taken;
}

PointToPointDestination::PointToPointDestination(std::vector<Queue*> queues,
                                                 const std::vector<std::string>& wants,
                                                 std::string_view component, Books& books)
    : queues_(std::move(queues)), books_(books) {
  for (const Queue* q : queues_) {
    const bool fifo = q->config().fifo.has_value();
    sends_.push_back({books.calls.counter(component, metrics::call_kind::kSendMessage, fifo),
                      books.calls.counter(component, metrics::call_kind::kSendMessageBatch, fifo)});
  }
  std::vector<rules::RuleSource> sources;
  wanting_rule_.assign(queues_.size(), UINT32_MAX);
  for (std::size_t i = 0; i < queues_.size() && i < wants.size(); ++i) {
    if (wants[i].empty()) continue;
    wanting_rule_[i] = static_cast<std::uint32_t>(sources.size());
    sources.push_back({queues_[i]->name(), wants[i]});
  }
  if (!sources.empty()) wants_ = std::make_unique<rules::RuleSet>(rules::RuleSet::compile(sources));
}

PointToPointDestination::~PointToPointDestination() = default;

rules::PathTable* PointToPointDestination::paths() {
  return wants_ != nullptr ? &wants_->paths() : nullptr;
}

SchemaRegistry::Check PointToPointDestination::route(const rules::Event& body, const rules::Event&,
                                                     std::vector<std::uint32_t>&, Outgoing& entry) {
  if (wants_ == nullptr) return {};
  wanted_.clear();
  wants_->match(body, buffers_, wanted_);
  for (std::size_t i = 0; i < queues_.size(); ++i) {
    const std::uint32_t rule = wanting_rule_[i];
    if (rule != UINT32_MAX && std::find(wanted_.begin(), wanted_.end(), rule) == wanted_.end())
      entry.unwanted |= std::uint64_t{1} << i;
  }
  return {};
}

// Every queue takes every event; the copies its consumer does not want are
// still received and discarded.
void PointToPointDestination::offer(const OfferSample& s, OfferedLoad& load) const {
  const double w = s.weight;
  for (std::size_t q = 0; q < queues_.size(); ++q) {
    const bool unwanted = ((s.entry.unwanted >> q) & 1) != 0;
    load.add("queues", queues_[q]->name(),
             {w, w * static_cast<double>(s.entry.size), w / s.batch, 0, unwanted ? w : 0});
  }
}

void PointToPointDestination::send(const Request& request, Sender&) {
  const std::int64_t bytes = payload(request.entries);
  for (std::size_t q = 0; q < queues_.size(); ++q) {
    books_.calls.add(request.entries.size() == 1 ? sends_[q].first : sends_[q].second, 1,
                     metrics::billing_units(Bytes{bytes}));
    for (const Outgoing& e : request.entries) {
      ++books_.events.copies;
      queues_[q]->send(e.event, e.produced, e.size, e.keys, ((e.unwanted >> q) & 1) != 0);
    }
  }
  books_.events.routed_events += request.entries.size();
}

}  // namespace edasim::model
