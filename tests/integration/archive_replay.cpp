// A producer replaying an EventBridge archive sends each archived event at
// its recorded time, and the bus routes it by its recorded content through
// the scenario's own rules, as it would the live event.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "sim/model/system.hpp"
#include "sim/scenario/load.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

// orders.jsonl holds eight events, at 0, 0.5, 1, 2, 3, 10, 10 and 30 s from
// the first once sorted (the line at 1 s comes fourth in the file):
//   0    OrderCreated   total 250
//   0.5  OrderCreated   total 1000
//   1    OrderShipped   no total
//   2    OrderShipped   total 1200
//   3    OrderCreated   total 999.99
//   10   OrderCreated   total "1500" (a string: no numeric match)
//   10   OrderCancelled total 5000
//   30   OrderShipped   items[0].total 3000 (detail.items.total, not detail.total)
std::string archive_design(const std::string& duration, const std::string& archive = "") {
  return "[scenario]\nduration = \"" + duration +
         "\"\n[producers.shop]\nto = \"bus.orders\"\n"
         "archive = { file = \"orders.jsonl\"" +
         archive +
         " }\n[buses.orders]\n"
         "[[buses.orders.rules]]\nname = \"big\"\n"
         "pattern = '{\"detail\": {\"total\": [{\"numeric\": [\">=\", 1000]}]}}'\n"
         "targets = [\"big\"]\n"
         "[[buses.orders.rules]]\nname = \"shipped\"\n"
         "pattern = '{\"detail-type\": [\"OrderShipped\"]}'\ntargets = [\"shipped\"]\n"
         "[queues.big]\n[queues.shipped]\n"
         "[consumers.big]\nqueue = \"big\"\n[consumers.shipped]\nqueue = \"shipped\"\n";
}

RunResult run(const std::string& text) {
  const auto here = std::filesystem::path(EDASIM_SOURCE_DIR) / "tests/scenario/data/archive";
  System system(scenario::load_text(text, (here / "scenario.toml").string()));
  system.run();
  return system.result();
}

std::uint64_t replayed(const std::string& duration, const std::string& archive = "") {
  return run(archive_design(duration, archive)).producers.at(0).produced;
}

const QueueResult& queue(const RunResult& r, const std::string& name) {
  for (const QueueResult& q : r.queues) {
    if (q.name == name) return q;
  }
  FAIL("no queue " << name);
  return r.queues.front();
}

}  // namespace

TEST_CASE("archived events route through the bus's rules by their recorded content") {
  const RunResult r = run(archive_design("1m"));
  CHECK(r.producers.at(0).produced == 8);
  REQUIRE(r.buses.size() == 1);
  CHECK(r.buses[0].put_events_entries == 8);
  // Totals 1000, 1200 and 5000; not 999.99, the string "1500" or the total
  // inside an item.
  CHECK(queue(r, "big").sent == 3);
  // The three OrderShipped events, whatever their totals.
  CHECK(queue(r, "shipped").sent == 3);
  // One event matches both rules, so five of eight matched any.
  CHECK(r.buses[0].matched_events == 5);
}

TEST_CASE("archived events arrive at their recorded offsets from the first") {
  // A run ends before an event at its very end: each boundary is checked
  // from both sides, a millisecond apart.
  CHECK(replayed("1ms") == 1);
  CHECK(replayed("500ms") == 1);
  CHECK(replayed("501ms") == 2);
  CHECK(replayed("1s") == 2);
  CHECK(replayed("1001ms") == 3);
  CHECK(replayed("10s") == 5);
  CHECK(replayed("10001ms") == 7);
  CHECK(replayed("30s") == 7);
  CHECK(replayed("30001ms") == 8);
}

TEST_CASE("speed divides the archive's offsets and start moves time 0") {
  CHECK(replayed("15s", ", speed = 2") == 7);
  CHECK(replayed("15001ms", ", speed = 2") == 8);
  CHECK(replayed("251ms", ", speed = 2") == 2);
  // From 10:00:02 on: the events at 2, 3, 10, 10 and 30 s, at 0, 1, 8, 8, 28.
  CHECK(replayed("8s", ", start = \"2026-11-27T10:00:02Z\"") == 2);
  CHECK(replayed("8001ms", ", start = \"2026-11-27T10:00:02Z\"") == 4);
  CHECK(replayed("1m", ", start = \"2026-11-27T10:00:02Z\"") == 5);
}

TEST_CASE("an archive replays the same run byte for byte, whatever the seed") {
  const RunResult a = run(archive_design("1m"));
  const RunResult b = run("[scenario]\nseed = 99\n" + archive_design("1m").substr(11));
  CHECK(a.producers.at(0).fingerprint == b.producers.at(0).fingerprint);
  CHECK(queue(a, "big").sent == queue(b, "big").sent);
}
