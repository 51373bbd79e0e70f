// The event bases of a design's emit lists (support/emit_list.hpp): unique
// across fleets, functions and consumer groups, the same whichever part
// asks, and a fleet's the same as before functions and groups could emit.
#include "sim/model/support/emit_list.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "sim/model/producers/producer.hpp"

using namespace edasim;
using namespace edasim::model;

namespace {

EmitConfig to_queue(const char* name) {
  EmitConfig e;
  e.target_table = "queues";
  e.target = name;
  return e;
}

// Two producers; fleet "pay" with two entries, function "notify" with one,
// group "audit" with one.
SystemConfig every_emitter() {
  SystemConfig s;
  for (const char* name : {"orders", "returns"}) {
    ProducerConfig p;
    p.name = name;
    s.producers.push_back(p);
  }
  FleetConfig pay;
  pay.name = "pay";
  pay.emit = {to_queue("a"), to_queue("b")};
  s.fleets.push_back(pay);
  FunctionConfig notify;
  notify.name = "notify";
  notify.emit = {to_queue("a")};
  s.functions.push_back(notify);
  ConsumerGroupConfig audit;
  audit.name = "audit";
  audit.emit = {to_queue("b")};
  s.groups.push_back(audit);
  return s;
}

}  // namespace

TEST_CASE(
    "every emit entry of fleets, functions and groups numbers its events from a base of "
    "its own") {
  const SystemConfig s = every_emitter();
  const EventBases bases(s);
  std::vector<std::uint64_t> all = bases.producers();
  REQUIRE(all.size() == 2);
  all.push_back(bases.of("consumer:pay", 0));
  all.push_back(bases.of("consumer:pay", 1));
  all.push_back(bases.of("lambda:notify", 0));
  all.push_back(bases.of("group:audit", 0));
  std::vector<std::uint64_t> sorted = all;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  // Bases leave the low bits to the running count.
  for (const std::uint64_t b : all) CHECK((b & kEventSequenceMask) == 0);
  // The same design gives the same bases, whoever asks.
  const EventBases again(s);
  CHECK(again.of("lambda:notify", 0) == bases.of("lambda:notify", 0));
  CHECK(again.of("group:audit", 0) == bases.of("group:audit", 0));
  CHECK_THROWS_AS(bases.of("lambda:notify", 1), std::out_of_range);
  CHECK(design_emits(s));
}

TEST_CASE(
    "a fleet's emit bases are the producers' then its entries', whatever functions and "
    "groups emit") {
  SystemConfig s = every_emitter();
  // As fleets took them before functions and groups could emit: the
  // producers' bases, then each fleet entry's in turn.
  std::vector<std::uint64_t> taken;
  for (const ProducerConfig& p : s.producers) taken.push_back(Producer::event_base(p.name, taken));
  const std::uint64_t first = Producer::event_base("consumer:pay.emit[0]", taken);
  taken.push_back(first);
  const std::uint64_t second = Producer::event_base("consumer:pay.emit[1]", taken);
  const EventBases bases(s);
  CHECK(bases.of("consumer:pay", 0) == first);
  CHECK(bases.of("consumer:pay", 1) == second);
  // Without the function's and the group's lists, the fleet's are the same.
  s.functions[0].emit.clear();
  s.groups[0].emit.clear();
  const EventBases fleets_only(s);
  CHECK(fleets_only.of("consumer:pay", 0) == first);
  CHECK(fleets_only.of("consumer:pay", 1) == second);
  CHECK(design_emits(s));
  s.fleets[0].emit.clear();
  CHECK_FALSE(design_emits(s));
}
