#include "sim/model/producers/producer.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>

#include <cstring>

#include "sim/model/support/event_sources.hpp"
#include "sim/rules/hash.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim::model {

namespace {

// The factory of a producer's events: its templates, or the archive it
// replays.
EventFactory make_factory(const ProducerConfig& config) {
  if (config.archive != nullptr) return EventFactory(*config.archive);
  return EventFactory(config.templates);
}

}  // namespace

std::uint64_t Producer::event_base(std::string_view name, std::span<const std::uint64_t> taken) {
  constexpr int kSequenceBits = kEventSequenceBits;
  std::uint64_t prefix = core::fnv1a64(name) >> kSequenceBits;
  while (std::find(taken.begin(), taken.end(), prefix << kSequenceBits) != taken.end())
    prefix = (prefix + 1) & ((std::uint64_t{1} << (64 - kSequenceBits)) - 1);
  return prefix << kSequenceBits;
}

Producer::Producer(ProducerConfig config, std::uint64_t event_base, const Context& context)
    : config_(std::move(config)),
      event_base_(event_base),
      kernel_(context.kernel),
      books_(context.books),
      profile_(config_.arrival.rate, config_.arrival.profile),
      arrivals_(context.seed, "producer:" + config_.name + "/arrivals"),
      contents_seed_(core::stream_seed(context.seed, "producer:" + config_.name + "/events")),
      duplicates_(context.seed, "producer:" + config_.name + "/duplicates"),
      factory_(make_factory(config_)),
      requests_(context.kernel,
                core::RandomStream(context.seed, "producer:" + config_.name + "/sdk-retry")) {
  if (config_.claim_check) {
    claim_check_put_ =
        books_.calls.counter("producer:" + config_.name, metrics::call_kind::kS3PutObject);
  }
  if (context.sources != nullptr) {
    if (config_.archive != nullptr) {
      context.sources->add(event_base_, *config_.archive);
    } else {
      context.sources->add(event_base_, config_.templates, contents_seed_);
    }
  }
  entries_.reserve(static_cast<std::size_t>(config_.batch_size));
  for (std::uint32_t i = 0; i < factory_.paths().size(); ++i) {
    const std::string path = dotted(factory_.paths()[i]);
    if (path == config_.message_group_field) group_path_ = i;
    if (path == config_.deduplication_field) deduplication_path_ = i;
  }
}

void Producer::send_to(std::unique_ptr<Destination> destination) {
  destination_ = std::move(destination);
  path_ids_.clear();
  if (rules::PathTable* paths = destination_->paths()) path_ids_ = intern_paths(factory_, *paths);
  attribute_paths_.clear();
  if (rules::PathTable* attributes = destination_->attribute_paths()) {
    for (const auto& [attribute, field] : config_.message_attributes) {
      for (std::uint32_t i = 0; i < factory_.paths().size(); ++i) {
        if (dotted(factory_.paths()[i]) == field) {
          attribute_paths_.emplace_back(i, attributes->intern(attribute));
        }
      }
    }
  }
  key_path_ = UINT32_MAX;
  if (destination_->keyed()) {
    for (std::uint32_t i = 0; i < factory_.paths().size(); ++i) {
      if (dotted(factory_.paths()[i]) == config_.key) key_path_ = i;
    }
  }
}

MessageKeys Producer::message_keys() const {
  MessageKeys keys;
  if (group_path_ == UINT32_MAX && deduplication_path_ == UINT32_MAX) return keys;
  bool group_seen = false;
  for (const EventLeaf& leaf : factory_.content().leaves()) {
    if (leaf.group != 0) continue;
    if (leaf.path == group_path_) {
      keys.group = field_key(leaf.value);
      group_seen = true;
    }
    if (leaf.path == deduplication_path_) keys.deduplication = field_key(leaf.value);
  }
  if (!group_seen) keys.group = field_key(rules::Value::of_string(""));
  return keys;
}

void Producer::first_attempt(const Entry& e, std::span<const std::uint32_t> routes) {
  if (config_.duplicate_send_probability <= 0) return;
  if (!duplicates_.bernoulli(config_.duplicate_send_probability)) return;
  const std::uint32_t slot = resends_.add(e);
  if (resend_routes_.size() <= slot) resend_routes_.resize(slot + 1);
  resend_routes_[slot].assign(routes.begin(), routes.end());
  kernel_.schedule_in(config_.duplicate_send_delay, id_, resend, slot);
}

void Producer::send_again(std::uint32_t slot) {
  const Entry e = resends_[slot];
  resends_.remove(slot);
  destination_->send_duplicate(e, resend_routes_[slot]);
}

Producer::~Producer() = default;

