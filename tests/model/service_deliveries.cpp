// A bus's rule targets and a topic's SQS subscriptions deliver through the
// Destination that the queues' registration makes for a service: the copy
// reaches the component only through it, with the service's own call billed
// by the service, and the service tells whether the queue's send quota
// applies.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "sim/model/bus/bus.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/model/system.hpp"
#include "sim/model/topics/topic.hpp"
#include "tests/model/designs.hpp"
#include "tests/model/queue_rig.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

struct Handed {
  std::string table, name;
  std::uint64_t event;
  std::int64_t size;
  SendQuota quota;
};

// A destination that keeps what it is given and hands nothing on.
class Keeper final : public Destination {
 public:
  Keeper(std::vector<Handed>& log, std::string table, std::string name)
      : log_(log), table_(std::move(table)), name_(std::move(name)) {}
  void send(const Request&, Sender&) override { FAIL("a service sent a request"); }
  model::Delivered deliver(const Outgoing& e, SendQuota quota) override {
    log_.push_back({table_, name_, e.event, e.size, quota});
    return model::Delivered::taken;
  }

 private:
  std::vector<Handed>& log_;
  std::string table_, name_;
};

MakeDelivery keeping(std::vector<Handed>& log) {
  return [&log](std::string_view table, const std::string& name) {
    return std::make_unique<Keeper>(log, std::string(table), name);
  };
}

}  // namespace

TEST_CASE("a bus rule's target delivers through its destination, bypassing the send quota") {
  testing::Rig rig(testing::config("q"));
  BusConfig b;
  b.name = "b";
  b.delivery_latency = DurationDistribution(Distribution::constant(0.0));
  b.rules.push_back(RuleConfig{"all", R"({"source": ["shop"]})", {"q"}});
  std::vector<Handed> log;
  Bus bus(b, 0, Context{4, rig.kernel, rig.books}, {&rig.queue}, keeping(log));
  bus.attach(rig.kernel.attach(bus));
  const std::uint32_t target = 0;
  bus.put_event(7, Time::zero(), 300, {&target, 1});
  rig.run_to(seconds(1));
  REQUIRE(log.size() == 1);
  CHECK(log[0].table == "queues");
  CHECK(log[0].name == "q");
  CHECK(log[0].event == 7);
  CHECK(log[0].size == 300);
  CHECK(log[0].quota == SendQuota::bypassed);
  // The queue saw nothing but what the destination gave it: nothing.
  CHECK(rig.queue.result().sent == 0);
  // The bus billed its own delivery.
  CHECK(rig.books.calls
            .at(rig.books.calls.counter("bus:b", metrics::call_kind::kEventBridgeDeliverSqs))
            .calls == 1);
}

TEST_CASE("a topic's SQS subscription delivers through its destination, under the send quota") {
  testing::Rig rig(testing::config("q"));
  TopicConfig t;
  t.name = "t";
  t.delivery_latency = DurationDistribution(Distribution::constant(0.0));
  SubscriptionConfig s;
  s.name = "to-q";
  s.protocol = SubscriptionConfig::Protocol::sqs;
  s.queue = "q";
  t.subscriptions.push_back(s);
  std::vector<Handed> log;
  Topic topic(t, Context{4, rig.kernel, rig.books}, {&rig.queue}, keeping(log));
  topic.attach(rig.kernel.attach(topic));
  const std::uint32_t subscription = 0;
  CHECK(topic.publish(9, Time::zero(), 200, MessageKeys{}, {&subscription, 1}, false) ==
        Topic::Admission::accepted);
  rig.run_to(seconds(1));
  REQUIRE(log.size() == 1);
  CHECK(log[0].table == "queues");
  CHECK(log[0].name == "q");
  CHECK(log[0].event == 9);
  CHECK(log[0].quota == SendQuota::applies);
  CHECK(rig.queue.result().sent == 0);
  CHECK(rig.books.calls.at(rig.books.calls.counter("topic:t", metrics::call_kind::kSnsDeliverSqs))
            .calls == 1);
}

TEST_CASE("the queues' registration makes a service's destination that bills nothing") {
  // Through a whole system: the bus's delivery is billed once, as the bus's
  // call, and no SendMessage line appears for the bus.
  SystemConfig s = testing::one_message(0.1);
  BusConfig b;
  b.name = "b";
  b.rules.push_back(RuleConfig{"all", R"({"source": ["shop"]})", {"q"}});
  s.buses.push_back(b);
  s.producers[0].target_table = "buses";
  s.producers[0].target = "b";
  s.producers[0].templates = {testing::shop_event()};
  System system(s);
  system.run();
  const RunResult r = system.result();
  std::vector<std::string> bus_kinds;
  for (const CallLine& c : r.calls) {
    if (c.component == "bus:b") bus_kinds.push_back(c.kind);
  }
  CHECK(bus_kinds == std::vector<std::string>{"EventBridge.DeliverToSQS"});
  CHECK(r.queues[0].sent == 1);
}
