#include "sim/model/bus.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/queue.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim {

Bus::Bus(BusConfig config, std::uint32_t index, std::uint64_t seed, Kernel& kernel, Books& books,
         std::vector<Queue*> queues)
    : config_(std::move(config)),
      kernel_(kernel),
      books_(books),
      queues_(std::move(queues)),
      rng_(seed, "bus:" + config_.name),
      put_quota_(config_.put_events_rate.per_second),
      invocation_quota_(config_.invocations_rate.per_second) {
  (void)index;
  std::vector<rules::RuleSource> sources;
  for (const RuleConfig& rule : config_.rules) {
    sources.push_back({rule.name, rule.pattern});
    std::vector<std::uint32_t> targets;
    for (const std::string& target : rule.targets) {
      targets.push_back(find_queue(target, "rule " + rule.name));
    }
    rule_targets_.push_back(std::move(targets));
  }
  auto paths = std::make_shared<rules::PathTable>();
  schemas_ = std::make_unique<SchemaRegistry>(config_.schemas,
                                              static_cast<std::uint32_t>(sources.size()), *paths);
  for (rules::RuleSource& selector : schemas_->selectors()) sources.push_back(std::move(selector));
  rules_ = std::make_unique<rules::RuleSet>(
      rules::RuleSet::compile(sources, rules::Dialect::eventbridge, paths));
  result_.name = config_.name;
  for (const SchemaConfig& schema : config_.schemas) {
    std::uint32_t queue = UINT32_MAX;
    if (schema.on_mismatch == SchemaConfig::OnMismatch::quarantine) {
      queue = find_queue(schema.quarantine_queue, "schema " + schema.name);
    }
    quarantine_.push_back(queue);
    result_.schemas.push_back(SchemaResult{schema.name, 0});
  }
  send_message_ = books_.calls.counter("bus:" + config_.name, call_kind::kSendMessage);
}

Bus::~Bus() = default;

std::uint32_t Bus::find_queue(const std::string& name, const std::string& user) const {
  for (std::uint32_t q = 0; q < queues_.size(); ++q) {
    if (queues_[q]->name() == name) return q;
  }
  throw std::invalid_argument("bus " + config_.name + ", " + user + ": no queue named " + name);
}

rules::PathTable& Bus::paths() {
  return rules_->paths();
}

SchemaRegistry::Check Bus::route(const rules::Event& event, std::vector<std::uint32_t>& queues) {
  matched_.clear();
  rules_->match(event, buffers_, matched_);
  const SchemaRegistry::Check check = schemas_->check(event, matched_);
  if (check.verdict == SchemaVerdict::rejected) return check;
  if (check.verdict == SchemaVerdict::quarantined) {
    queues.push_back(quarantine_[check.schema]);
    return check;
  }
  for (const std::uint32_t rule : matched_) {
    if (rule >= rule_targets_.size()) break;  // a schema's selector
    for (const std::uint32_t q : rule_targets_[rule]) queues.push_back(q);
  }
  return check;
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
                    std::span<const std::uint32_t> queues, bool claim_checked,
                    SchemaRegistry::Check schema) {
  if (size > config_.max_entry_size) {
    ++books_.events.rejected_at_ingest;
    return;
  }
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
    ++books_.events.rejected_at_ingest;
    return;
  }
  ++result_.put_events_entries;
  if (queues.empty()) {
    ++books_.events.unrouted;
    return;
  }
  ++result_.matched_events;
  ++books_.events.routed_events;
  const Duration api = config_.api_latency.sample(rng_);
  for (const std::uint32_t q : queues) {
    ++books_.events.copies;
    std::uint32_t slot;
    if (free_.empty()) {
      slot = static_cast<std::uint32_t>(deliveries_.size());
      deliveries_.emplace_back();
    } else {
      slot = free_.back();
      free_.pop_back();
    }
    deliveries_[slot] = Delivery{event, produced, size, q, claim_checked};
    const Duration latency = api + config_.delivery_latency.sample(rng_);
    const Duration wait = invocation_quota_.reserve(kernel_.now() + latency);
    if (wait > Duration::zero()) ++result_.delayed_invocations;
    kernel_.schedule_in(latency + wait, id_, deliver, slot);
  }
}

void Bus::handle(Kernel&, const Event& event) {
  if (event.kind == quota_change) {
    put_quota_.set_rate(kernel_.now(), put_events_rate(kernel_.now()));
    return;
  }
  const auto slot = static_cast<std::uint32_t>(event.data);
  const Delivery d = deliveries_[slot];
  free_.push_back(slot);
  ++result_.invocations;
  books_.calls.add(send_message_, 1, billing_units(Bytes{d.size}));
  MessageKeys keys;
  keys.claim_checked = d.claim_checked;
  queues_[d.queue]->send(d.event, d.produced, d.size, keys);
}

}  // namespace edasim
