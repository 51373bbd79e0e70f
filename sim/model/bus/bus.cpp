#include "sim/model/bus/bus.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/offered_load.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim::model {

std::string target_reference(std::string_view table, const std::string& name) {
  if (table == "queues") return name;
  const ReceivingKind* kind = receiving_kind(table);
  return (kind != nullptr ? std::string(kind->prefix) : std::string(table)) + "." + name;
}

Bus::Bus(BusConfig config, std::uint32_t index, const Context& context, std::vector<Queue*> queues,
         const MakeDelivery& deliveries, std::shared_ptr<rules::PathTable> paths)
    : config_(std::move(config)),
      kernel_(context.kernel),
      books_(context.books),
      queues_(std::move(queues)),
      rng_(context.seed, "bus:" + config_.name),
      put_quota_(config_.put_events_rate.per_second),
      invocation_quota_(config_.invocations_rate.per_second) {
  (void)index;
  to_queue_.resize(queues_.size());
  backoff_.backoff = RetryPolicy::Backoff::exponential;
  backoff_.jitter = RetryPolicy::Jitter::full;
  backoff_.base = config_.retry_base;
  backoff_.cap = config_.retry_cap;
  std::vector<rules::RuleSource> sources;
  for (const RuleConfig& rule : config_.rules) {
    sources.push_back({rule.name, rule.pattern});
    std::vector<std::uint32_t> targets;
    for (std::size_t t = 0; t < rule.targets.size(); ++t) {
      // A queue is delivered to from the start; another kind's component is
      // an endpoint, connected once every kind is built.
      const std::string table = rule.table(t);
      if (table == "buses" && rule.targets[t] == config_.name) {
        // EventBridge refuses it as a loop; here it would also route an
        // event through the rules while they route it.
        throw std::invalid_argument("bus " + config_.name + ", rule " + rule.name +
                                    ": a rule cannot target its own bus");
      }
      std::uint32_t queue = UINT32_MAX, end = UINT32_MAX;
      if (table == "queues") {
        queue = find_queue(rule.targets[t], "rule " + rule.name);
        deliver_to(queue, deliveries);
      } else {
        end = endpoint(table, rule.targets[t]);
      }
      const TargetPolicy policy = rule.policy(t);
      std::uint32_t dlq = UINT32_MAX;
      if (policy.dead_letter_queue) {
        dlq = find_queue(*policy.dead_letter_queue, "rule " + rule.name);
        if (queues_[dlq]->config().fifo) {
          throw std::invalid_argument("bus " + config_.name + ", rule " + rule.name +
                                      ": the dead-letter queue of target " + rule.targets[t] +
                                      " must be a standard queue: " + *policy.dead_letter_queue);
        }
        queues_[dlq]->mark_as_dead_letter_queue();
        deliver_to(dlq, deliveries);
      }
      targets.push_back(add_target(rule.name, queue, end, policy, dlq, context.seed));
    }
    rule_targets_.push_back(std::move(targets));
  }
  if (paths == nullptr) paths = std::make_shared<rules::PathTable>();
  schemas_ = std::make_unique<SchemaRegistry>(config_.schemas,
                                              static_cast<std::uint32_t>(sources.size()), *paths);
  for (rules::RuleSource& selector : schemas_->selectors()) sources.push_back(std::move(selector));
  rules_ = std::make_unique<rules::RuleSet>(
      rules::RuleSet::compile(sources, rules::Dialect::eventbridge, paths));
  result_.name = config_.name;
  // A quarantine queue is a target of the bus too (default retry policy).
  for (const SchemaConfig& schema : config_.schemas) {
    std::uint32_t target = UINT32_MAX;
    if (schema.on_mismatch == SchemaConfig::OnMismatch::quarantine) {
      const std::uint32_t queue = find_queue(schema.quarantine_queue, "schema " + schema.name);
      deliver_to(queue, deliveries);
      target = add_target("schema:" + schema.name, queue, UINT32_MAX, TargetPolicy{}, UINT32_MAX,
                          context.seed);
    }
    quarantine_.push_back(target);
    result_.schemas.push_back(SchemaResult{schema.name, 0});
  }
  // FIFO targets' SendMessage calls are billed at the FIFO price.
  for (const Queue* q : queues_) {
    send_message_.push_back(books_.calls.counter("bus:" + config_.name,
                                                 metrics::call_kind::kEventBridgeDeliverSqs,
                                                 q->config().fifo.has_value()));
  }
}

