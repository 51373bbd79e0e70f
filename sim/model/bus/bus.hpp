// An EventBridge-style event bus: rules with event patterns, up to 5 targets
// each.
//
// Every rule whose pattern matches an event sends a copy to each of its
// targets (fan-out; two rules naming one queue send two copies, as
// EventBridge does). Patterns mean exactly what they mean on EventBridge:
// they are compiled by the rule engine in sim/rules. A copy reaches its
// target after the bus's delivery latency, as one call made by the bus (a
// queue's SendMessage, a topic's Publish, a stream's PutRecords, a state
// machine's StartExecution), handed over through the target's Destination
// (made for a service by the kind's registration,
// sim/model/receiving_kind.hpp), which bills the call in the bus's name; the
// bus bills an SQS delivery itself. A target the component's quota refuses
// (a StartExecution or Publish over its quota, a shard over its write
// limit) is a failed attempt, retried under the target's retry policy
// (services.md §10.9). Targets other than queues are connected once every
// kind is built (connect()).
// Entries larger than the bus's entry limit are rejected at ingest; events no
// rule matches are discarded (counted as unrouted).
//
// Failed deliveries (a target_outage fault on a target, or its quota): each target
// has a retry policy (maximum retry attempts, maximum event age) and
// optionally a dead-letter queue. A retryable failure is retried after a
// full-jitter exponential backoff (the bus's retry_base and retry_cap); the
// bus gives up when the next retry would pass either limit, or at once for
// an error EventBridge does not retry, and then sends the copy to the
// target's dead-letter queue (a SendMessage by the bus) or drops it. A copy
// awaiting a retry stays in its delivery slot (in flight). Kernel events
// reach a delivery through its generation-checked handle (slots.hpp): an
// event for a delivery already ended throws instead of acting on whichever
// delivery took its slot. Each target draws
// its failures and jitter from its own stream
// ("bus:<bus>/rule:<rule>/target:<target>", the target as target_reference()
// writes it), so faults never shift the bus's
// latency draws.
//
// Another bus as a target (EventBridge's bus-to-bus delivery, same account
// and Region): the receiving bus's rules match the event's content, which a
// copy does not carry, so they match when the sender routes the event as it
// is made (the buses a rule links share one path table, given by their
// Part), and the receiver's routes travel with the sender's copy. The
// sender delivers the copy like any target (its delivery latency, its
// invocations quota, the target's retry policy and dead-letter queue); the
// receiver ingests it (billed as a custom event, by 64 KB chunk, in the
// sender's name: EventBridge.DeliverToEventBus), checks its schemas and
// makes its own copies after its own delivery latency. The receiver's
// PutEvents quota does not meter these (UNCONFIRMED, docs/modelling.md).
// EventBridge routes an event across one bus-to-bus hop only: an event that
// arrived from a bus is not delivered to the receiver's own bus targets.
// Each such copy is made and dropped (events.dropped_by_bus) and counted in
// the receiver's bus_hops_refused and its target's hops_refused
// (CloudWatch's DeadLetterInvocations); so A -> B -> A cannot loop.
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
#include "sim/model/bus/bus_config.hpp"
#include "sim/model/faults/fault_config.hpp"
#include "sim/model/run_result.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/retry_policy.hpp"
#include "sim/model/support/schema_registry.hpp"
#include "sim/model/support/slots.hpp"
#include "sim/model/support/token_bucket.hpp"
#include "sim/rules/event.hpp"
#include "sim/rules/match_buffers.hpp"
#include "sim/rules/path_table.hpp"

namespace edasim::rules {
class RuleSet;
}  // namespace edasim::rules

namespace edasim::model {

class Queue;
class OfferedLoad;
struct OfferSample;

class Bus final : public core::Component {
 public:
  // `queues` are all queues of the system, by index; `deliveries` makes the
  // destination of each queue the bus delivers to; `paths`, when given, is
  // the path table the bus shares with the buses its rules link it to (null:
  // a table of its own). Throws std::invalid_argument for an unknown queue,
  // an invalid pattern or a rule that targets its own bus.
  Bus(BusConfig config, std::uint32_t index, const Context& context, std::vector<Queue*> queues,
      const MakeDelivery& deliveries, std::shared_ptr<rules::PathTable> paths = nullptr);
  ~Bus() override;

  void attach(core::ComponentId id) { id_ = id; }
  const std::string& name() const { return config_.name; }
  const BusConfig& config() const { return config_; }

  // The paths the rules were compiled against: producers resolve their
  // event fields here once.
  rules::PathTable& paths();

