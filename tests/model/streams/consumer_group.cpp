// Consumer groups on a stream: one consumer per partition, rebalances that
// pause consumption, commits and re-processing after a failure.
#include "sim/model/streams/consumer_group.hpp"

#include <catch2/catch.hpp>

#include "sim/model/streams/stream.hpp"
#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

SystemConfig group_system(std::int32_t partitions, std::int32_t consumers, double rate) {
  SystemConfig s;
  s.name = "group-test";
  s.seed = 9;
  s.duration = seconds(30);
  s.series_period = seconds(1);
  StreamConfig log;
  log.name = "log";
  log.partitions = partitions;
  s.streams.push_back(log);
  ProducerConfig p;
  p.name = "p";
  p.target_table = "streams";
  p.target = "log";
  p.arrival.rate = Rate{rate};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  ConsumerGroupConfig g;
  g.name = "g";
  g.stream = "log";
  g.consumers = consumers;
  g.processing = DurationDistribution(Distribution::constant(0.001));
  g.poll_interval = milliseconds(50);
  s.groups.push_back(g);
  return s;
}

std::uint64_t processed(System& system) {
  return system.result().groups[0].processed;
}

}  // namespace

TEST_CASE("each partition is read by exactly one consumer of the group") {
  for (const std::int32_t consumers : {1, 3, 6, 9}) {
    System system(group_system(6, consumers, 10));
    system.run_until(Time::zero() + seconds(1));
    const ConsumerGroup& g = system.component<ConsumerGroup>(0);
    std::vector<int> partitions_of(static_cast<std::size_t>(consumers), 0);
    for (std::uint32_t p = 0; p < 6; ++p) {
      REQUIRE(g.owner(p) >= 0);
      ++partitions_of[static_cast<std::size_t>(g.owner(p))];
    }
    int busy = 0;
    for (const int n : partitions_of) busy += n > 0 ? 1 : 0;
    INFO(consumers << " consumers");
    CHECK(busy == std::min(consumers, 6));
  }
}

TEST_CASE("the group processes everything written, once, and balances its books") {
  SystemConfig s = group_system(4, 2, 500);
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  CHECK(r.groups[0].reprocessed == 0);
  CHECK(r.groups[0].processed + r.events.in_flight == r.events.produced);
  CHECK(r.events.in_flight < 50);
}

TEST_CASE("an eager rebalance pauses every partition, an incremental one only those that move") {
  for (const auto mode :
       {ConsumerGroupConfig::Rebalance::eager, ConsumerGroupConfig::Rebalance::incremental}) {
    SystemConfig s = group_system(4, 2, 400);
    s.groups[0].rebalance = mode;
    s.groups[0].rebalance_pause = seconds(3);
    s.groups[0].changes.push_back(MembershipChange{seconds(10), MembershipChange::Kind::join});
    System system(s);
    system.run_until(Time::zero() + seconds(10) + milliseconds(50));
    const std::uint64_t before = processed(system);
    system.run_until(Time::zero() + seconds(12) + milliseconds(950));
    const std::uint64_t during = processed(system) - before;
    system.run();
    const RunResult r = system.result();
    CHECK(r.groups[0].rebalances == 1);
    CHECK(r.events.balanced());
    if (mode == ConsumerGroupConfig::Rebalance::eager) {
      CHECK(during == 0);
      CHECK(r.groups[0].paused == seconds(12));
    } else {
      // 2 -> 3 consumers over 4 partitions: one partition changes owner.
      CHECK(during > 0);
      CHECK(r.groups[0].paused == seconds(3));
    }
  }
}

TEST_CASE("after a crash the records since the last commit are processed again") {
  SystemConfig s = group_system(2, 2, 200);
  s.duration = seconds(70);
  s.groups[0].commit_interval = seconds(5);
  s.groups[0].session_timeout = seconds(45);
  s.groups[0].rebalance_pause = seconds(3);
  s.groups[0].changes.push_back(MembershipChange{seconds(12), MembershipChange::Kind::fail});
  System system(s);
  // Consumer 1 owns partition 1; its last commit is at 10 s.
  system.run_until(Time::zero() + seconds(12));
  REQUIRE(system.component<ConsumerGroup>(0).owner(1) == 1);
  const StreamCursor at_crash = system.component<Stream>(0).cursor(0, 1);
  REQUIRE(at_crash.processed > at_crash.committed);
  // Stalled until the session times out (57 s) and the pause ends (60 s).
  system.run_until(Time::zero() + seconds(59));
  CHECK(system.component<Stream>(0).cursor(0, 1).processed == at_crash.processed);
  CHECK(system.component<ConsumerGroup>(0).lag() >=
        system.component<Stream>(0).end(1) - at_crash.committed);
  system.run();
  const RunResult r = system.result();
  CHECK(system.component<ConsumerGroup>(0).owner(1) == 0);
  CHECK(r.groups[0].reprocessed == at_crash.processed - at_crash.committed);
  CHECK(r.events.duplicates_processed == r.groups[0].reprocessed);
  CHECK(r.groups[0].max_iterator_age >= seconds(45));
  CHECK(r.events.balanced());
}

TEST_CASE(
    "a new owner commits only what it has processed itself, so a second crash re-processes "
    "what the first left uncommitted") {
  // One record a second per partition, each taking 200 ms, fetched in one
  // batch: the owner that takes partition 1 over after the first crash is
  // still working through its first batch when the group commits at 70 s.
  SystemConfig s = group_system(2, 2, 2);
  s.duration = seconds(120);
  s.groups[0].batch = 1000;
  s.groups[0].processing = DurationDistribution(Distribution::constant(0.4));
  s.groups[0].commit_interval = seconds(10);
  s.groups[0].session_timeout = seconds(45);
  s.groups[0].rebalance_pause = seconds(3);
  using Change = MembershipChange;
  s.groups[0].changes = {Change{seconds(19), Change::Kind::fail},
                         Change{seconds(72), Change::Kind::fail},
                         Change{seconds(73), Change::Kind::join}};
  System system(s);
  system.run_until(Time::zero() + seconds(19));
  const StreamCursor at_crash = system.component<Stream>(0).cursor(0, 1);
  REQUIRE(system.component<ConsumerGroup>(0).owner(1) == 1);
  REQUIRE(at_crash.processed > at_crash.committed);
  // The survivor owns partition 1 from 67 s and has not finished its batch
  // at the 70 s commit: the committed offset stays where the crash left it.
  system.run_until(Time::zero() + seconds(71));
  REQUIRE(system.component<ConsumerGroup>(0).owner(1) == 0);
  CHECK(system.component<Stream>(0).cursor(0, 1).committed == at_crash.committed);
  // The survivor crashes too; the consumer that joins starts from that
  // offset and processes the first owner's uncommitted records a second time.
  system.run();
  const RunResult r = system.result();
  CHECK(r.groups[0].reprocessed >= at_crash.processed - at_crash.committed);
  CHECK(r.events.duplicates_processed == r.groups[0].reprocessed);
  CHECK(r.events.balanced());
}
