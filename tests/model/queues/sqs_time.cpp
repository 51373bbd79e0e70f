// The time SQS calls cost a consumer, reported beside the time it spends
// processing: busy time with the receives' latency, and the wait until a
// message's processing starts.
#include <catch2/catch.hpp>

#include "sim/model/system.hpp"
#include "tests/model/designs.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::model;

namespace {

// Constant arrivals at 1/s for `minutes` minutes into "q", one poller, each
// message `processing` seconds, each SQS call `latency` seconds.
SystemConfig steady(double processing, double latency) {
  SystemConfig s = testing::one_message(processing);
  s.duration = minutes(10);
  s.producers[0].stop_after = Duration::max();
  s.queues[0].api_latency = DurationDistribution(Distribution::constant(latency));
  s.fleets[0].wait_time = seconds(20);
  return s;
}

}  // namespace

TEST_CASE("busy time with SQS adds the latency of each receive that brought a message") {
  // Each second: a message arrives, the waiting long poll answers, 100 ms
  // later the batch is there, 500 ms of processing. Busy 50 %, with the
  // receive 60 %.
  const RunResult r = testing::run_to_end(steady(0.5, 0.1));
  REQUIRE(r.fleets.size() == 1);
  const FleetResult& f = r.fleets[0];
  CHECK(f.utilization == Approx(0.5).epsilon(0.01));
  CHECK(f.utilization_with_sqs == Approx(0.6).epsilon(0.01));
  // The receive's latency is time before processing starts.
  CHECK(f.queue_wait.max() == 0);
  CHECK(f.wait_to_start.min() == milliseconds(100).ns);
  CHECK(f.wait_to_start.max() == milliseconds(100).ns);
}

TEST_CASE("without SQS latency busy time with SQS is the busy time") {
  const FleetResult f = testing::run_to_end(steady(0.5, 0.0)).fleets.at(0);
  CHECK(f.utilization_with_sqs == f.utilization);
  CHECK(f.wait_to_start.max() == 0);
}

TEST_CASE("in a batch each message waits for the ones before it to start") {
  // Ten messages sent together at 1 s (a batch of 10 is sent when full),
  // 100 ms each. Whether the waiting long poll takes the first alone and the
  // next receive the other nine, or all ten at once, processing of the k-th
  // starts k x 100 ms after it was sent, while the queue wait is at most
  // 100 ms.
  SystemConfig s = testing::one_message(0.1);
  s.producers[0].arrival.rate = Rate{10};
  s.producers[0].batch_size = 10;
  s.producers[0].batch_window = seconds(5);
  s.producers[0].stop_after = milliseconds(1050);
  s.fleets[0].batch_size = 10;
  s.fleets[0].wait_time = seconds(20);
  const RunResult r = testing::run_to_end(s);
  const FleetResult& f = r.fleets.at(0);
  REQUIRE(f.processed == 10);
  CHECK(f.queue_wait.max() <= milliseconds(100).ns);
  CHECK(f.wait_to_start.count() == 10);
  CHECK(f.wait_to_start.min() == 0);
  CHECK(f.wait_to_start.max() == milliseconds(900).ns);
  CHECK(f.wait_to_start.mean() == Approx(milliseconds(450).ns));
}
