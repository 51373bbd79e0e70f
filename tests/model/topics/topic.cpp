// SNS-style topics, behaviour by behaviour (shared/reference/services.md §3):
// fan-out to every matching subscription, attribute and body filter scopes,
// the delivery retry policy and subscription DLQs, the publish quota, FIFO
// topics and the message size limit.
#include "sim/model/topics/topic.hpp"

#include <catch2/catch.hpp>
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/queues/queue_destination.hpp"
#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::metrics;
using namespace edasim::model;

namespace {

SubscriptionConfig sqs(std::string name, std::string queue) {
  SubscriptionConfig s;
  s.name = std::move(name);
  s.queue = std::move(queue);
  return s;
}

std::uint64_t calls_of_kind(const Books& books, std::string_view kind) {
  for (const auto& k : books.calls.by_kind()) {
    if (k.name == kind) return k.count.calls;
  }
  return 0;
}

struct TopicRig {
  explicit TopicRig(TopicConfig config, std::vector<std::string> queue_names,
                    bool fifo_queues = false) {
    for (std::uint32_t i = 0; i < queue_names.size(); ++i) {
      QueueConfig q;
      q.name = queue_names[i];
      if (fifo_queues) q.fifo = FifoConfig{};
      queues.push_back(std::make_unique<Queue>(q, i, Context{7, kernel, books}, pool));
      queues.back()->attach(kernel.attach(*queues.back()));
      raw.push_back(queues.back().get());
    }
    config.delivery_latency = DurationDistribution(Distribution::constant(0.01));
    // Each queue's delivery destination, as the queues' registration makes
    // it for a service.
    const MakeDelivery deliveries = [this](std::string_view, const std::string& name) {
      for (Queue* q : raw) {
        if (q->name() == name) return std::make_unique<QueueDelivery>(*q);
      }
      throw std::invalid_argument("no such queue " + name);
    };
    topic = std::make_unique<Topic>(std::move(config), Context{7, kernel, books}, raw, deliveries);
    topic->attach(kernel.attach(*topic));
  }

  // Builds the message's attributes and body and publishes it now.
  void publish(std::uint64_t event, const std::vector<std::pair<std::string, std::string>>& attrs,
               const std::vector<std::pair<std::string, double>>& body, std::int64_t size = 1000,
               MessageKeys keys = {}) {
    rules::Event a, b;
    for (const auto& [name, value] : attrs) {
      a.add_string(topic->attribute_paths().intern(name), value);
    }
    for (const auto& [path, value] : body) b.add_number(topic->body_paths().intern(path), value);
    routes.clear();
    topic->route(b, a, routes);
    ++books.events.produced;
    last = topic->publish(event, kernel.now(), size, keys, routes, false);
  }

  Queue& queue(std::size_t i) { return *queues[i]; }
  void run_to(Duration d) { kernel.run_until(Time::zero() + d); }

  Kernel kernel;
  MessagePool pool;
  Books books;
  std::vector<std::unique_ptr<Queue>> queues;
  std::vector<Queue*> raw;
  std::unique_ptr<Topic> topic;
  std::vector<std::uint32_t> routes;
  Topic::Admission last = Topic::Admission::accepted;
};

}  // namespace

TEST_CASE("a publish fans out to every matching subscription and none other") {
  TopicConfig t;
  t.name = "orders";
  t.subscriptions.push_back(sqs("all", "a"));
  SubscriptionConfig placed = sqs("placed", "b");
  placed.filter_policy = R"({"type": ["OrderPlaced"]})";
  t.subscriptions.push_back(placed);
  SubscriptionConfig shipped = sqs("shipped", "c");
  shipped.filter_policy = R"({"type": ["OrderShipped"]})";
  t.subscriptions.push_back(shipped);
  TopicRig rig(t, {"a", "b", "c"});

  rig.publish(1, {{"type", "OrderPlaced"}}, {});
  CHECK(rig.routes == std::vector<std::uint32_t>{0, 1});
  rig.run_to(seconds(1));
  CHECK(rig.queue(0).visible() == 1);
  CHECK(rig.queue(1).visible() == 1);
  CHECK(rig.queue(2).visible() == 0);
  CHECK(rig.books.events.routed_events == 1);
  CHECK(rig.books.events.copies == 2);
  const TopicResult r = rig.topic->result();
  CHECK(r.published == 1);
  CHECK(r.subscriptions[1].delivered == 1);
  CHECK(r.subscriptions[2].matched == 0);
}

TEST_CASE("a publish no subscription accepts is filtered out and counted as unrouted") {
  TopicConfig t;
  t.name = "orders";
  SubscriptionConfig placed = sqs("placed", "a");
  placed.filter_policy = R"({"type": ["OrderPlaced"]})";
  t.subscriptions.push_back(placed);
  TopicRig rig(t, {"a"});
  rig.publish(1, {{"type", "CartViewed"}}, {});
  CHECK(rig.books.events.unrouted == 1);
  CHECK(rig.books.events.copies == 0);
  CHECK(rig.topic->result().filtered_out == 1);
}

