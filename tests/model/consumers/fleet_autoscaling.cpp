// Autoscaled consumer fleets: target tracking on the queue's backlog per
// instance or age of the oldest message, with its evaluation periods,
// cooldowns, bounds and instance start-up time.
#include <catch2/catch.hpp>

#include "sim/model/consumers/fleet.hpp"
#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"
#include "tests/model/queue_rig.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;
using namespace edasim::testing;

namespace {

// One poller per instance; each message takes 1,000 s, so a poller holds its
// batch of 10 for the whole test and the queue's visible count only moves
// when instances are added or messages are sent.
FleetConfig autoscaled(std::int32_t instances, std::int32_t min, std::int32_t max) {
  FleetConfig f;
  f.name = "c";
  f.queue = "q";
  f.instances = instances;
  f.pollers_per_instance = 1;
  f.processing = DurationDistribution(Distribution::constant(1000));
  f.autoscaling.enabled = true;
  f.autoscaling.metric = AutoscalingConfig::Metric::backlog_per_instance;
  f.autoscaling.target = 100;
  f.autoscaling.min_instances = min;
  f.autoscaling.max_instances = max;
  f.autoscaling.startup = Duration::zero();
  return f;
}

struct FleetRig {
  explicit FleetRig(FleetConfig f)
      : rig(long_visibility()), fleet(f, rig.queue, {}, Context{7, rig.kernel, rig.books}) {
    fleet.attach(rig.kernel.attach(fleet));
  }
  static QueueConfig long_visibility() {
    QueueConfig q = config("q");
    q.visibility_timeout = hours(12);
    return q;
  }
  void send(int n) {
    for (int i = 0; i < n; ++i) rig.queue.send(next++, rig.kernel.now(), 100);
  }
  Rig rig;
  Fleet fleet;
  std::uint64_t next = 1;
};

// 1,000 messages at time zero (the fleet scales 1 -> 10 at 180 s, and the new
// pollers take 90), then `more` at 200 s.
struct SecondBurst : FleetRig {
  explicit SecondBurst(int more) : FleetRig(autoscaled(1, 1, 100)) {
    send(1000);
    fleet.start();
    rig.run_to(seconds(200));
    send(more);
  }
};

SystemConfig autoscaled_design() {
  SystemConfig s;
  s.name = "autoscaling";
  s.seed = 5;
  s.duration = minutes(30);
  ProducerConfig p;
  p.name = "p";
  p.target_table = "queues";
  p.target = "q";
  p.arrival.rate = Rate{50};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig q;
  q.name = "q";
  s.queues.push_back(q);
  FleetConfig f = autoscaled(1, 1, 20);
  f.processing = DurationDistribution(Distribution::exponential(0.2));
  f.autoscaling.target = 50;
  f.autoscaling.startup = seconds(60);
  s.fleets.push_back(f);
  return s;
}

}  // namespace

TEST_CASE("a backlog at time zero scales out at the third period boundary plus the delay") {
  FleetConfig f = autoscaled(1, 1, 50);
  f.autoscaling.metric_delay = seconds(30);
  FleetRig t(f);
  t.send(1000);
  t.fleet.start();
  // Datapoints at 60, 120 and 180 s read 990 visible / 1 instance; the third
  // reaches the policy at 210 s.
  t.rig.run_to(seconds(209));
  CHECK(t.fleet.instances() == 1);
  t.rig.run_to(seconds(210));
  CHECK(t.fleet.instances() == 10);
  const FleetResult r = t.fleet.result(t.rig.kernel.now());
  REQUIRE(r.scaling.size() == 1);
  CHECK(r.scaling[0].at == seconds(210));
  CHECK(r.scaling[0].from == 1);
  CHECK(r.scaling[0].to == 10);  // ceil(1 x 990 / 100)
  CHECK(r.scale_outs == 1);
}

TEST_CASE("the new size is ceil(current x metric / target), within the maximum") {
  FleetRig t(autoscaled(2, 1, 7));
  t.send(1000);
  t.fleet.start();
  // 980 visible / 2 instances = 490 per instance: ceil(2 x 490 / 100) = 10,
  // kept to the maximum of 7.
  t.rig.run_to(seconds(180));
  const FleetResult r = t.fleet.result(t.rig.kernel.now());
  REQUIRE(r.scaling.size() == 1);
  CHECK(r.scaling[0].to == 7);
  CHECK(r.peak_instances == 7);
  CHECK(r.max_instances == 7);
}

