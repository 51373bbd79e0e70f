// Offered load at the producers' peak and the capacity findings it gives,
// without simulating (support/offered_load.hpp): each test's arithmetic is
// in its comments.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/model/system.hpp"
#include "sim/model/system_config.hpp"
#include "tests/model/designs.hpp"

namespace edasim {
namespace {

using Catch::Matchers::WithinAbs;

constexpr std::uint64_t kSamples = 2000;

// A constant producer of `rate` events a second into queue "q", with the
// template `t`; its rate is multiplied by `factor` from 10 minutes on.
model::ProducerConfig producer(std::string name, std::string table, std::string target, double rate,
                               double factor = 1.0, model::EventTemplate t = {}) {
  model::ProducerConfig p;
  p.name = std::move(name);
  p.target_table = std::move(table);
  p.target = std::move(target);
  p.arrival.process = model::ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{rate};
  if (factor != 1.0)
    p.arrival.profile.push_back(model::RateChange{minutes(10), Duration::zero(), factor});
  t.size_bytes = core::Distribution::constant(1000);
  p.templates.push_back(t);
  return p;
}

model::SystemConfig design() {
  model::SystemConfig s;
  s.name = "capacity";
  s.seed = 1;
  s.duration = minutes(20);
  return s;
}

model::QueueConfig queue(std::string name) {
  model::QueueConfig q;
  q.name = std::move(name);
  return q;
}

model::FleetConfig fleet(std::string name, std::string from, std::int32_t instances,
                         double processing) {
  model::FleetConfig f;
  f.name = std::move(name);
  f.queue = std::move(from);
  f.instances = instances;
  f.pollers_per_instance = 1;
  f.batch_size = 1;
  f.processing = core::DurationDistribution(core::Distribution::constant(processing));
  return f;
}

model::Capacity capacity_of(const model::SystemConfig& config) {
  model::System system(config);
  return system.capacity(system.offered_load(kSamples));
}

}  // namespace

TEST_CASE("a fleet that cannot keep up at the peak is named with its numbers") {
  // 100/s x 18 from 10m = 1,800 messages/s; 8 pollers x batch 1 / 10 ms =
  // 800/s; 1,800 / 800 = 225 %; the backlog grows by 1,800 - 800 = 1,000/s.
  model::SystemConfig s = design();
  s.producers.push_back(producer("orders", "queues", "q", 100, 18));
  s.queues.push_back(queue("q"));
  s.fleets.push_back(fleet("fulfilment", "q", 8, 0.010));
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].table == "consumers");
  CHECK(c.limits[0].name == "fulfilment");
  CHECK_THAT(c.limits[0].utilisation, WithinAbs(2.25, 1e-9));
  CHECK(c.limits[0].message ==
        "at the peak (t = 10m) 1,800 messages/s arrive; 8 pollers x batch 1 / mean 10 ms serve at "
        "most 800/s (utilisation 225 %): the backlog grows by about 1,000/s");
  // The station the planner reads: 1,800/s on 8 servers of 10 ms, E[S^2] = 1e-4.
  REQUIRE(c.stations.size() == 1);
  CHECK_THAT(c.stations[0].arrival_rate, WithinAbs(1800, 1e-9));
  CHECK(c.stations[0].servers == 8);
  CHECK_THAT(c.stations[0].mean_service, WithinAbs(0.010, 1e-12));
  CHECK_THAT(c.stations[0].service_second_moment, WithinAbs(1e-4, 1e-12));
  CHECK(c.stations[0].peak == Time::zero() + minutes(10));
}

TEST_CASE("a sufficient design has no capacity finding") {
  // 1,800/s on 40 pollers of 10 ms: 4,000/s, 45 %.
  model::SystemConfig s = design();
  s.producers.push_back(producer("orders", "queues", "q", 100, 18));
  s.queues.push_back(queue("q"));
  s.fleets.push_back(fleet("fulfilment", "q", 40, 0.010));
  const model::Capacity c = capacity_of(s);
  CHECK(c.limits.empty());
  REQUIRE(c.stations.size() == 1);
  CHECK_THAT(c.stations[0].arrival_rate / (40 / 0.010), WithinAbs(0.45, 1e-9));
}