  // Appends the route list of the event (the index of the rule target of
  // every copy it makes; for a target that is another bus, the receiver's
  // routes too: see kToBus), and tells what the bus's schemas make of it (a
  // rejected event gets no copies; a quarantined one only its quarantine
  // queue's).
  SchemaRegistry::Check route(const rules::Event& event, std::vector<std::uint32_t>& targets);
  // Routes an event another bus's rule delivers here, as that bus routes it:
  // appends the record receive() reads (the schemas' verdict and schema,
  // then the targets, each of this bus's bus targets marked kRefusedHop).
  void route_received(const rules::Event& event, std::vector<std::uint32_t>& record);
  // Takes a copy another bus delivered, with the record route_received()
  // wrote for it: ingests it as an event of its own and makes its copies.
  void receive(const Outgoing& entry, std::span<const std::uint32_t> record);
  // What an event another bus delivers here with `sample.routes` (a record
  // of route_received()) offers this bus and its targets.
  void offer_received(const OfferSample& sample, OfferedLoad& load) const;
  // The share of a sender's events that `sample` (routed by route()) offers
  // the bus and each target queue: one PutEvents per `sample.batch` entries,
  // one SendMessage per copy (offered_load.hpp).
  void offer(const OfferSample& sample, OfferedLoad& load) const;
  // A bus_throttling fault on this bus (before start()).
  void add_fault(const FaultConfig& fault) {
    throttling_.push_back(fault);
    throttling_blames_.push_back(books_.fault(fault.name) + 1);
  }
  // Makes the destinations of the targets that are not queues (their kinds
  // build after buses). Throws std::invalid_argument for an unknown one, and
  // std::logic_error for a bus target that does not share this bus's path
  // table.
  void connect(const MakeDelivery& deliveries);
  // A target_outage fault: it hits every target of this bus that it names
  // (a queue by its name or "queue.NAME", another kind as "PREFIX.NAME").
  // Returns whether one does.
  bool add_target_fault(const FaultConfig& fault);
  // Schedules the quota changes of the throttling faults.
  void start();
  // Whether a PutEvents request may pass the quota now.
  bool admit_put_events(Time now);
  // `entries` entries of a request were refused by the quota. Returns the
  // blame (Message::fault's numbering) of the throttling fault in force, or 0.
  std::uint32_t count_throttled(std::uint64_t entries);
  // One PutEvents entry, accepted now, with the copies route() found.
  // `claim_checked`: the entry is a reference to a payload in object storage.
  // `schema`: what route() said of it. `poison`: the entry's
  // MessageKeys::poison. `cause`: the event's (MessageKeys::cause), handed
  // on with every copy.
  void put_event(std::uint64_t event, Time produced, std::int64_t size,
                 std::span<const std::uint32_t> targets, bool claim_checked = false,
                 SchemaRegistry::Check schema = {}, std::uint32_t poison = 0, Cause cause = {});

  std::uint64_t pending_deliveries() const { return deliveries_.live(); }
  BusResult result() const;
  // The running totals (the monitor reads them every period).
  const BusResult& totals() const { return result_; }

  void handle(core::Kernel& kernel, const core::Event& event) override;

 private:
  struct Delivery {
    std::uint64_t event;
    Time produced;
    Time accepted;  // ingestion: the event's age for the retry policy
    std::int64_t size;
    Duration previous_delay;  // the last backoff wait (zero before a retry)
    // Laid out so that the copy, of which a million may be in flight,
    // takes 96 bytes: the small fields share the 16 bytes before the cause.
    std::uint32_t target;
    std::uint32_t poison;
    std::uint32_t hop;       // into hops_: the receiving bus's record; UINT32_MAX: none
    std::uint16_t attempts;  // made so far (at most 186: EventBridge's 185 retries)
    bool claim_checked;
    Cause cause;
  };
  static_assert(sizeof(Delivery) <= 96, "a bus copy outgrew its 96 bytes");
  struct Target {
    std::uint32_t queue;              // UINT32_MAX: another kind's endpoint
    std::uint32_t endpoint;           // into endpoints_; UINT32_MAX: a queue
    std::uint32_t dead_letter_queue;  // UINT32_MAX: none
    bool to_bus;                      // another bus: its routes travel with the copy
    TargetPolicy policy;
    core::RandomStream rng;
    std::vector<FaultConfig> outages;
    std::vector<std::uint32_t> outage_blames{};  // each outage's Message::fault number
  };
  enum class GiveUp { attempts, age, not_retryable };

