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
      std::uint32_t found = UINT32_MAX;
      for (std::uint32_t q = 0; q < queues_.size(); ++q) {
        if (queues_[q]->name() == target) found = q;
      }
      if (found == UINT32_MAX) {
        throw std::invalid_argument("bus " + config_.name + ", rule " + rule.name +
                                    ": no queue named " + target);
      }
      targets.push_back(found);
    }
    rule_targets_.push_back(std::move(targets));
  }
  rules_ = std::make_unique<rules::RuleSet>(rules::RuleSet::compile(sources));
  result_.name = config_.name;
  send_message_ = books_.calls.counter("bus:" + config_.name, call_kind::kSendMessage);
}

Bus::~Bus() = default;

rules::PathTable& Bus::paths() {
  return rules_->paths();
}

void Bus::route(const rules::Event& event, std::vector<std::uint32_t>& queues) {
  matched_.clear();
  rules_->match(event, buffers_, matched_);
  for (const std::uint32_t rule : matched_) {
    for (const std::uint32_t q : rule_targets_[rule]) queues.push_back(q);
  }
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
                    std::span<const std::uint32_t> queues, bool claim_checked) {
  if (size > config_.max_entry_size) {
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