TEST_CASE("a fleet above 80 % at the peak is told it has little headroom") {
  // 90/s on 10 pollers of 100 ms: 100/s, 90 %.
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "queues", "q", 90));
  s.queues.push_back(queue("q"));
  s.fleets.push_back(fleet("servers", "q", 10, 0.100));
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].message ==
        "at the peak (t = 0s) 90 messages/s arrive; 10 pollers x batch 1 / mean 100 ms serve at "
        "most 100/s (utilisation 90 %): little headroom for bursts");
}

TEST_CASE("batches, receive latency and autoscaling enter a fleet's capacity") {
  // 2 instances x 5 pollers, autoscaled to at most 4 instances: 20 pollers.
  // A batch of 10 takes 10 x 50 ms + a 100 ms receive = 600 ms, so
  // 20 x 10 / 0.6 = 333.3/s; 500 / 333.3 = 150 %, 166.7/s behind.
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "queues", "q", 500));
  model::QueueConfig q = queue("q");
  q.api_latency = core::DurationDistribution(core::Distribution::constant(0.1));
  s.queues.push_back(q);
  model::FleetConfig f = fleet("workers", "q", 2, 0.050);
  f.pollers_per_instance = 5;
  f.batch_size = 10;
  f.autoscaling.enabled = true;
  f.autoscaling.min_instances = 2;
  f.autoscaling.max_instances = 4;
  s.fleets.push_back(f);
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].message ==
        "at the peak (t = 0s) 500 messages/s arrive; 20 pollers (at most 4 instances when "
        "autoscaled) x batch 10 / (10 x mean 50 ms + receive 100 ms) serve at most 333/s "
        "(utilisation 150 %): the backlog grows by about 167/s");
  // Per message: 50 ms + 100 ms / 10 = 60 ms.
  CHECK_THAT(c.stations.at(0).mean_service, WithinAbs(0.060, 1e-12));
}

TEST_CASE("a function short of concurrency is named with its numbers") {
  // 2,000 messages/s in batches of 10: 200 invocations/s of 10 x 50 ms =
  // 500 ms each need 2,000 x 0.05 = 100 concurrent; reserved 50: 200 %.
  // 50 / 50 ms = 1,000/s served, 1,000/s behind.
  model::SystemConfig s = design();
  s.producers.push_back(producer("uploads", "queues", "q", 2000));
  s.queues.push_back(queue("q"));
  model::FunctionConfig f;
  f.name = "thumbnail";
  f.queue = "q";
  f.batch_size = 10;
  f.processing = core::DurationDistribution(core::Distribution::constant(0.05));
  f.reserved_concurrency = 50;
  s.functions.push_back(f);
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].table == "functions");
  CHECK(c.limits[0].message ==
        "at the peak (t = 0s) 2,000 messages/s arrive: 200 invocations/s of batch 10 at mean "
        "500 ms (10 x 50 ms) need 100 concurrent invocations; its reserved concurrency allows 50 "
        "(utilisation 200 %): the backlog grows by about 1,000/s");
  REQUIRE(c.stations.size() == 1);
  CHECK(c.stations[0].servers == 50);
}

TEST_CASE("a bus rule that matches half the events halves the load downstream") {
  // "kind" is "a" or "b" with equal weights; the rule takes "a". Of 2,000
  // samples the count of "a" is binomial (sd sqrt(2000 x 0.25) = 22.4, 1.1 %
  // of the events): within +-5 % (4.5 sd) of half of 1,000/s is 475..525/s.
  model::EventTemplate t;
  model::FieldGenerator kind;
  kind.path = {"kind"};
  kind.values = {"a", "b"};
  kind.weights = {1.0, 1.0};
  t.fields.push_back(kind);
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "buses", "events", 1000, 1.0, t));
  model::BusConfig b;
  b.name = "events";
  b.rules.push_back(model::RuleConfig{"a-only", R"({"kind": ["a"]})", {"q"}});
  s.buses.push_back(b);
  s.queues.push_back(queue("q"));
  s.fleets.push_back(fleet("c", "q", 100, 0.001));
  model::System system(s);
  const model::OfferedLoad load = system.offered_load(kSamples);
  CHECK_THAT(load.peak("buses", "events").per_second.events, WithinAbs(1000, 1e-9));
  const double to_queue = load.peak("queues", "q").per_second.events;
  CHECK(to_queue > 475);
  CHECK(to_queue < 525);
  // The fleet reading the queue is offered the same, and each copy is one
  // bus invocation.
  CHECK_THAT(load.peak("consumers", "c").per_second.events, WithinAbs(to_queue, 1e-9));
  CHECK_THAT(load.peak("buses", "events").per_second.deliveries, WithinAbs(to_queue, 1e-9));
}

