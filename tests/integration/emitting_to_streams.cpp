// A stream's records carry their event's cause, as a message attribute
// would: a consumer group reading what an emitting component wrote measures
// its end-to-end latency from the root event's production, as fleets and
// functions do.
#include <catch2/catch.hpp>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

TEST_CASE(
    "a consumer group downstream of an emitting fleet measures from the root event's "
    "production",
    "[flows]") {
  // The fleet takes 2 s per order before it emits to the stream; the group
  // then takes 1 ms a record. From the record's own production the group
  // would see milliseconds; from the order's, over 2 s.
  const std::string text = R"(
[scenario]
duration = "2m"
[producers.orders]
to = "queue.orders"
rate = "2/s"
arrival = "constant"
[queues.orders]
[consumers.fulfilment]
queue = "orders"
instances = 4
processing = "2s"
emit = [{ to = "stream.shipments" }]
[streams.shipments]
kind = "kafka"
[consumer_groups.tracking]
stream = "shipments"
processing = "1ms"
)";
  System system(scenario::load_text(text, "stream-flow.toml"));
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.groups.size() == 1);
  const metrics::Histogram& tracking = r.groups[0].end_to_end;
  REQUIRE(tracking.count() > 100);
  CHECK(tracking.min() >= 2'000'000'000);
  // Every emitted event is one record, and the group keeps up.
  REQUIRE(r.streams.size() == 1);
  CHECK(r.streams[0].records == r.fleets[0].emitted);
  CHECK(r.groups[0].processed + 5 >= r.streams[0].records);
  CHECK(r.events.balanced());
  for (const InvariantCheck& c : r.invariants) {
    INFO(c.name);
    CHECK(c.holds());
  }
}