std::uint64_t Producer::key_hash(std::uint64_t number) const {
  if (key_path_ != UINT32_MAX) {
    for (const EventLeaf& leaf : factory_.content().leaves()) {
      if (leaf.path != key_path_) continue;
      // FNV-1a over the value's text, or over a number's bits.
      std::uint64_t h = 0xcbf29ce484222325ULL;
      if (leaf.value.kind == rules::ValueKind::string) {
        for (const char ch : leaf.value.text)
          h = (h ^ static_cast<unsigned char>(ch)) * 0x100000001b3ULL;
      } else {
        h ^= std::bit_cast<std::uint64_t>(leaf.value.number) +
             static_cast<std::uint64_t>(leaf.value.kind);
      }
      return core::mix64(h);
    }
  }
  return core::mix64(number);
}

void Producer::mark_poison(const std::vector<std::string>& patterns) {
  std::vector<rules::RuleSource> sources;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    sources.push_back({"poison-" + std::to_string(i), patterns[i]});
  }
  poison_ = std::make_unique<rules::RuleSet>(rules::RuleSet::compile(sources));
  poison_path_ids_ = intern_paths(factory_, poison_->paths());
}

std::uint32_t Producer::poison_mask() {
  build_event(poison_path_ids_, poison_event_);
  poison_matched_.clear();
  poison_->match(poison_event_, poison_buffers_, poison_matched_);
  std::uint32_t mask = 0;
  for (const std::uint32_t rule : poison_matched_) mask |= std::uint32_t{1} << rule;
  return mask;
}

const rules::Event& Producer::rules_event() {
  build_event(path_ids_, event_);
  return event_;
}

void Producer::build_event(const std::vector<rules::PathId>& ids, rules::Event& out) {
  build_rules_event(factory_, ids, out);
}

const rules::Event& Producer::attribute_event() {
  attributes_.clear();
  for (const EventLeaf& leaf : factory_.content().leaves()) {
    if (leaf.group != 0) continue;
    for (const auto& [field, attribute] : attribute_paths_) {
      if (leaf.path == field) attributes_.add(attribute, leaf.value, rules::Event::top);
    }
  }
  return attributes_;
}

SchemaRegistry::Check Producer::route(std::vector<std::uint32_t>& out, Entry& e) {
  // Events are built only for a destination that reads them.
  if (destination_->paths() == nullptr) return {};
  const rules::Event& body = rules_event();
  const rules::Event& attributes =
      destination_->attribute_paths() != nullptr ? attribute_event() : attributes_;
  return destination_->route(body, attributes, out, e);
}

void Producer::start(Time end) {
  stop_ = end;
  if (config_.stop_after != Duration::max())
    stop_ = std::min(end, Time::zero() + config_.stop_after);
  // Nothing comes once the profile has fallen silent for good (recorded
  // traffic that ends before the run): no candidates or probes until the end.
  stop_ = std::min(stop_, profile_.silent_from());
  schedule_next_arrival();
}

void Producer::schedule_next_arrival() {
  const double peak = profile_.peak();
  if (peak <= 0) return;
  Time t = kernel_.now();
  if (config_.arrival.process == ArrivalConfig::Process::archive) {
    // The next archived event, the one produce() will replay: events are
    // numbered in replay order.
    const std::vector<ArchivedEvent>& events = config_.archive->events;
    if (sequence_ >= events.size()) return;
    t = Time::zero() + events[static_cast<std::size_t>(sequence_)].at;
  } else if (config_.arrival.process == ArrivalConfig::Process::constant) {
    const double rate = profile_.at(t);
    // A constant process at rate zero waits for the profile to rise again:
    // probe at the peak's spacing.
    t += from_seconds(1.0 / (rate > 0 ? rate : peak));
    if (rate <= 0) {
      if (t < stop_) kernel_.schedule(t, id_, arrival, 1);
      return;
    }
  } else if (config_.arrival.process == ArrivalConfig::Process::exact) {
    if (!next_exact_arrival(t)) return;
  } else {
    // A non-homogeneous Poisson process by thinning: candidates at the peak
    // rate, each kept with probability rate(t) / peak.
    for (;;) {
      t += from_seconds(-std::log(arrivals_.uniform_open()) / peak);
      if (t >= stop_) return;
      if (arrivals_.uniform() * peak < profile_.at(t)) break;
    }
  }
  if (t < stop_) kernel_.schedule(t, id_, arrival, 0);
}

