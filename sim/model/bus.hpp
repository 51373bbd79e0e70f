// An EventBridge-style event bus: rules with event patterns, up to 5 targets
// each.
//
// Every rule whose pattern matches an event sends a copy to each of its
// targets (fan-out; two rules naming one queue send two copies, as
// EventBridge does). Patterns mean exactly what they mean on EventBridge:
// they are compiled by the rule engine in sim/rules. A copy reaches its queue
// after the bus's delivery latency, as one SendMessage made by the bus.
// Entries larger than the bus's entry limit are rejected at ingest; events no
// rule matches are discarded (counted as unrouted).
//
// Schemas (schema_registry.hpp) are checked on the same match as the rules:
// a mismatch is delivered, rejected at ingest or quarantined as its schema
// says, and counted at ingest.
//
// Quotas: a PutEvents request over the bus's request-rate quota (lowered for
// a while by a bus_throttling fault) is refused with ThrottlingException, and
// its producer decides whether to retry. Deliveries over the invocations
// quota wait for their turn: they are delayed, never dropped.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/model/books.hpp"
#include "sim/model/bus_config.hpp"
#include "sim/model/fault_config.hpp"
#include "sim/model/schema_registry.hpp"
#include "sim/model/token_bucket.hpp"
#include "sim/rules/event.hpp"
#include "sim/rules/match_buffers.hpp"
#include "sim/rules/path_table.hpp"

namespace edasim {

namespace rules {
class RuleSet;
}

class Queue;

class Bus final : public Component {
 public:
  // `queues` are all queues of the system, by index. Throws
  // std::invalid_argument for an unknown target or an invalid pattern.
  Bus(BusConfig config, std::uint32_t index, std::uint64_t seed, Kernel& kernel, Books& books,
      std::vector<Queue*> queues);
  ~Bus() override;

  void attach(ComponentId id) { id_ = id; }
  const std::string& name() const { return config_.name; }
  const BusConfig& config() const { return config_; }

  // The paths the rules were compiled against: producers resolve their
  // event fields here once.
  rules::PathTable& paths();

  // Appends the index of the target queue of every copy the event makes,
  // and tells what the bus's schemas make of it (a rejected event gets no
  // copies; a quarantined one only its quarantine queue's).
  SchemaRegistry::Check route(const rules::Event& event, std::vector<std::uint32_t>& queues);
  // A bus_throttling fault on this bus (before start()).
  void add_fault(const FaultConfig& fault) { throttling_.push_back(fault); }
  // Schedules the quota changes of the throttling faults.
  void start();
  // Whether a PutEvents request may pass the quota now.
  bool admit_put_events(Time now);
  // `entries` entries of a request were refused by the quota.
  void count_throttled(std::uint64_t entries) { result_.throttled_put_events += entries; }
  // One PutEvents entry, accepted now, with the copies route() found.
  // `claim_checked`: the entry is a reference to a payload in object storage.
  // `schema`: what route() said of it.
  void put_event(std::uint64_t event, Time produced, std::int64_t size,
                 std::span<const std::uint32_t> queues, bool claim_checked = false,
                 SchemaRegistry::Check schema = {});

  std::uint64_t pending_deliveries() const { return deliveries_.size() - free_.size(); }
  const BusResult& result() const { return result_; }

  void handle(Kernel& kernel, const Event& event) override;

 private:
  struct Delivery {
    std::uint64_t event;
    Time produced;
    std::int64_t size;
    std::uint32_t queue;
    bool claim_checked;
  };

  BusConfig config_;
  Kernel& kernel_;
  Books& books_;
  std::vector<Queue*> queues_;
  ComponentId id_ = 0;
  RandomStream rng_;
  std::unique_ptr<rules::RuleSet> rules_;
  rules::MatchBuffers buffers_;
  std::vector<std::vector<std::uint32_t>> rule_targets_;
  std::unique_ptr<SchemaRegistry> schemas_;
  std::vector<std::uint32_t> quarantine_;  // by schema: its queue, or UINT32_MAX
  std::vector<std::uint32_t> matched_;
  std::vector<Delivery> deliveries_;
  std::vector<std::uint32_t> free_;
  CounterId send_message_;
  enum Kind : std::uint32_t { deliver, quota_change };
  // The index of the queue named `name`; throws std::invalid_argument naming
  // `user` (a rule, a schema) when there is none.
  std::uint32_t find_queue(const std::string& name, const std::string& user) const;
  // The PutEvents rate in force at `now`.
  double put_events_rate(Time now) const;

  std::vector<FaultConfig> throttling_;
  TokenBucket put_quota_;
  TokenBucket invocation_quota_;
  BusResult result_;
};

}  // namespace edasim
