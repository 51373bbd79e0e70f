// A producer sends to one Destination: the calls it makes, and so the bill,
// are those of the kind it sends to, and nothing of the others.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

ProducerConfig producer(std::string name, std::string table, std::string target) {
  ProducerConfig p;
  p.name = std::move(name);
  p.target_table = table;
  p.target = std::move(target);
  p.arrival.rate = Rate{20};
  p.batch_size = 5;
  p.batch_window = milliseconds(100);
  p.templates.push_back(testing::shop_event());
  return p;
}

// Two producers, one sending to a queue and one to a bus that routes
// everything to another queue.
SystemConfig two_producers() {
  SystemConfig s;
  s.name = "destinations";
  s.duration = minutes(2);
  s.producers.push_back(producer("direct", "queues", "work"));
  s.producers.push_back(producer("routed", "buses", "main"));
  for (const char* name : {"work", "routed-work"}) {
    QueueConfig q;
    q.name = name;
    s.queues.push_back(q);
  }
  BusConfig b;
  b.name = "main";
  b.rules.push_back(RuleConfig{"all", R"({"source": ["shop"]})", {"routed-work"}});
  s.buses.push_back(b);
  return s;
}

std::vector<std::string> kinds_of(const RunResult& r, const std::string& component) {
  std::vector<std::string> kinds;
  for (const CallLine& c : r.calls) {
    if (c.component == component) kinds.push_back(c.kind);
  }
  return kinds;
}

}  // namespace

TEST_CASE("a producer's call lines are the calls of the kind it sends to, and only those") {
  System system(two_producers());
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.events.produced > 0);
  CHECK(kinds_of(r, "producer:direct") ==
        std::vector<std::string>{"SendMessage", "SendMessageBatch"});
  CHECK(kinds_of(r, "producer:routed") == std::vector<std::string>{"PutEvents"});
  // Every event of either producer went to a queue, or is still on its way.
  CHECK(r.events.unrouted == 0);
  CHECK(r.events.routed_events + r.events.awaiting_routing == r.events.produced);
  CHECK(r.events.balanced());
}

TEST_CASE("a producer whose target does not exist is refused when the system is built") {
  SystemConfig s = two_producers();
  s.producers[1].target = "no-such-bus";
  CHECK_THROWS_WITH(System(s), "producer routed: no such bus no-such-bus");
  s = two_producers();
  s.producers[0].target = "no-such-queue";
  CHECK_THROWS_WITH(System(s), "producer direct: no such queue no-such-queue");
}