bool Producer::next_exact_arrival(Time& t) {
  const RecordedTraffic& recorded = *config_.arrival.recorded;
  const Duration period = recorded.period;
  while (exact_left_ == 0) {
    if (++exact_period_ >= static_cast<std::int64_t>(recorded.counts.size())) return false;
    exact_left_ = recorded.counts[static_cast<std::size_t>(exact_period_)];
    exact_last_ = Time::zero() + period * exact_period_;
  }
  // The period's n events at independent uniform times, placed in order:
  // the least of the k still to place, after the last one placed, is at a
  // fraction 1 - U^(1/k) of the time left in the period.
  const Time end = Time::zero() + period * (exact_period_ + 1);
  const double span = static_cast<double>((end - exact_last_).ns);
  const double fraction =
      1.0 - std::pow(arrivals_.uniform_open(), 1.0 / static_cast<double>(exact_left_));
  Time next = exact_last_ + Duration{static_cast<std::int64_t>(span * fraction)};
  if (next >= end) next = end - nanoseconds(1);
  --exact_left_;
  exact_last_ = next;
  t = next;
  return true;
}

void Producer::handle(core::Kernel&, const core::Event& event) {
  switch (event.kind) {
    case arrival:
      if (event.data == 0) produce();
      schedule_next_arrival();
      return;
    case flush:
      if (static_cast<std::uint32_t>(event.data) == flush_generation_ && !entries_.empty())
        send_batch();
      return;
    case retry_put:
      requests_.retry(*destination_, *this, static_cast<std::uint32_t>(event.data));
      return;
    case resend:
      send_again(static_cast<std::uint32_t>(event.data));
      return;
    default:
      return;
  }
}

void Producer::produce() {
  const std::uint64_t number = event_base_ | sequence_;
  std::int64_t size = factory_.generate_event(contents_seed_, sequence_);
  ++sequence_;
  ++books_.events.produced;
  for (const auto& watcher : production_watchers_) watcher(number, kernel_.now());
  std::uint64_t state = fingerprint_ ^ static_cast<std::uint64_t>(kernel_.now().ns);
  state = core::splitmix64(state) ^ number ^ (static_cast<std::uint64_t>(size) << 40);
  fingerprint_ = core::splitmix64(state);
  MessageKeys keys = message_keys();
  if (config_.claim_check && size > config_.claim_check->threshold) {
    books_.calls.add(claim_check_put_, 1, 1);
    size = config_.claim_check->reference_size;
    keys.claim_checked = true;
  }
  if (poison_ != nullptr) keys.poison = poison_mask();
  Entry e{number, kernel_.now(),
          size,   static_cast<std::uint32_t>(routes_.size()),
          0,      destination_->keyed() ? key_hash(number) : 0,
          keys,   0,
          {}};
  e.schema = route(routes_, e);
  e.route_count = static_cast<std::uint32_t>(routes_.size()) - e.route_begin;
  entries_.push_back(e);
  if (static_cast<std::int32_t>(entries_.size()) >= config_.batch_size) {
    send_batch();
  } else if (entries_.size() == 1) {
    kernel_.schedule_in(config_.batch_window, id_, flush, ++flush_generation_);
  }
}

void Producer::send_batch() {
  requests_.request(*destination_, *this, entries_, routes_);
  entries_.clear();
  routes_.clear();
  ++flush_generation_;
}

std::uint64_t Producer::sampled(std::uint64_t i, std::uint64_t count) const {
  // An archive's events spread over the whole file, not its first `count`.
  if (config_.archive == nullptr || count == 0) return i;
  const auto events = static_cast<std::uint64_t>(config_.archive->events.size());
  return static_cast<std::uint64_t>(static_cast<double>(i) * static_cast<double>(events) /
                                    static_cast<double>(count));
}

std::uint64_t Producer::sample_routed(std::uint64_t count) {
  if (!destination_->routes()) return count;
  core::RandomStream rng(core::stream_seed(0, "check:" + config_.name));
  std::vector<std::uint32_t> routes;
  std::uint64_t routed = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    factory_.generate(rng, sampled(i, count));
    routes.clear();
    Entry scratch;
    route(routes, scratch);
    if (!routes.empty()) ++routed;
  }
  return routed;
}

void Producer::sample_offered(std::uint64_t count, OfferedLoad& load) {
  if (count == 0) return;
  core::RandomStream rng(core::stream_seed(0, "check:" + config_.name));
  std::vector<std::uint32_t> routes;
  for (std::uint64_t i = 0; i < count; ++i) {
    Entry e;
    e.size = factory_.generate(rng, sampled(i, count));
    if (config_.claim_check && e.size > config_.claim_check->threshold)
      e.size = config_.claim_check->reference_size;
    if (destination_->keyed()) e.key = key_hash(event_base_ | i);
    routes.clear();
    route(routes, e);
    destination_->offer(OfferSample{e, routes, 1.0 / static_cast<double>(count),
                                    static_cast<double>(config_.batch_size)},
                        load);
  }
}

}  // namespace edasim::model