std::uint32_t Bus::endpoint(const std::string& table, const std::string& name) {
  for (std::uint32_t e = 0; e < endpoints_.size(); ++e) {
    if (endpoints_[e].table == table && endpoints_[e].name == name) return e;
  }
  endpoints_.push_back(Endpoint{table, name, nullptr});
  return static_cast<std::uint32_t>(endpoints_.size() - 1);
}

std::string Bus::reference(std::uint32_t queue, std::uint32_t endpoint) const {
  if (queue != UINT32_MAX) return queues_[queue]->name();
  const Endpoint& e = endpoints_[endpoint];
  return target_reference(e.table, e.name);
}

std::uint32_t Bus::add_target(const std::string& rule, std::uint32_t queue, std::uint32_t endpoint,
                              const TargetPolicy& policy, std::uint32_t dead_letter_queue,
                              std::uint64_t seed) {
  const std::string name = reference(queue, endpoint);
  const bool to_bus = endpoint != UINT32_MAX && endpoints_[endpoint].table == "buses";
  targets_.push_back(
      Target{queue,
             endpoint,
             dead_letter_queue,
             to_bus,
             policy,
             core::RandomStream(seed, "bus:" + config_.name + "/rule:" + rule + "/target:" + name),
             {},
             {}});
  BusTargetResult r;
  r.rule = rule;
  r.queue = name;
  r.dead_letter_queue = policy.dead_letter_queue.value_or("");
  target_results_.push_back(std::move(r));
  return static_cast<std::uint32_t>(targets_.size() - 1);
}

std::uint32_t Bus::find_queue(const std::string& name, const std::string& user) const {
  for (std::uint32_t q = 0; q < queues_.size(); ++q) {
    if (queues_[q]->name() == name) return q;
  }
  throw std::invalid_argument("bus " + config_.name + ", " + user + ": no queue named " + name);
}

void Bus::deliver_to(std::uint32_t queue, const MakeDelivery& deliveries) {
  // A queue's destination is made at once; another kind's, in connect().
  if (to_queue_[queue] == nullptr) to_queue_[queue] = deliveries("queues", queues_[queue]->name());
}

void Bus::connect(const MakeDelivery& deliveries) {
  for (Endpoint& e : endpoints_) {
    if (e.to != nullptr) continue;
    try {
      e.to = deliveries(e.table, e.name);
    } catch (const std::invalid_argument& error) {
      throw std::invalid_argument("bus " + config_.name + ": " + error.what());
    }
    // The receiver matches events built in this bus's table.
    if (e.table == "buses" && e.to->paths() != &paths()) {
      throw std::logic_error("bus " + config_.name + " and bus " + e.name +
                             " are linked by a rule but do not share a path table");
    }
  }
}

Bus::~Bus() = default;

rules::PathTable& Bus::paths() {
  return rules_->paths();
}

template <typename BusTarget>
void Bus::append_targets(SchemaRegistry::Check check, std::vector<std::uint32_t>& out,
                         BusTarget bus_target) {
  if (check.verdict == SchemaVerdict::rejected) return;
  if (check.verdict == SchemaVerdict::quarantined) {
    out.push_back(quarantine_[check.schema]);
    return;
  }
  for (const std::uint32_t rule : matched_) {
    if (rule >= rule_targets_.size()) break;  // a schema's selector
    for (const std::uint32_t t : rule_targets_[rule]) {
      if (targets_[t].to_bus) {
        bus_target(t, out);
      } else {
        out.push_back(t);
      }
    }
  }
}

SchemaRegistry::Check Bus::route(const rules::Event& event, std::vector<std::uint32_t>& targets) {
  matched_.clear();
  rules_->match(event, buffers_, matched_);
  const SchemaRegistry::Check check = schemas_->check(event, matched_);
  append_targets(check, targets, [this, &event](std::uint32_t t, std::vector<std::uint32_t>& out) {
    // The receiver routes the event now, while its content is at hand.
    out.push_back(t | kToBus);
    const std::size_t length = out.size();
    out.push_back(0);
    endpoints_[targets_[t].endpoint].to->route(event, no_attributes_, out, scratch_);
    out[length] = static_cast<std::uint32_t>(out.size() - length - 1);
  });
  return check;
}

void Bus::route_received(const rules::Event& event, std::vector<std::uint32_t>& record) {
  matched_.clear();
  rules_->match(event, buffers_, matched_);
  const SchemaRegistry::Check check = schemas_->check(event, matched_);
  record.push_back(static_cast<std::uint32_t>(check.verdict));
  record.push_back(check.schema);
  // One hop only: an event that came from a bus goes to no other bus.
  append_targets(check, record, [](std::uint32_t t, std::vector<std::uint32_t>& out) {
    out.push_back(t | kRefusedHop);
  });
}