  // Schedules an attempt of the delivery `handle` after `wait`, behind the
  // invocations quota.
  void schedule_attempt(std::uint64_t handle, Duration wait);
  void attempt(std::uint64_t handle);
  // Whether this attempt on `t` fails now, and with which error.
  const FaultConfig* failure(Target& t);
  // The attempt of `handle` failed, with `blame` (Message::fault's
  // numbering; 0: the target's quota refused it): retries it or gives up.
  void failed_attempt(std::uint64_t handle, bool retryable, std::uint32_t blame);
  // `blame`: the fault that failed the last attempt (Message::fault's numbering).
  void give_up(std::uint64_t handle, GiveUp why, std::uint32_t blame);
  // Hands the delivery's copy to endpoint `endpoint`, through its destination.
  Delivered hand_over(const Delivery& d, std::uint32_t endpoint);
  // Ends the delivery `handle`: frees its slot and its hop record.
  void finish(std::uint64_t handle);
  // Makes the copy `copy` of an accepted event (`record`: the receiving
  // bus's, for a bus target), its first attempt due after `wait`.
  void make_copy(Delivery copy, std::span<const std::uint32_t> record, Duration wait);
  // Counts an entry's schema verdict at ingest; false when it is rejected.
  bool count_schema(SchemaRegistry::Check schema);
  // Appends the targets of the rules in matched_ (after the schemas'
  // `check`), each bus target through `bus_target(target, out)`.
  template <typename BusTarget>
  void append_targets(SchemaRegistry::Check check, std::vector<std::uint32_t>& out,
                      BusTarget bus_target);
  // What one copy to `target` offers the target (`record`: a bus target's).
  void offer_copy(std::uint32_t target, std::span<const std::uint32_t> record,
                  const OfferSample& sample, OfferedLoad& load) const;
  void send(const Delivery& d, std::uint32_t queue);

  BusConfig config_;
  core::Kernel& kernel_;
  Books& books_;
  std::vector<Queue*> queues_;
  core::ComponentId id_ = 0;
  core::RandomStream rng_;
  std::unique_ptr<rules::RuleSet> rules_;
  rules::MatchBuffers buffers_;
  std::vector<std::vector<std::uint32_t>> rule_targets_;
  std::vector<Target> targets_;
  std::vector<BusTargetResult> target_results_;
  RetryPolicy backoff_;
  std::unique_ptr<SchemaRegistry> schemas_;
  std::vector<std::uint32_t> quarantine_;  // by schema: its target, or UINT32_MAX
  std::vector<std::uint32_t> matched_;
  Slots<Delivery> deliveries_;
  // The receiving bus's record of each delivery to a bus target.
  Slots<std::vector<std::uint32_t>> hops_;
  rules::Event no_attributes_;  // a bus publishes no message attributes
  Outgoing scratch_;            // route()'s unused entry for a receiving bus
  std::vector<metrics::CounterId> send_message_;        // by queue
  std::vector<std::unique_ptr<Destination>> to_queue_;  // by queue; null: not delivered to
  // A target of another kind than queues: its kind's table, its name, and
  // its destination (null until connect()).
  struct Endpoint {
    std::string table;
    std::string name;
    std::unique_ptr<Destination> to;
  };
  std::vector<Endpoint> endpoints_;
  // The endpoint of (table, name), added the first time the bus names it.
  std::uint32_t endpoint(const std::string& table, const std::string& name);
  enum Kind : std::uint32_t { deliver, quota_change, retry };

 public:
  // A route list, as route() writes it, holds one word per copy: its
  // target's index; for a target that is another bus, the index with
  // kToBus set, then the length of the receiving bus's record, then the
  // record (route_received()). In a record, a target the one-hop rule
  // refuses has kRefusedHop set.
  static constexpr std::uint32_t kToBus = 1U << 31;
  static constexpr std::uint32_t kRefusedHop = 1U << 30;
  // Calls `copy(target, record)` for each copy of a route list (`record`
  // empty unless the target is a bus).
  template <typename Copy>
  static void for_each_copy(std::span<const std::uint32_t> routes, Copy copy) {
    for (std::size_t i = 0; i < routes.size();) {
      const std::uint32_t word = routes[i++];
      if ((word & kToBus) == 0) {
        copy(word, std::span<const std::uint32_t>{});
        continue;
      }
      const std::uint32_t length = routes[i++];
      copy(word & ~kToBus, routes.subspan(i, length));
      i += length;
    }
  }

 private:
  // The index of the queue named `name`; throws std::invalid_argument naming
  // `user` (a rule, a schema) when there is none.
  std::uint32_t find_queue(const std::string& name, const std::string& user) const;
  // Makes the destination of queue `queue` the first time the bus names it.
  void deliver_to(std::uint32_t queue, const MakeDelivery& deliveries);
  // A new target: its index.
  std::uint32_t add_target(const std::string& rule, std::uint32_t queue, std::uint32_t endpoint,
                           const TargetPolicy& policy, std::uint32_t dead_letter_queue,
                           std::uint64_t seed);
  // The target's name in reports, faults and streams (target_reference()).
  std::string reference(std::uint32_t queue, std::uint32_t endpoint) const;
  // The PutEvents rate in force at `now`.
  double put_events_rate(Time now) const;

  std::vector<FaultConfig> throttling_;
  std::vector<std::uint32_t> throttling_blames_;  // each one's Message::fault number
  TokenBucket put_quota_;
  TokenBucket invocation_quota_;
  BusResult result_;
};

}  // namespace edasim::model