TEST_CASE("a new instance polls only after its start-up time and counts as starting meanwhile") {
  FleetConfig f = autoscaled(1, 1, 50);
  f.autoscaling.startup = seconds(90);
  FleetRig t(f);
  t.send(1000);
  t.fleet.start();
  t.rig.run_to(seconds(269));
  CHECK(t.fleet.instances() == 10);
  CHECK(t.fleet.running_instances() == 1);
  CHECK(t.rig.queue.counters().received == 10);
  t.rig.run_to(seconds(270));
  CHECK(t.fleet.running_instances() == 10);
  CHECK(t.rig.queue.counters().received == 100);
}

TEST_CASE("no second scale-out before the cooldown unless it is larger") {
  SecondBurst t(2000);  // 2,900 visible / 10 instances = 290 per instance
  REQUIRE(t.fleet.instances() == 10);
  // During the cooldown the policy sizes from the capacity before the last
  // scale-out (1 x 290 / 100 -> 3), which is no larger: no action until the
  // cooldown ends at 180 + 300 s, then ceil(10 x 290 / 100) = 29.
  t.rig.run_to(seconds(479));
  CHECK(t.fleet.instances() == 10);
  t.rig.run_to(seconds(480));
  CHECK(t.fleet.instances() == 29);
  const FleetResult r = t.fleet.result(t.rig.kernel.now());
  REQUIRE(r.scaling.size() == 2);
  CHECK(r.scaling[1].at == seconds(480));
  CHECK(r.scaling[1].from == 10);
}

TEST_CASE("a larger scale-out happens during the cooldown") {
  SecondBurst t(20000);
  // 20,900 visible / 10 running = 2,090 per instance; even from the capacity
  // before the last scale-out that asks for ceil(1 x 2,090 / 100) = 21 > 10.
  t.rig.run_to(seconds(239));
  CHECK(t.fleet.instances() == 10);
  t.rig.run_to(seconds(240));
  CHECK(t.fleet.instances() == 21);
}

TEST_CASE("scale-in waits for its fifteen datapoints below the target") {
  FleetConfig f = autoscaled(10, 2, 10);
  FleetRig t(f);
  t.fleet.start();
  t.rig.run_to(seconds(899));
  CHECK(t.fleet.instances() == 10);
  t.rig.run_to(seconds(900));
  // An empty queue asks for ceil(10 x 0 / 100) = 0, kept to the minimum.
  CHECK(t.fleet.instances() == 2);
  CHECK(t.fleet.running_instances() == 2);
  const FleetResult r = t.fleet.result(t.rig.kernel.now());
  CHECK(r.scale_ins == 1);
  CHECK(r.final_instances == 2);
}

TEST_CASE("the age of the oldest message can drive scaling") {
  FleetConfig f = autoscaled(1, 1, 20);
  f.autoscaling.metric = AutoscalingConfig::Metric::oldest_message_age;
  f.autoscaling.target = 60;
  FleetRig t(f);
  t.send(1000);
  t.fleet.start();
  // The oldest visible message is 180 s old at the third datapoint:
  // ceil(1 x 180 / 60) = 3.
  t.rig.run_to(seconds(180));
  CHECK(t.fleet.instances() == 3);
}

TEST_CASE("instance-hours integrate the fleet's size over the run") {
  SecondBurst t(2000);
  t.rig.run_to(seconds(600));
  const FleetResult r = t.fleet.result(t.rig.kernel.now());
  // 1 instance for 180 s, 10 until 480 s, 29 until 600 s.
  CHECK(r.instance_hours == Approx((1 * 180 + 10 * 300 + 29 * 120) / 3600.0).epsilon(1e-12));
}

TEST_CASE("a removed instance finishes its batch, deletes it and polls no more") {
  FleetConfig f = autoscaled(3, 1, 3);
  f.processing = DurationDistribution(Distribution::constant(100));
  f.batch_size = 1;
  FleetRig t(f);
  t.send(3);
  t.fleet.start();
  // Each instance takes one message and is busy until 100 s; the queue is
  // then empty, and after 15 datapoints (900 s) the fleet shrinks to 1.
  t.rig.run_to(seconds(1000));
  CHECK(t.fleet.instances() == 1);
  const FleetResult r = t.fleet.result(t.rig.kernel.now());
  CHECK(r.processed == 3);
  CHECK(r.abandoned == 0);
  const std::uint64_t receives =
      t.rig.queue.counters().received + t.rig.queue.counters().empty_receives;
  // Only the remaining instance keeps long polling: one empty receive per 20 s.
  t.rig.run_to(seconds(1200));
  const std::uint64_t later =
      t.rig.queue.counters().received + t.rig.queue.counters().empty_receives;
  CHECK(later - receives == 10);
}