void Bus::offer_copy(std::uint32_t t, std::span<const std::uint32_t> record, const OfferSample& s,
                     OfferedLoad& load) const {
  const double w = s.weight, size = static_cast<double>(s.entry.size);
  const Target& target = targets_[t];
  if (target.queue != UINT32_MAX) {
    load.add("queues", queues_[target.queue]->name(), {w, w * size, w});
  } else if (const Destination* to = endpoints_[target.endpoint].to.get()) {
    // One call per copy; what the component routes on is its own (a
    // receiving bus: its record).
    to->offer(OfferSample{s.entry, record, w, 1}, load);
  }
}

void Bus::offer(const OfferSample& s, OfferedLoad& load) const {
  const double w = s.weight, size = static_cast<double>(s.entry.size);
  double copies = 0;
  for_each_copy(s.routes, [&copies](std::uint32_t, std::span<const std::uint32_t>) { ++copies; });
  load.add("buses", name(), {w, w * size, w / s.batch, w * copies});
  for_each_copy(s.routes, [&](std::uint32_t t, std::span<const std::uint32_t> record) {
    offer_copy(t, record, s, load);
  });
}

void Bus::offer_received(const OfferSample& s, OfferedLoad& load) const {
  // No PutEvents request; the refused hops invoke nothing.
  const double w = s.weight, size = static_cast<double>(s.entry.size);
  const std::span<const std::uint32_t> targets =
      s.routes.size() < 2 ? s.routes.subspan(0, 0) : s.routes.subspan(2);
  double copies = 0;
  for (const std::uint32_t t : targets) copies += (t & kRefusedHop) == 0 ? 1 : 0;
  load.add("buses", name(), {w, w * size, 0, w * copies});
  for (const std::uint32_t t : targets) {
    if ((t & kRefusedHop) == 0) offer_copy(t, {}, s, load);
  }
}

bool Bus::add_target_fault(const FaultConfig& fault) {
  // A queue may be named with its prefix too, as a rule may name it.
  const std::string_view named = std::string_view(fault.target).starts_with("queue.")
                                     ? std::string_view(fault.target).substr(6)
                                     : std::string_view(fault.target);
  bool hits = false;
  for (Target& t : targets_) {
    if (reference(t.queue, t.endpoint) != named) continue;
    t.outages.push_back(fault);
    t.outage_blames.push_back(books_.fault(fault.name) + 1);
    hits = true;
  }
  return hits;
}

void Bus::start() {
  for (const FaultConfig& f : throttling_) {
    kernel_.schedule(Time::zero() + f.start, id_, quota_change);
    kernel_.schedule(Time::zero() + f.end(), id_, quota_change);
  }
}

double Bus::put_events_rate(Time now) const {
  double rate = config_.put_events_rate.per_second;
  for (const FaultConfig& f : throttling_) {
    if (f.covers(now - Time::zero())) rate = std::min(rate, f.put_events_rate.per_second);
  }
  return rate;
}

bool Bus::admit_put_events(Time now) {
  return put_quota_.take(now);
}

void Bus::put_event(std::uint64_t event, Time produced, std::int64_t size,
                    std::span<const std::uint32_t> targets, bool claim_checked,
                    SchemaRegistry::Check schema, std::uint32_t poison, Cause cause) {
  if (size > config_.max_entry_size) {
    ++books_.events.rejected_at_ingest;
    return;
  }
  if (!count_schema(schema)) {
    ++books_.events.rejected_at_ingest;
    return;
  }
  ++result_.put_events_entries;
  if (targets.empty()) {
    ++books_.events.unrouted;
    return;
  }
  ++result_.matched_events;
  ++books_.events.routed_events;
  const Duration api = config_.api_latency.sample(rng_);
  for_each_copy(targets, [&](std::uint32_t t, std::span<const std::uint32_t> record) {
    make_copy(Delivery{event, produced, kernel_.now(), size, Duration::zero(), t, poison,
                       UINT32_MAX, 0, claim_checked, cause},
              record, api + config_.delivery_latency.sample(rng_));
  });
}

