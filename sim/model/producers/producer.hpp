// A producer: emits events at its rate profile, builds each from one of its
// templates, and sends them in batches to its Destination (a bus, a queue or
// several, a topic, a stream, a chain, or polling sources), which routes,
// bills and delivers each request. With a claim check, payloads over its
// threshold go to object storage first (s3.PutObject) and only a reference
// travels.
//
// Entries a destination reports throttled (a PutEvents request the bus
// throttles; the PublishBatch entries over a topic's quota) are sent again
// as the AWS SDKs' standard mode does (services.md §6.3; ClientRequests,
// support/client_requests.hpp). Entries that run out of attempts or tokens
// are given up to the destination, which counts them.
//
// Replaying an EventBridge archive, each archived event is produced at its
// recorded time with its recorded content, in the archive's order.
//
// Its arrival times and event contents come from its own random streams
// ("producer:<name>/arrivals", ".../events"), so two designs that declare the
// same producer see exactly the same events (common random numbers). Each
// event's content is drawn from a stream of its own number, derived from
// ".../events" (EventFactory::generate_event), and the producer adds itself
// to the run's EventSources, so a consumer can make the fields of an event
// it processes again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/model/producers/event_factory.hpp"
#include "sim/model/producers/producer_config.hpp"
#include "sim/model/producers/rate_profile.hpp"
#include "sim/model/run_result.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/client_requests.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/retry_policy.hpp"
#include "sim/model/support/schema_registry.hpp"
#include "sim/model/support/slots.hpp"
#include "sim/rules/event.hpp"
#include "sim/rules/match_buffers.hpp"

namespace edasim::rules {
class RuleSet;
}  // namespace edasim::rules

namespace edasim::model {

class OfferedLoad;

class Producer final : public core::Component, private Sender {
 public:
  // `event_base` is or-ed with the producer's running count to number its
  // events (see event_base()). Call send_to() before the run.
  Producer(ProducerConfig config, std::uint64_t event_base, const Context& context);
  // Where its events go; events are built for what the destination reads
  // (its paths, attributes, partition key).
  void send_to(std::unique_ptr<Destination> destination);

  // The high bits of the numbers of a producer's events, from its name alone,
  // so an event keeps its number (and what depends on it, such as being
  // poison) in every design that declares the producer. `taken` are the
  // bases of producers already built: on a clash (1 in 2^24 per pair) the
  // next free one is used.
  ~Producer() override;

  // Poison faults with an event pattern: bit i of each message's
  // MessageKeys::poison says whether its event matches patterns[i].
  void mark_poison(const std::vector<std::string>& patterns);

  static std::uint64_t event_base(std::string_view name, std::span<const std::uint64_t> taken);

  void attach(core::ComponentId id) {
    id_ = id;
    requests_.attach(id, retry_put);
  }
  // Schedules the first arrival; arrivals stop at `end` or stop_after.
  void start(Time end);

  void handle(core::Kernel& kernel, const core::Event& event) override;

  const ProducerConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  // Tells `watcher` of each event it produces, with the event's number and
  // the time (a read workload's writes, sim/model/reads). Before the run.
  void watch_production(std::function<void(std::uint64_t event, Time at)> watcher) {
    production_watchers_.push_back(std::move(watcher));
  }
  // Events produced but not yet handed to their bus or queue (batched, or
  // waiting to retry a throttled request).
  std::uint64_t buffered() const { return entries_.size() + requests_.retrying_entries(); }
  // PutEvents requests retried after throttling, and entries dropped.
  std::uint64_t throttle_retries() const { return requests_.throttle_retries(); }
  ProducerResult result() const { return {config_.name, sequence_, fingerprint_}; }
  // Draws `count` events from a separate stream and reports how many the
  // destination would route to at least one target (for `edasim check`).
  std::uint64_t sample_routed(std::uint64_t count);
  // Draws `count` events from the same stream and adds the share of its
  // events each reaches to `load`, through the destination's routing (for
  // `edasim check`; support/offered_load.hpp).
  void sample_offered(std::uint64_t count, OfferedLoad& load);

 private:
  enum Kind : std::uint32_t { arrival, flush, retry_put, resend };

  using Entry = Outgoing;

  void schedule_next_arrival();
  // The number of the i-th of `count` events drawn for `edasim check`.
  std::uint64_t sampled(std::uint64_t i, std::uint64_t count) const;
  // Recorded traffic's exact process: the next arrival's time into `t`;
  // false when the recorded periods are over.
  bool next_exact_arrival(Time& t);
  void produce();
  void send_batch();
  // The partition key hash of the event just generated.
  std::uint64_t key_hash(std::uint64_t number) const;
  // The MessageGroupId and deduplication id of the event just generated.
  MessageKeys message_keys() const;
  // Draws whether `e` is sent again later, and schedules it if so.
  void first_attempt(const Entry& e, std::span<const std::uint32_t> routes) override;
  void send_again(std::uint32_t slot);
  // Translates the factory's content into the rule engine's event.
  const rules::Event& rules_event();
  // The current event, built against the path ids `ids` (one per factory
  // path) into `out`.
  void build_event(const std::vector<rules::PathId>& ids, rules::Event& out);
  std::uint32_t poison_mask();
  // The event's message attributes, for a topic's attribute policies.
  const rules::Event& attribute_event();
  // Appends the targets (bus queues or topic subscriptions) of the event
  // just generated, and marks `e` for the destination.
  SchemaRegistry::Check route(std::vector<std::uint32_t>& out, Entry& e);

  ProducerConfig config_;
  std::uint64_t event_base_;
  core::Kernel& kernel_;
  Books& books_;
  std::unique_ptr<Destination> destination_;
  std::vector<std::function<void(std::uint64_t, Time)>> production_watchers_;
  std::uint32_t key_path_ = UINT32_MAX;  // index into the factory's paths
  core::ComponentId id_ = 0;
  RateProfile profile_;
  core::RandomStream arrivals_;
  std::uint64_t contents_seed_;  // "producer:<name>/events"
  core::RandomStream duplicates_;
  EventFactory factory_;
  rules::Event event_;
  rules::Event attributes_;
  // (factory path, attribute path in the topic's table) per message attribute.
  std::vector<std::pair<std::uint32_t, rules::PathId>> attribute_paths_;
  std::vector<rules::PathId> path_ids_;  // factory path -> bus path table
  Time stop_;
  // The exact process of recorded traffic: the period whose events are
  // being placed, how many are left in it, and the last one's time.
  std::int64_t exact_period_ = -1;
  std::int64_t exact_left_ = 0;
  Time exact_last_;
  std::uint64_t sequence_ = 0;
  std::uint64_t fingerprint_ = 0;
  std::uint32_t flush_generation_ = 0;

  ClientRequests requests_;

  std::vector<Entry> entries_;
  std::vector<std::uint32_t> routes_;  // target queues of the buffered entries
  std::uint32_t group_path_ = UINT32_MAX, deduplication_path_ = UINT32_MAX;
  Slots<Entry> resends_;                                   // sends to make again
  std::vector<std::vector<std::uint32_t>> resend_routes_;  // their subscriptions, by slot
  metrics::CounterId claim_check_put_;

  std::unique_ptr<rules::RuleSet> poison_;
  std::vector<rules::PathId> poison_path_ids_;  // factory path -> poison path table
  rules::Event poison_event_;
  rules::MatchBuffers poison_buffers_;
  std::vector<std::uint32_t> poison_matched_;
};

}  // namespace edasim::model