TEST_CASE("a bus over its PutEvents and invocations quotas is named") {
  // 150 events/s, one entry per PutEvents, against 100 requests/s: 150 %;
  // every event goes to two queues: 300 invocations/s against 200/s: 150 %.
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "buses", "events", 150, 1.0, testing::shop_event()));
  model::BusConfig b;
  b.name = "events";
  b.put_events_rate = Rate{100};
  b.invocations_rate = Rate{200};
  b.rules.push_back(model::RuleConfig{"all", R"({"source": ["shop"]})", {"q1", "q2"}});
  s.buses.push_back(b);
  s.queues.push_back(queue("q1"));
  s.queues.push_back(queue("q2"));
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.limits.size() == 2);
  CHECK(c.limits[0].message ==
        "at the peak (t = 0s) producers make 150 PutEvents requests/s (150 events/s); the "
        "PutEvents quota is 100 requests/s (utilisation 150 %): requests over it are throttled");
  CHECK(c.limits[1].message ==
        "at the peak (t = 0s) its rules make 300 target invocations/s; the invocations quota is "
        "200/s (utilisation 150 %): deliveries over it are delayed");
}

TEST_CASE("a FIFO queue over its API quota is named") {
  // 600 messages/s, one SendMessage each, against 300 calls/s: 200 %. Its
  // reader receives batches of 10: 60 ReceiveMessage calls/s, 20 %: no
  // finding.
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "queues", "q.fifo", 600));
  s.producers[0].message_group_field = "group";
  model::QueueConfig q = queue("q.fifo");
  q.fifo = model::FifoConfig{};
  s.queues.push_back(q);
  model::FleetConfig f = fleet("c", "q.fifo", 100, 0.001);
  f.batch_size = 10;
  s.fleets.push_back(f);
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].table == "queues");
  CHECK(c.limits[0].message ==
        "at the peak (t = 0s) its senders make 600 SendMessage[Batch] calls/s (600 messages/s); "
        "the FIFO quota is 300 calls/s per action (utilisation 200 %): sends over it are "
        "throttled");
}

TEST_CASE("a FIFO queue whose readers need more receives than its quota is named") {
  // 450 messages/s sent in batches of 10 (45 calls/s, 15 %); the reader
  // receives one at a time: 450 ReceiveMessage calls/s against 300: 150 %.
  // Its 100 pollers of 1 ms keep up (100,000/s).
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "queues", "q.fifo", 450));
  s.producers[0].message_group_field = "group";
  s.producers[0].batch_size = 10;
  model::QueueConfig q = queue("q.fifo");
  q.fifo = model::FifoConfig{};
  s.queues.push_back(q);
  s.fleets.push_back(fleet("c", "q.fifo", 100, 0.001));
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].message ==
        "at the peak (t = 0s) its readers need at least 450 ReceiveMessage calls/s (450 "
        "messages/s in batches of 1); the FIFO quota is 300 calls/s per action (utilisation "
        "150 %): receives over it are throttled");
}