bool Bus::count_schema(SchemaRegistry::Check schema) {
  switch (schema.verdict) {
    case SchemaVerdict::unchecked:
      break;
    case SchemaVerdict::valid:
      ++result_.schema_valid;
      break;
    case SchemaVerdict::delivered:
    case SchemaVerdict::rejected:
    case SchemaVerdict::quarantined:
      ++result_.schemas[schema.schema].mismatched;
      ++result_.schema_mismatched;
      break;
  }
  if (schema.verdict == SchemaVerdict::quarantined) ++result_.schema_quarantined;
  if (schema.verdict == SchemaVerdict::rejected) {
    ++result_.schema_rejected;
    return false;
  }
  return true;
}

void Bus::make_copy(Delivery copy, std::span<const std::uint32_t> record, Duration wait) {
  ++books_.events.copies;
  if (targets_[copy.target].to_bus) {
    copy.hop = hops_.add(std::vector<std::uint32_t>(record.begin(), record.end()));
  }
  const std::uint32_t slot = deliveries_.add(copy);
  schedule_attempt(deliveries_.handle(slot), wait);
}

void Bus::receive(const Outgoing& e, std::span<const std::uint32_t> record) {
  ++result_.bus_events_received;
  // Refused at ingest, the sender's copy is a copy its target refused.
  if (e.size > config_.max_entry_size || record.size() < 2 ||
      !count_schema({static_cast<SchemaVerdict>(record[0]), record[1]})) {
    ++books_.events.rejected;
    return;
  }
  // The event was counted as routed by the bus that sent it: here only its
  // copies are told. The sender's copy is handed over, and the copies made
  // here (none when no rule matches) take its place.
  --books_.events.copies;
  const std::span<const std::uint32_t> targets = record.subspan(2);
  if (targets.empty()) return;
  ++result_.matched_events;
  for (const std::uint32_t word : targets) {
    if ((word & kRefusedHop) != 0) {
      // EventBridge does not invoke the target (DeadLetterInvocations): the
      // copy is made and dropped.
      const std::uint32_t t = word & ~kRefusedHop;
      ++books_.events.copies;
      ++books_.events.dropped_by_bus;
      ++result_.bus_hops_refused;
      ++target_results_[t].hops_refused;
      continue;
    }
    make_copy(Delivery{e.event, e.produced, kernel_.now(), e.size, Duration::zero(), word,
                       e.keys.poison, UINT32_MAX, 0, e.keys.claim_checked, e.keys.cause},
              {}, config_.delivery_latency.sample(rng_));
  }
}

void Bus::schedule_attempt(std::uint64_t handle, Duration after) {
  const Duration wait = invocation_quota_.reserve(kernel_.now() + after);
  if (wait > Duration::zero()) ++result_.delayed_invocations;
  kernel_.schedule_in(after + wait, id_, deliver, handle);
}

void Bus::handle(core::Kernel&, const core::Event& event) {
  if (event.kind == quota_change) {
    put_quota_.set_rate(kernel_.now(), put_events_rate(kernel_.now()));
    return;
  }
  // Every delivery event belongs to a delivery still in its slot: nothing
  // cancels one, so a stale handle is a bug, and at() throws on it.
  const std::uint64_t handle = event.data;
  if (event.kind == retry) {
    deliveries_.at(handle);
    schedule_attempt(handle, Duration::zero());
    return;
  }
  attempt(handle);
}

const FaultConfig* Bus::failure(Target& t) {
  const Duration now = kernel_.now() - Time::zero();
  for (const FaultConfig& f : t.outages) {
    if (!f.covers(now)) continue;
    // One draw per attempt inside the window, even at probability 1.
    return t.rng.uniform() < f.error_probability ? &f : nullptr;
  }
  return nullptr;
}

void Bus::attempt(std::uint64_t handle) {
  Delivery& d = deliveries_.at(handle);
  Target& t = targets_[d.target];
  BusTargetResult& tr = target_results_[d.target];
  ++result_.invocations;
  ++tr.invocations;
  if (d.attempts > 0) {
    ++result_.retry_attempts;
    ++tr.retry_attempts;
  }
  ++d.attempts;
  const FaultConfig* failed = failure(t);
  if (failed == nullptr) {
    if (t.queue != UINT32_MAX) {
      send(d, t.queue);
    } else if (hand_over(d, t.endpoint) == Delivered::throttled) {
      // The target's quota refused the call: a retryable failure no fault
      // caused.
      ++tr.failed_attempts;
      failed_attempt(handle, true, 0);
      return;
    }
    ++tr.delivered;
    finish(handle);
    return;
  }
  ++tr.failed_attempts;
  const std::uint32_t blame = t.outage_blames[static_cast<std::size_t>(failed - t.outages.data())];
  if (FaultTally* tally = books_.blamed(blame)) ++tally->retried;
  failed_attempt(handle, retryable(failed->target_error), blame);
}