TEST_CASE("an autoscaled design conserves every event and records its size over time", "[slow]") {
  System system(autoscaled_design());
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  REQUIRE(r.fleets.size() == 1);
  CHECK(r.fleets[0].autoscaled);
  CHECK(r.fleets[0].scale_outs >= 1);
  CHECK(r.fleets[0].peak_instances > 1);
  const auto& columns = r.series.columns();
  CHECK(std::find(columns.begin(), columns.end(), "c.instances") != columns.end());
  CHECK(std::find(columns.begin(), columns.end(), "c.running") != columns.end());
  CHECK(r.metrics.find("consumer.c.GroupDesiredCapacity").has_value());
  CHECK(r.metrics.find("consumer.c.GroupInServiceInstances").has_value());
}

TEST_CASE("an outage of every instance of an autoscaled fleet still balances", "[slow]") {
  SystemConfig s = autoscaled_design();
  s.faults.push_back(
      testing::make_fault("down", FaultConfig::Kind::consumer_outage, "c", minutes(5), minutes(5)));
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  CHECK(r.fleets[0].scale_outs >= 1);
  // The backlog built during the outage is worked off by the end.
  CHECK(r.events.in_flight < 200);
}

TEST_CASE("scale-in cancels an instance still starting before it ever polls") {
  FleetConfig f = autoscaled(1, 1, 10);
  f.processing = DurationDistribution(Distribution::constant(1));
  f.autoscaling.startup = hours(1);
  f.autoscaling.scale_in_datapoints = 1;
  f.autoscaling.scale_in_cooldown = Duration::zero();
  FleetRig t(f);
  t.send(1000);
  t.fleet.start();
  t.rig.run_to(seconds(180));  // 1,000 messages at 1 s each: still ~820 left
  REQUIRE(t.fleet.instances() > 1);
  REQUIRE(t.fleet.running_instances() == 1);
  // The one running instance drains the queue at 1 message/s; once a
  // datapoint is below 90 the policy shrinks back before the start-up ends.
  t.rig.run_to(seconds(1200));
  CHECK(t.fleet.instances() == 1);
  CHECK(t.fleet.running_instances() == 1);
  t.rig.run_to(hours(2));
  // The cancelled instances never became ready.
  CHECK(t.fleet.running_instances() == 1);
  const FleetResult r = t.fleet.result(t.rig.kernel.now());
  CHECK(r.processed == 1000);
  // Out to 9 at 180 s and, after the cooldown, to the maximum (the one
  // running instance still sees ~500 messages each); then in twice as the
  // single running poller drains the queue, all before any start-up ends.
  REQUIRE(r.scaling.size() == 4);
  CHECK(r.scaling[0].at == seconds(180));
  CHECK(r.scaling[0].to == 9);
  CHECK(r.scaling[1].at == seconds(480));
  CHECK(r.scaling[1].to == 10);
  CHECK(r.scaling[2].at == seconds(960));
  CHECK(r.scaling[2].to == 4);
  CHECK(r.scaling[3].at == seconds(1020));
  CHECK(r.scaling[3].to == 1);
  CHECK(r.scale_ins == 2);
  CHECK(r.instance_hours ==
        Approx((180 + 9 * 300 + 10 * 480 + 4 * 60 + 1 * (7200 - 1020)) / 3600.0).epsilon(1e-12));
}

TEST_CASE("the same autoscaled design gives the same actions on every run") {
  const auto run_once = [] {
    SecondBurst t(2000);
    t.rig.run_to(hours(1));
    return t.fleet.result(t.rig.kernel.now());
  };
  const FleetResult a = run_once();
  const FleetResult b = run_once();
  REQUIRE(a.scaling.size() == b.scaling.size());
  for (std::size_t i = 0; i < a.scaling.size(); ++i) {
    CHECK(a.scaling[i].at == b.scaling[i].at);
    CHECK(a.scaling[i].to == b.scaling[i].to);
  }
  CHECK(a.instance_hours == b.instance_hours);
}

TEST_CASE("only running instances of an autoscaled fleet crash", "[slow]") {
  SystemConfig s = autoscaled_design();
  s.fleets[0].autoscaling.max_instances = 8;
  FaultConfig crash = testing::make_fault("crash", FaultConfig::Kind::consumer_crash, "c",
                                          Duration::zero(), minutes(30));
  crash.at = {seconds(10)};  // every instance (instances = 0: all)
  s.faults.push_back(crash);
  System system(s);
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.balanced());
  // One instance runs at 10 s; the other seven slots are empty.
  CHECK(r.fleets[0].crashes == 1);
}
