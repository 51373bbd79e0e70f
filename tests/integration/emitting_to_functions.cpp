// A Lambda function reading a queue that a consumer fleet emits to measures
// its end-to-end latency from the root event's production, as a fleet does:
// the emitted event is a step of the flow its root started.
#include <catch2/catch.hpp>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

TEST_CASE("a function downstream of an emitting fleet measures from the root event's production",
          "[flows]") {
  // The fleet takes 2 s per order before it emits; the function then takes
  // 10 ms. From the emitted event's own production the function would see
  // tens of milliseconds; from the order's, over 2 s.
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
[[consumers.fulfilment.emit]]
to = "queue.shipped"
[queues.shipped]
[functions.notify]
queue = "shipped"
processing = "10ms"
)";
  System system(scenario::load_text(text, "flow.toml"));
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.functions.size() == 1);
  const metrics::Histogram& notify = r.functions[0].end_to_end;
  REQUIRE(notify.count() > 100);
  CHECK(notify.quantile(0.5) > 2'000'000'000);
  CHECK(notify.min() >= 2'000'000'000);
  // The fleet's own end to end is its orders' (roots themselves).
  CHECK(r.fleets[0].end_to_end.quantile(0.5) >= 2'000'000'000);
  CHECK(r.fleets[0].end_to_end.quantile(0.5) < notify.quantile(0.5));
  CHECK(r.events.balanced());
}
