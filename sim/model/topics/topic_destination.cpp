#include "sim/model/topics/topic_destination.hpp"

#include "sim/model/receiving_kind.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/topics/topic.hpp"

namespace edasim::model {

namespace {

std::unique_ptr<Destination> to_topic(Assembly& a, std::span<const std::string> names,
                                      const Sending& sending) {
  Topic& topic = only_component<Topic>(a, names, "topic");
  if (sending.role == Sending::Role::service) {
    return std::make_unique<TopicDelivery>(topic, sending.component, a.books);
  }
  return std::make_unique<TopicDestination>(topic, sending.component, a.books);
}

}  // namespace

const ReceivingKind topics_receiving{"topic", "topics", false, to_topic};

TopicDestination::TopicDestination(Topic& topic, std::string_view component, Books& books)
    : topic_(topic),
      books_(books),
      publish_(books.calls.counter(component, metrics::call_kind::kPublish)),
      publish_batch_(books.calls.counter(component, metrics::call_kind::kPublishBatch)) {}

rules::PathTable* TopicDestination::paths() {
  return &topic_.body_paths();
}

rules::PathTable* TopicDestination::attribute_paths() {
  return &topic_.attribute_paths();
}

SchemaRegistry::Check TopicDestination::route(const rules::Event& body,
                                              const rules::Event& attributes,
                                              std::vector<std::uint32_t>& out, Outgoing&) {
  topic_.route(body, attributes, out);
  return {};
}

void TopicDestination::offer(const OfferSample& sample, OfferedLoad& load) const {
  topic_.offer(sample, load);
}

void TopicDestination::send(const Request& request, Sender& sender) {
  std::int64_t bytes = 0;
  bool refused = false;
  for (const Outgoing& e : request.entries) {
    bytes += e.size;
    const auto subscriptions = request.routes.subspan(e.route_begin, e.route_count);
    const Topic::Admission a =
        topic_.publish(e.event, e.produced, e.size, e.keys, subscriptions, false);
    if (a == Topic::Admission::throttled) {
      Outgoing& f = request.throttled.emplace_back(e);
      f.route_begin = static_cast<std::uint32_t>(request.throttled_routes.size());
      request.throttled_routes.insert(request.throttled_routes.end(), subscriptions.begin(),
                                      subscriptions.end());
    }
    refused = refused || a != Topic::Admission::accepted;
    if (request.attempt == 1) sender.first_attempt(e, subscriptions);
  }
  if (request.entries.size() == 1) {
    books_.calls.add(publish_, 1, refused ? 0 : metrics::billing_units(Bytes{bytes}));
  } else {
    books_.calls.add(publish_batch_, 1, metrics::billing_units(Bytes{bytes}));
  }
}

void TopicDestination::give_up(std::uint64_t entries) {
  topic_.drop_throttled(entries);
}

void TopicDestination::send_duplicate(const Outgoing& e, std::span<const std::uint32_t> routes) {
  const Topic::Admission a = topic_.publish(e.event, e.produced, e.size, e.keys, routes, true);
  if (a == Topic::Admission::throttled) {
    ++books_.events.copies;
    ++books_.events.rejected;
  }
  books_.calls.add(publish_, 1,
                   a == Topic::Admission::accepted ? metrics::billing_units(Bytes{e.size}) : 0);
}

}  // namespace edasim::model

namespace edasim::model {

TopicDelivery::TopicDelivery(Topic& topic, std::string_view component, Books& books)
    : topic_(topic),
      books_(books),
      publish_(books.calls.counter(component, metrics::call_kind::kPublish)) {}

void TopicDelivery::offer(const OfferSample& sample, OfferedLoad& load) const {
  topic_.offer(sample, load);
}

Delivered TopicDelivery::deliver(const Outgoing& e, SendQuota) {
  subscriptions_.clear();
  topic_.route(body_, attributes_, subscriptions_);
  // The event is the service's, counted among the routed ones already: the
  // topic tells the fate of its copies only (a resend's accounting).
  const Topic::Admission a =
      topic_.publish(e.event, e.produced, e.size, e.keys, subscriptions_, true);
  books_.calls.add(publish_, 1,
                   a == Topic::Admission::accepted ? metrics::billing_units(Bytes{e.size}) : 0);
  if (a == Topic::Admission::throttled) return Delivered::throttled;
  // The service's copy is handed over: the topic's copies (or its refusal)
  // take its place.
  --books_.events.copies;
  return Delivered::taken;
}

}  // namespace edasim::model