TEST_CASE("unwanted point-to-point copies load a fleet at their discard time") {
  // Every event goes to both queues; "kind" is "a" or "b" evenly and the
  // fleet on q1 wants only "a". It receives all 1,000/s, about half of them
  // unwanted: mean service = 0.5 x 10 ms + 0.5 x 0 = about 5 ms. Within the
  // same 4.5 sd as the bus test (+-2.5 points of the share), the mean is
  // 4.75..5.25 ms and the utilisation on 4 pollers (1,000 x 5 ms / 4 =
  // 125 %) 119..131 %.
  model::EventTemplate t;
  model::FieldGenerator kind;
  kind.path = {"kind"};
  kind.values = {"a", "b"};
  kind.weights = {1.0, 1.0};
  t.fields.push_back(kind);
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "queues", "q1", 1000, 1.0, t));
  s.producers[0].targets = {"q1", "q2"};
  s.queues.push_back(queue("q1"));
  s.queues.push_back(queue("q2"));
  model::FleetConfig picky = fleet("picky", "q1", 4, 0.010);
  picky.wants = R"({"kind": ["a"]})";
  s.fleets.push_back(picky);
  s.fleets.push_back(fleet("all", "q2", 100, 0.001));
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.stations.size() == 2);
  CHECK_THAT(c.stations[0].arrival_rate, WithinAbs(1000, 1e-9));
  CHECK(c.stations[0].mean_service > 0.00475);
  CHECK(c.stations[0].mean_service < 0.00525);
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].name == "picky");
  CHECK(c.limits[0].utilisation > 1.19);
  CHECK(c.limits[0].utilisation < 1.31);
  CHECK(c.limits[0].message.find("of them unwanted copies") != std::string::npos);
}

TEST_CASE("an API whose concurrency limit the calls at the peak exceed is named") {
  // 200 messages/s, 2 calls each to "stock" of mean 100 ms: 400 calls/s
  // hold 400 x 0.1 = 40 calls at once against a limit of 25: 160 %. The
  // fleet's service is 10 ms + 2 x 100 ms = 210 ms on 100 pollers: 476/s,
  // 42 %: no finding.
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "queues", "q", 200));
  s.queues.push_back(queue("q"));
  model::ApiConfig api;
  api.name = "stock";
  api.latency = core::DurationDistribution(core::Distribution::constant(0.1));
  api.concurrency = 25;
  s.apis.push_back(api);
  model::FleetConfig f = fleet("c", "q", 100, 0.010);
  f.calls = {{"stock", 2}};
  s.fleets.push_back(f);
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].table == "apis");
  CHECK(c.limits[0].message ==
        "at the peak (t = 0s) 400 calls/s at mean 100 ms hold 40 at once; its concurrency limit "
        "is 25 (utilisation 160 %): calls over it are rejected");
  CHECK_THAT(c.stations.at(0).mean_service, WithinAbs(0.210, 1e-12));
}

TEST_CASE("a topic over its Publish quota is named") {
  // 600 messages/s against 300/s: 200 %.
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "topics", "t", 600));
  model::TopicConfig t;
  t.name = "t";
  t.publish_rate_limit = 300;
  s.topics.push_back(t);
  const model::Capacity c = capacity_of(s);
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].message ==
        "at the peak (t = 0s) 600 messages/s are published; the Publish quota is 300 messages/s "
        "(utilisation 200 %): publishes over it are throttled");
}

TEST_CASE("the hottest partition of a skewed key is found, not an even split") {
  // Every event has the same key, so one of 4 shards takes all 2,000
  // records/s (an even split would be 500/s): 200 % of Kinesis's 1,000
  // records/s per shard; 2 MB/s of 1,000-byte records, 200 % of 1 MB/s. Its
  // consumer group's one consumer of that shard reads 1 / 1 ms = 1,000/s.
  model::EventTemplate t;
  model::FieldGenerator key;
  key.path = {"customer"};
  key.values = {"the-one"};
  key.weights = {1.0};
  t.fields.push_back(key);
  model::SystemConfig s = design();
  s.producers.push_back(producer("p", "streams", "clicks", 2000, 1.0, t));
  s.producers[0].key = "customer";
  model::StreamConfig st = model::StreamConfig::kinesis_defaults();
  st.name = "clicks";
  st.partitions = 4;
  s.streams.push_back(st);
  model::ConsumerGroupConfig g;
  g.name = "readers";
  g.stream = "clicks";
  g.consumers = 4;
  g.processing = core::DurationDistribution(core::Distribution::constant(0.001));
  s.groups.push_back(g);
  model::System system(s);
  const model::OfferedLoad load = system.offered_load(kSamples);
  const model::ComponentLoad hot = load.hottest_partition("streams", "clicks");
  REQUIRE(hot.partition >= 0);
  CHECK_THAT(hot.per_second.events, WithinAbs(2000, 1e-6));
  const std::string shard = std::to_string(hot.partition);
  const model::Capacity c = system.capacity(load);
  REQUIRE(c.limits.size() == 3);
  CHECK(c.limits[0].message == "at the peak (t = 0s) its hottest shard (" + shard +
                                   " of 4) takes 2,000 records/s (an even split would be 500 "
                                   "records/s); the write limit is 1,000 records/s per shard "
                                   "(utilisation 200 %): writes over it are throttled");
  CHECK(c.limits[1].message == "at the peak (t = 0s) its hottest shard (" + shard +
                                   " of 4) takes 2 MB/s (an even split would be 500 KB/s); the "
                                   "write limit is 1 MB/s per shard (utilisation 200 %): writes "
                                   "over it are throttled");
  CHECK(c.limits[2].table == "consumer_groups");
  CHECK(c.limits[2].message ==
        "at the peak (t = 0s) the hottest partition of stream clicks (" + shard +
            " of 4) takes 2,000 records/s; its one consumer at mean 1 ms per record reads at "
            "most 1,000/s (utilisation 200 %): the lag grows by about 1,000/s");
}

