// Polling integrations: polls on a fixed interval whether or not anything
// changed, one list call per page, one fetch per change, and the latency a
// change waits for the next poll.
#include "sim/model/requests/polling.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

#include "sim/model/system.hpp"

using namespace edasim;
using namespace edasim::core;
using namespace edasim::metrics;
using namespace edasim::model;

namespace {

ApiConfig constant_api(std::string name, double latency) {
  ApiConfig c;
  c.name = std::move(name);
  c.latency = DurationDistribution(Distribution::constant(latency));
  return c;
}

// A producer emitting one change every 2 s until 300 s, recorded at the
// sources of `pollers`; each poller polls every 61.5 s over a 600 s run
// (never at the instant of a change).
SystemConfig polled(std::vector<std::string> pollers, std::int32_t page_size) {
  SystemConfig c;
  c.duration = seconds(600);
  ProducerConfig p;
  p.name = "orders";
  p.target_table = "pollers";
  p.target = pollers.front();
  p.targets = pollers;
  p.arrival.process = ArrivalConfig::Process::constant;
  p.arrival.rate = Rate{0.5};
  p.stop_after = seconds(300);
  c.producers.push_back(p);
  for (const std::string& name : pollers) {
    PollerConfig poller;
    poller.name = name;
    poller.interval = milliseconds(61500);
    poller.page_size = page_size;
    poller.list_api = "seller.ListChanges";
    poller.fetch_api = "seller.GetOrder";
    poller.processing = DurationDistribution(Distribution::constant(0.05));
    c.pollers.push_back(poller);
  }
  c.apis.push_back(constant_api("seller.ListChanges", 0.2));
  c.apis.push_back(constant_api("seller.GetOrder", 0.1));
  return c;
}

}  // namespace

TEST_CASE("a poller makes one list call per poll and per further page, and one fetch per change") {
  const std::int32_t page = 10;
  System system(polled({"fulfilment"}, page));
  system.run();
  const RunResult r = system.result();
  REQUIRE(r.pollers.size() == 1);
  const PollerResult& p = r.pollers[0];
  // Changes at 2, 4, ..., 298 s; polls at 61.5 k s for k = 1 .. floor(600 / 61.5).
  const std::uint64_t polls = 9;
  std::uint64_t list_calls = 0, empty = 0;
  for (std::uint64_t k = 1; k <= polls; ++k) {
    std::uint64_t changes = 0;
    for (std::uint64_t t = 2; t < 300; t += 2) {
      if (2 * t > 123 * (k - 1) && 2 * t < 123 * k) ++changes;
    }
    if (changes == 0) ++empty;
    list_calls += std::max<std::uint64_t>(1, (changes + page - 1) / page);
  }
  CHECK(p.polls == polls);
  CHECK(p.empty_polls == empty);
  CHECK(empty == 4);
  CHECK(p.list_calls == list_calls);
  CHECK(p.changes == 149);
  CHECK(p.fetches == 149);
  CHECK(p.processed == 149);
  CHECK(calls_made(r, "poller:fulfilment", "seller.ListChanges") == list_calls);
  CHECK(calls_made(r, "poller:fulfilment", "seller.GetOrder") == 149);
  CHECK(r.events.copies == 149);
  CHECK(r.events.processed == 149);
  CHECK(r.events.balanced());
}

TEST_CASE("a change waits at most one interval plus its calls and processing") {
  System system(polled({"fulfilment"}, 10));
  system.run();
  const RunResult r = system.result();
  const Histogram& latency = r.pollers[0].end_to_end;
  // 30 changes at most per poll: 3 pages of 0.2 s, a 0.1 s fetch, 0.05 s of work.
  const double calls_and_work = 3 * 0.2 + 0.1 + 0.05;
  CHECK(latency.count() == 149);
  CHECK(latency.max() <= milliseconds(61500).ns + from_seconds(calls_and_work).ns);
  // The change recorded just before a poll waits only for the calls.
  CHECK(latency.min() >= from_seconds(0.2 + 0.1 + 0.05).ns);
  CHECK(latency.min() <= from_seconds(2 + calls_and_work).ns);
}

TEST_CASE("every poller of a source gets its own copy of each change") {
  System system(polled({"fulfilment", "analytics"}, 100));
  system.run();
  const RunResult r = system.result();
  CHECK(r.events.produced == 149);
  CHECK(r.events.copies == 298);
  CHECK(r.pollers[1].fetches == 149);
  CHECK(r.events.balanced());
}

TEST_CASE("a failed list call ends the poll and its changes wait, in flight") {
  SystemConfig c = polled({"fulfilment"}, 10);
  c.apis[0].error_probability = 1.0;
  System system(c);
  system.run();
  const RunResult r = system.result();
  const PollerResult& p = r.pollers[0];
  CHECK(p.failed_polls == p.polls);
  CHECK(p.list_calls == p.polls);
  CHECK(p.fetches == 0);
  CHECK(r.events.in_flight == 149);
  CHECK(r.events.balanced());
}

TEST_CASE("a failed fetch puts its change back for the next poll") {
  SystemConfig c = polled({"fulfilment"}, 100);
  c.apis[1].error_probability = 0.5;
  System system(c);
  system.run();
  const RunResult r = system.result();
  const PollerResult& p = r.pollers[0];
  CHECK(p.failed_fetches > 0);
  CHECK(p.fetches == p.processed + p.failed_fetches);
  CHECK(p.processed + system.result().events.in_flight == 149);
  CHECK(r.events.balanced());
}