void Bus::failed_attempt(std::uint64_t handle, bool can_retry, std::uint32_t blame) {
  Delivery& d = deliveries_.at(handle);
  Target& t = targets_[d.target];
  if (!can_retry) {
    give_up(handle, GiveUp::not_retryable, blame);
    return;
  }
  const std::uint32_t retries = d.attempts - 1;
  if (retries >= static_cast<std::uint32_t>(t.policy.max_retry_attempts)) {
    give_up(handle, GiveUp::attempts, blame);
    return;
  }
  const Duration wait = backoff_.delay(retries, d.previous_delay, t.rng);
  if (kernel_.now() + wait - d.accepted > t.policy.max_event_age) {
    give_up(handle, GiveUp::age, blame);
    return;
  }
  d.previous_delay = wait;
  // The retry takes its invocation token when it is due: reserving one now,
  // minutes ahead, would hold back every delivery until then.
  kernel_.schedule_in(wait, id_, retry, handle);
}

std::uint32_t Bus::count_throttled(std::uint64_t entries) {
  result_.throttled_put_events += entries;
  // Throttled while a fault's lower quota was in force: that fault's.
  const Duration now = kernel_.now() - Time::zero();
  for (std::size_t i = 0; i < throttling_.size(); ++i) {
    if (!throttling_[i].covers(now)) continue;
    if (FaultTally* tally = books_.blamed(throttling_blames_[i])) tally->retried += entries;
    return throttling_blames_[i];
  }
  return 0;
}

void Bus::give_up(std::uint64_t handle, GiveUp why, std::uint32_t blame) {
  const Delivery d = deliveries_.at(handle);
  finish(handle);
  const Target& t = targets_[d.target];
  BusTargetResult& tr = target_results_[d.target];
  ++result_.failed_invocations;
  ++tr.failed_invocations;
  switch (why) {
    case GiveUp::attempts:
      ++result_.maximum_retry_attempts;
      break;
    case GiveUp::age:
      ++result_.maximum_event_age;
      break;
    case GiveUp::not_retryable:
      ++result_.not_retryable;
      break;
  }
  if (t.dead_letter_queue != UINT32_MAX) {
    ++result_.sent_to_dlq;
    ++tr.sent_to_dlq;
    if (FaultTally* tally = books_.blamed(blame)) ++tally->moved_to_dlq;
    send(d, t.dead_letter_queue);
    return;
  }
  ++result_.dropped;
  ++tr.dropped;
  if (FaultTally* tally = books_.blamed(blame)) ++tally->dropped;
  ++books_.events.dropped_by_bus;
}

void Bus::finish(std::uint64_t handle) {
  const Delivery& d = deliveries_.at(handle);
  if (d.hop != UINT32_MAX) hops_.remove(d.hop);
  deliveries_.remove(static_cast<std::uint32_t>(handle));
}

Delivered Bus::hand_over(const Delivery& d, std::uint32_t endpoint) {
  Outgoing entry;
  entry.event = d.event;
  entry.produced = d.produced;
  entry.size = d.size;
  // A stream's partition key: EventBridge's default is the event's id, so
  // copies spread over the shards (a hash of the event's number).
  entry.key = core::mix64(d.event);
  entry.keys.claim_checked = d.claim_checked;
  entry.keys.poison = d.poison;
  entry.keys.cause = d.cause;
  if (d.hop == UINT32_MAX) return endpoints_[endpoint].to->deliver(entry, SendQuota::bypassed);
  return endpoints_[endpoint].to->deliver_routed(entry, SendQuota::bypassed, hops_[d.hop]);
}

void Bus::send(const Delivery& d, std::uint32_t queue) {
  books_.calls.add(send_message_[queue], 1, metrics::billing_units(Bytes{d.size}));
  Outgoing entry;
  entry.event = d.event;
  entry.produced = d.produced;
  entry.size = d.size;
  entry.keys.claim_checked = d.claim_checked;
  entry.keys.poison = d.poison;
  entry.keys.cause = d.cause;
  // EventBridge's SendMessage does not wait on the queue's send quota, as
  // modelled: deliveries are metered by the bus's invocations quota.
  to_queue_[queue]->deliver(entry, SendQuota::bypassed);
}

BusResult Bus::result() const {
  BusResult r = result_;
  r.targets = target_results_;
  r.put_events_requests = static_cast<std::uint64_t>(put_quota_.taken());
  r.put_events_beyond_rate = put_quota_.beyond_rate(kernel_.now());
  return r;
}

}  // namespace edasim::model