TEST_CASE("the peak of several producers is at the breakpoint where their sum is highest") {
  // a: 100/s, x10 from 10m (1,000/s), stopping at 15m. b: 300/s, ramping
  // to x3 (900/s) from 12m to 18m. The sum is piecewise linear: 400 at 0,
  // 1,300 at 10m, 1,300 at 12m, then rising 100/s a minute to 1,600 just
  // before 15m, then 600..900. Its maximum is just before a stops.
  model::SystemConfig s = design();
  s.producers.push_back(producer("a", "queues", "q", 100, 10));
  s.producers[0].stop_after = minutes(15);
  model::ProducerConfig b = producer("b", "queues", "q", 300);
  b.arrival.profile.push_back(model::RateChange{minutes(12), minutes(6), 3.0});
  s.producers.push_back(b);
  s.queues.push_back(queue("q"));
  model::System system(s);
  const model::OfferedLoad load = system.offered_load(kSamples);
  const model::ComponentLoad q = load.peak("queues", "q");
  CHECK(q.peak == Time::zero() + minutes(15) - nanoseconds(1));
  CHECK_THAT(q.per_second.events, WithinAbs(1600, 1e-3));
  // Bytes follow: 1,000 bytes an event.
  CHECK_THAT(q.per_second.bytes, WithinAbs(1.6e6, 1));
}

TEST_CASE("the same design gives the same offered load and findings") {
  model::SystemConfig s = design();
  s.producers.push_back(producer("orders", "queues", "q", 100, 18));
  s.queues.push_back(queue("q"));
  s.fleets.push_back(fleet("fulfilment", "q", 8, 0.010));
  const model::Capacity a = capacity_of(s), b = capacity_of(s);
  REQUIRE(a.limits.size() == b.limits.size());
  for (std::size_t i = 0; i < a.limits.size(); ++i)
    CHECK(a.limits[i].message == b.limits[i].message);
}

}  // namespace edasim