TEST_CASE("attribute policies see message attributes and body policies see the payload") {
  TopicConfig t;
  t.name = "orders";
  SubscriptionConfig by_attribute = sqs("by-attribute", "a");
  by_attribute.filter_policy = R"({"total": [{"numeric": [">", 100]}]})";
  t.subscriptions.push_back(by_attribute);
  SubscriptionConfig by_body = sqs("by-body", "b");
  by_body.filter_scope = SubscriptionConfig::FilterScope::message_body;
  by_body.filter_policy = R"({"detail": {"total": [{"numeric": [">", 100]}]}})";
  t.subscriptions.push_back(by_body);
  TopicRig rig(t, {"a", "b"});

  // The total is in the payload only: the attribute policy cannot see it.
  rig.publish(1, {}, {{"detail.total", 250}});
  CHECK(rig.routes == std::vector<std::uint32_t>{1});
  rig.publish(2, {}, {{"detail.total", 50}});
  CHECK(rig.routes.empty());
}

TEST_CASE(
    "a failing endpoint is retried by the policy, then its copy goes to the subscription DLQ") {
  TopicConfig t;
  t.name = "activity";
  SubscriptionConfig hook;
  hook.name = "hook";
  hook.protocol = SubscriptionConfig::Protocol::http;
  hook.success_probability = 0.0;
  hook.latency = DurationDistribution(Distribution::constant(0.1));
  hook.dead_letter_queue = "dlq";
  t.subscriptions.push_back(hook);
  TopicRig rig(t, {"dlq"});
  rig.publish(1, {}, {});

  // First attempt at 10 ms + 100 ms; then 3 retries 20 s apart (the HTTP/S
  // default), each taking 100 ms.
  rig.run_to(milliseconds(110));
  CHECK(rig.topic->result().subscriptions[0].failed_attempts == 1);
  rig.run_to(milliseconds(110 + 3 * 20'100 - 1));
  CHECK(rig.topic->result().subscriptions[0].failed_attempts == 3);
  CHECK(rig.queue(0).visible() == 0);
  rig.run_to(milliseconds(110 + 3 * 20'100));
  const SubscriptionResult s = rig.topic->result().subscriptions[0];
  CHECK(s.failed_attempts == 4);
  CHECK(s.to_dlq == 1);
  CHECK(rig.queue(0).visible() == 1);
  CHECK(rig.topic->pending_deliveries() == 0);
  CHECK(calls_of_kind(rig.books, metrics::call_kind::kSnsDeliverHttp) == 4);
}

TEST_CASE("without a DLQ an exhausted delivery is discarded and counted as rejected") {
  TopicConfig t;
  t.name = "activity";
  SubscriptionConfig hook;
  hook.name = "hook";
  hook.protocol = SubscriptionConfig::Protocol::http;
  hook.success_probability = 0.0;
  hook.retry.backoff_retries = 0;
  t.subscriptions.push_back(hook);
  TopicRig rig(t, {});
  rig.publish(1, {}, {});
  rig.run_to(seconds(1));
  CHECK(rig.topic->result().subscriptions[0].discarded == 1);
  CHECK(rig.books.events.rejected == 1);
  CHECK(rig.books.events.copies == 1);
}

TEST_CASE("the AWS-managed retry policy backs off from 1 s to 20 s in its phases") {
  const DeliveryRetryPolicy p = DeliveryRetryPolicy::aws_managed();
  CHECK(p.retries() == 100'015);
  std::vector<std::int64_t> delays;
  for (std::int64_t n = 1; n <= 17; ++n) delays.push_back(p.delay_before(n).ns / 1'000'000'000);
  CHECK(delays ==
        std::vector<std::int64_t>{0, 0, 0, 1, 1, 1, 2, 4, 8, 16, 20, 20, 20, 20, 20, 20, 20});
}

TEST_CASE("publishes over the quota are throttled and left to the publisher to send again") {
  TopicConfig t;
  t.name = "orders";
  t.publish_rate_limit = 3;
  t.subscriptions.push_back(sqs("all", "a"));
  TopicRig rig(t, {"a"});
  for (std::uint64_t e = 0; e < 5; ++e) rig.publish(e, {}, {});
  CHECK(rig.last == Topic::Admission::throttled);
  CHECK(rig.topic->result().published == 3);
  CHECK(rig.topic->result().throttled == 2);
  CHECK(rig.books.events.rejected_at_ingest == 0);
  rig.topic->drop_throttled(2);
  CHECK(rig.topic->result().dropped == 2);
  CHECK(rig.books.events.throttled == 2);
}

TEST_CASE("a message over the topic's size is rejected at ingest") {
  TopicConfig t;
  t.name = "orders";
  t.subscriptions.push_back(sqs("all", "a"));
  TopicRig rig(t, {"a"});
  rig.publish(1, {}, {}, 262'145);
  CHECK(rig.topic->result().oversize == 1);
  CHECK(rig.books.events.rejected_at_ingest == 1);
  CHECK(rig.books.events.copies == 0);
}

TEST_CASE("a FIFO topic drops a duplicate publish and keeps each group in order on its queues") {
  TopicConfig t;
  t.name = "orders";
  t.fifo = true;
  t.subscriptions.push_back(sqs("payments", "payments"));
  TopicRig rig(t, {"payments"}, true);
  // Delivery latencies are random in general; here they are constant, and
  // order holds for any draw because deliveries never overtake.
  rig.publish(1, {}, {}, 1000, {5, 101, false, 0, {}});
  rig.publish(2, {}, {}, 1000, {5, 102, false, 0, {}});
  rig.publish(3, {}, {}, 1000, {5, 101, false, 0, {}});
  rig.run_to(seconds(1));
  // SQS bills each delivery's SendMessage at the FIFO price.
  bool fifo_deliveries = false;
  for (const auto& line : rig.books.calls.lines()) {
    if (line.kind == "SNS.DeliverToSQS") fifo_deliveries = line.fifo && line.count.calls == 2;
  }
  CHECK(fifo_deliveries);
  CHECK(rig.topic->result().deduplicated == 1);
  CHECK(rig.books.events.deduplicated == 1);
  CHECK(rig.queue(0).visible() == 2);
  struct Collect : Receiver {
    std::vector<std::uint64_t> events;
    const Queue* q = nullptr;
    void on_receive(std::uint32_t, std::span<const Receipt> batch, ReceiveStatus) override {
      for (const Receipt& r : batch) events.push_back(r.event);
    }
  } collect;
  collect.q = &rig.queue(0);
  rig.queue(0).receive(collect, 0, 10, seconds(1));
  CHECK(collect.events == std::vector<std::uint64_t>{1, 2});
}

namespace {

// 40 events a second in batches of 10, a batch every 250 ms, against a quota
// of `limit` messages a second.
RunResult run_publish_batches(double limit) {
  SystemConfig s;
  s.name = "publish-billing";
  s.seed = 5;
  s.duration = seconds(10);
  ProducerConfig p;
  p.name = "p";
  p.target_table = "topics";
  p.target = "t";
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{40.0};
  p.batch_size = 10;
  p.batch_window = seconds(1);
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  TopicConfig t;
  t.name = "t";
  t.publish_rate_limit = limit;
  t.subscriptions.push_back(sqs("all", "q"));
  s.topics.push_back(t);
  QueueConfig q;
  q.name = "q";
  s.queues.push_back(q);
  System system(s);
  system.run();
  return system.result();
}

CallCount publish_batches(const RunResult& r) {
  CallCount c;
  for (const CallLine& line : r.calls) {
    if (line.kind == "PublishBatch") c += CallCount{line.calls, line.billing_units};
  }
  return c;
}

}  // namespace

TEST_CASE("a PublishBatch is one billed request per 64 KB of its payload whatever the quota does") {
  const RunResult r = run_publish_batches(2);
  REQUIRE(r.topics.at(0).throttled > 0);
  const CallCount batches = publish_batches(r);
  // Ten small entries are one 64 KB chunk: every request is one unit, the
  // ones the quota refused in part or whole included.
  CHECK(batches.calls >= r.events.produced / 10);
  CHECK(batches.billing_units == batches.calls);
  CHECK(r.events.balanced());
}

TEST_CASE("entries a PublishBatch had throttled are sent again in a later billed request") {
  // Without a quota: one request per ten events. With 12 messages a second,
  // each batch of 10 fits but the next one finds 2 tokens back: its
  // throttled entries go again after a backoff, in requests of their own.
  const RunResult free = run_publish_batches(1000);
  const RunResult tight = run_publish_batches(12);
  CHECK(publish_batches(free).calls == free.events.produced / 10);
  const TopicResult& topic = tight.topics.at(0);
  REQUIRE(topic.throttled > 0);
  CHECK(publish_batches(tight).calls > tight.events.produced / 10);
  // Every entry was published, dropped or still waiting at the end, and
  // fewer were dropped than throttled: retried entries got in.
  CHECK(topic.published + topic.dropped + tight.events.awaiting_routing == tight.events.produced);
  CHECK(topic.dropped < topic.throttled);
  CHECK(tight.events.throttled == topic.dropped);
  CHECK(tight.events.balanced());
}