namespace edasim {
namespace {

model::EmitConfig emit_to(std::string queue, double probability,
                          model::EmitConfig::When when = model::EmitConfig::When::success) {
  model::EmitConfig e;
  e.target_table = "queues";
  e.target = std::move(queue);
  e.probability = probability;
  e.when = when;
  return e;
}

double arrivals_at(const model::Capacity& c, const std::string& fleet) {
  for (const model::ServerLoad& s : c.stations) {
    if (s.name == fleet) return s.arrival_rate;
  }
  FAIL("no station " << fleet);
  return 0;
}

}  // namespace

TEST_CASE("events a fleet emits are offered where they go, a flow several fleets deep included") {
  // orders 100/s -> a -> fleet pay, which emits to b with probability 0.6
  // -> fleet ship, which emits everything to c -> fleet mail: 100, 60, 60/s.
  // mail's 2 pollers of 50 ms take 40/s: 60 / 40 = 150 %.
  model::SystemConfig s = design();
  s.producers.push_back(producer("orders", "queues", "a", 100));
  for (const char* q : {"a", "b", "c"}) s.queues.push_back(queue(q));
  // Listed last-stage first, so that a single pass in build order would
  // miss what the earlier stages emit.
  s.fleets.push_back(fleet("mail", "c", 2, 0.050));
  s.fleets.push_back(fleet("ship", "b", 100, 0.001));
  s.fleets.back().emit.push_back(emit_to("c", 1.0));
  s.fleets.push_back(fleet("pay", "a", 100, 0.001));
  s.fleets.back().emit.push_back(emit_to("b", 0.6));
  const model::Capacity c = capacity_of(s);
  CHECK_THAT(arrivals_at(c, "pay"), WithinAbs(100, 1e-9));
  CHECK_THAT(arrivals_at(c, "ship"), WithinAbs(60, 1e-9));
  CHECK_THAT(arrivals_at(c, "mail"), WithinAbs(60, 1e-9));
  REQUIRE(c.limits.size() == 1);
  CHECK(c.limits[0].name == "mail");
  CHECK_THAT(c.limits[0].utilisation, WithinAbs(1.5, 1e-9));
}

TEST_CASE("a feedback loop's offered load is the traffic equation's fixed point") {
  // orders 30/s -> q -> fleet work, which sends a quarter of what it
  // processes back to q: lambda = 30 + lambda / 4, so lambda = 40/s.
  model::SystemConfig s = design();
  s.producers.push_back(producer("orders", "queues", "q", 30));
  s.queues.push_back(queue("q"));
  s.fleets.push_back(fleet("work", "q", 100, 0.001));
  s.fleets.back().emit.push_back(emit_to("q", 0.25));
  const model::Capacity c = capacity_of(s);
  CHECK_THAT(arrivals_at(c, "work"), WithinAbs(40, 1e-6));
}

TEST_CASE("an entry that emits on failure offers the first attempts' failures") {
  // 200/s into a fleet that fails 10 % of its attempts and reports each
  // failure to queue problems (read by fleet triage): 20/s.
  model::SystemConfig s = design();
  s.producers.push_back(producer("orders", "queues", "a", 200));
  s.queues.push_back(queue("a"));
  s.queues.push_back(queue("problems"));
  s.fleets.push_back(fleet("pay", "a", 100, 0.001));
  s.fleets.back().failure_probability = 0.1;
  s.fleets.back().emit.push_back(emit_to("problems", 1.0, model::EmitConfig::When::failure));
  s.fleets.push_back(fleet("triage", "problems", 10, 0.001));
  const model::Capacity c = capacity_of(s);
  CHECK_THAT(arrivals_at(c, "triage"), WithinAbs(20, 1e-9));
}

TEST_CASE("an entry without a template is offered on the fields of the events it processes") {
  // orders 1,000/s -> a -> fleet relay, which forwards each event to bus
  // "events" without a template of its own; the rule takes kind "a", half
  // of the producer's events: 475..525/s as in the direct case above. With
  // no fields carried over the rule would match nothing.
  model::EventTemplate t;
  model::FieldGenerator kind;
  kind.path = {"kind"};
  kind.values = {"a", "b"};
  kind.weights = {1.0, 1.0};
  t.fields.push_back(kind);
  model::SystemConfig s = design();
  s.producers.push_back(producer("orders", "queues", "a", 1000, 1.0, t));
  s.queues.push_back(queue("a"));
  s.queues.push_back(queue("q"));
  s.fleets.push_back(fleet("relay", "a", 100, 0.001));
  model::EmitConfig forward;
  forward.target_table = "buses";
  forward.target = "events";
  s.fleets.back().emit.push_back(forward);
  model::BusConfig b;
  b.name = "events";
  b.rules.push_back(model::RuleConfig{"a-only", R"({"kind": ["a"]})", {"q"}});
  s.buses.push_back(b);
  model::System system(s);
  const model::OfferedLoad load = system.offered_load(kSamples);
  CHECK_THAT(load.peak("buses", "events").per_second.events, WithinAbs(1000, 1e-6));
  const double to_queue = load.peak("queues", "q").per_second.events;
  CHECK(to_queue > 475);
  CHECK(to_queue < 525);
}

}  // namespace edasim
