#include "sim/model/producers/producer.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <utility>

#include <cstring>

#include "sim/model/bus/bus.hpp"
#include "sim/model/requests/chain.hpp"
#include "sim/model/requests/polling.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/streams/stream.hpp"
#include "sim/model/topics/topic.hpp"
#include "sim/rules/hash.hpp"
#include "sim/rules/rule_set.hpp"

namespace edasim {

namespace {

std::string dotted(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& segment : path) {
    if (!out.empty()) out += '.';
    out += segment;
  }
  return out;
}

// A well-mixed 64-bit hash of one word (`x` is a copy the step may advance).
std::uint64_t mix(std::uint64_t x) {
  return splitmix64(x);
}

// A field's value as a 64-bit key (a group or deduplication id).
std::uint64_t key_of(const rules::Value& v) {
  switch (v.kind) {
    case rules::ValueKind::string:
      return rules::hash_bytes(v.text, 0x5eed);
    case rules::ValueKind::number: {
      std::uint64_t bits;
      std::memcpy(&bits, &v.number, sizeof bits);
      return mix(bits);
    }
    default:
      return mix(static_cast<std::uint64_t>(v.kind) + 1);
  }
}

}  // namespace

std::uint64_t Producer::event_base(std::string_view name, std::span<const std::uint64_t> taken) {
  constexpr int kSequenceBits = 40;
  std::uint64_t prefix = fnv1a64(name) >> kSequenceBits;
  while (std::find(taken.begin(), taken.end(), prefix << kSequenceBits) != taken.end())
    prefix = (prefix + 1) & ((std::uint64_t{1} << (64 - kSequenceBits)) - 1);
  return prefix << kSequenceBits;
}

Producer::Producer(ProducerConfig config, std::uint64_t event_base, std::uint64_t seed,
                   Kernel& kernel, Books& books, Bus* bus, Queue* queue, Topic* topic, Chain* chain)
    : config_(std::move(config)),
      event_base_(event_base),
      kernel_(kernel),
      books_(books),
      bus_(bus),
      queue_(queue),
      topic_(topic),
      chain_(chain),
      profile_(config_.arrival.rate, config_.arrival.profile),
      arrivals_(seed, "producer:" + config_.name + "/arrivals"),
      contents_(seed, "producer:" + config_.name + "/events"),
      duplicates_(seed, "producer:" + config_.name + "/duplicates"),
      factory_(config_.templates),
      sdk_retry_rng_(seed, "producer:" + config_.name + "/sdk-retry") {
  const std::string component = "producer:" + config_.name;
  put_events_ = books_.calls.counter(component, call_kind::kPutEvents);
  const bool fifo = queue != nullptr && queue->config().fifo.has_value();
  send_message_ = books_.calls.counter(component, call_kind::kSendMessage, fifo);
  send_message_batch_ = books_.calls.counter(component, call_kind::kSendMessageBatch, fifo);
  if (topic_ != nullptr) {
    publish_ = books_.calls.counter(component, call_kind::kPublish);
    publish_batch_ = books_.calls.counter(component, call_kind::kPublishBatch);
  }
  if (config_.claim_check) {
    claim_check_put_ = books_.calls.counter(component, call_kind::kS3PutObject);
  }
  entries_.reserve(static_cast<std::size_t>(config_.batch_size));
  rules::PathTable* paths = bus_ != nullptr     ? &bus_->paths()
                            : topic_ != nullptr ? &topic_->body_paths()
                                                : nullptr;
  if (paths != nullptr) {
    for (const auto& path : factory_.paths()) path_ids_.push_back(paths->intern(dotted(path)));
  }
  if (topic_ != nullptr) {
    for (const auto& [attribute, field] : config_.message_attributes) {
      for (std::uint32_t i = 0; i < factory_.paths().size(); ++i) {
        if (dotted(factory_.paths()[i]) == field) {
          attribute_paths_.emplace_back(i, topic_->attribute_paths().intern(attribute));
        }
      }
    }
  }
  for (std::uint32_t i = 0; i < factory_.paths().size(); ++i) {
    const std::string path = dotted(factory_.paths()[i]);
    if (path == config_.message_group_field) group_path_ = i;
    if (path == config_.deduplication_field) deduplication_path_ = i;
  }
}

MessageKeys Producer::message_keys() const {
  MessageKeys keys;
  if (group_path_ == UINT32_MAX && deduplication_path_ == UINT32_MAX) return keys;
  bool group_seen = false;
  for (const EventLeaf& leaf : factory_.content().leaves()) {
    if (leaf.group != 0) continue;
    if (leaf.path == group_path_) {
      keys.group = key_of(leaf.value);
      group_seen = true;
    }
    if (leaf.path == deduplication_path_) keys.deduplication = key_of(leaf.value);
  }
  if (!group_seen) keys.group = key_of(rules::Value::of_string(""));
  return keys;
}

void Producer::maybe_resend(const Entry& e) {
  if (config_.duplicate_send_probability <= 0) return;
  if (!duplicates_.bernoulli(config_.duplicate_send_probability)) return;
  const std::uint32_t slot = resends_.add(e);
  if (topic_ != nullptr) {
    if (resend_routes_.size() <= slot) resend_routes_.resize(slot + 1);
    const auto routes =
        std::span<const std::uint32_t>(routes_).subspan(e.route_begin, e.route_count);
    resend_routes_[slot].assign(routes.begin(), routes.end());
  }
  kernel_.schedule_in(config_.duplicate_send_delay, id_, resend, slot);
}

void Producer::send_again(std::uint32_t slot) {
  const Entry e = resends_[slot];
  resends_.remove(slot);
  if (topic_ != nullptr) {
    const Topic::Admission a =
        topic_->publish(e.event, e.produced, e.size, e.keys, resend_routes_[slot], true);
    // A duplicate send over the quota is not sent again: its copy is lost.
    if (a == Topic::Admission::throttled) {
      ++books_.events.copies;
      ++books_.events.rejected;
    }
    books_.calls.add(publish_, 1,
                     a == Topic::Admission::accepted ? billing_units(Bytes{e.size}) : 0);
    return;
  }
  books_.calls.add(send_message_, 1, billing_units(Bytes{e.size}));
  ++books_.events.copies;
  if (queue_->admit_send(1)) queue_->send(e.event, e.produced, e.size, e.keys);
}

Producer::~Producer() = default;

void Producer::send_to_each(std::vector<Queue*> queues, const std::vector<std::string>& wants) {
  queues_ = std::move(queues);
  const std::string component = "producer:" + config_.name;
  for (const Queue* q : queues_) {
    const bool fifo = q->config().fifo.has_value();
    queue_sends_.push_back({books_.calls.counter(component, call_kind::kSendMessage, fifo),
                            books_.calls.counter(component, call_kind::kSendMessageBatch, fifo)});
  }
  std::vector<rules::RuleSource> sources;
  wanting_rule_.assign(queues_.size(), UINT32_MAX);
  for (std::size_t i = 0; i < queues_.size() && i < wants.size(); ++i) {
    if (wants[i].empty()) continue;
    wanting_rule_[i] = static_cast<std::uint32_t>(sources.size());
    sources.push_back({queues_[i]->name(), wants[i]});
  }
  if (sources.empty()) return;
  wants_ = std::make_unique<rules::RuleSet>(rules::RuleSet::compile(sources));
  path_ids_.clear();
  for (const auto& path : factory_.paths()) {
    std::string dotted;
    for (const std::string& segment : path) {
      if (!dotted.empty()) dotted += '.';
      dotted += segment;
    }
    path_ids_.push_back(wants_->paths().intern(dotted));
  }
}

void Producer::write_to(Stream& stream) {
  stream_ = &stream;
  put_records_ = books_.calls.counter("producer:" + config_.name, stream.put_call());
  const auto& paths = factory_.paths();
  for (std::uint32_t i = 0; i < paths.size(); ++i) {
    std::string dotted;
    for (const std::string& segment : paths[i]) {
      if (!dotted.empty()) dotted += '.';
      dotted += segment;
    }
    if (dotted == config_.key) key_path_ = i;
  }
}

namespace {
// splitmix64's finaliser, so that similar keys land on unrelated partitions.
std::uint64_t spread(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

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
      return spread(h);
    }
  }
  return spread(number);
}

void Producer::mark_poison(const std::vector<std::string>& patterns) {
  std::vector<rules::RuleSource> sources;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    sources.push_back({"poison-" + std::to_string(i), patterns[i]});
  }
  poison_ = std::make_unique<rules::RuleSet>(rules::RuleSet::compile(sources));
  poison_path_ids_.clear();
  for (const auto& path : factory_.paths()) {
    poison_path_ids_.push_back(poison_->paths().intern(dotted(path)));
  }
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
  const EventContent& content = factory_.content();
  out.clear();
  std::uint32_t group = 0;
  rules::ElementId element = rules::Event::top;
  std::size_t array = SIZE_MAX;
  rules::ArrayId array_id = 0;
  for (const EventLeaf& leaf : content.leaves()) {
    if (leaf.group != group) {
      group = leaf.group;
      const std::size_t a = (group - 1) >> 16;
      if (a != array) {
        array = a;
        array_id = out.add_array(ids[factory_.array_path(content.template_index(), a)]);
      }
      element = out.add_element(array_id);
    }
    out.add(ids[leaf.path], leaf.value, leaf.group == 0 ? rules::Event::top : element);
  }
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

SchemaRegistry::Check Producer::route(std::vector<std::uint32_t>& out) {
  if (topic_ != nullptr) topic_->route(rules_event(), attribute_event(), out);
  return bus_ != nullptr ? bus_->route(rules_event(), out) : SchemaRegistry::Check{};
}

void Producer::start(Time end) {
  stop_ = end;
  if (config_.stop_after != Duration::max())
    stop_ = std::min(end, Time::zero() + config_.stop_after);
  schedule_next_arrival();
}

void Producer::schedule_next_arrival() {
  const double peak = profile_.peak();
  if (peak <= 0) return;
  Time t = kernel_.now();
  if (config_.arrival.process == ArrivalConfig::Process::constant) {
    const double rate = profile_.at(t);
    // A constant process at rate zero waits for the profile to rise again:
    // probe at the peak's spacing.
    t += from_seconds(1.0 / (rate > 0 ? rate : peak));
    if (rate <= 0) {
      if (t < stop_) kernel_.schedule(t, id_, arrival, 1);
      return;
    }
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

void Producer::handle(Kernel&, const Event& event) {
  switch (event.kind) {
    case arrival:
      if (event.data == 0) produce();
      schedule_next_arrival();
      return;
    case flush:
      if (static_cast<std::uint32_t>(event.data) == flush_generation_ && !entries_.empty())
        send_batch();
      return;
    case retry_put: {
      const auto slot = static_cast<std::uint32_t>(event.data);
      Retry& r = retries_[slot];
      retrying_entries_ -= r.entries.size();
      if (topic_ != nullptr) {
        publish(r.entries, r.routes, r.attempts + 1, slot);
      } else {
        put_events(r.entries, r.routes, r.attempts + 1, slot);
      }
      return;
    }
    case resend:
      send_again(static_cast<std::uint32_t>(event.data));
      return;
    default:
      return;
  }
}

void Producer::produce() {
  const std::uint64_t number = event_base_ | sequence_;
  std::int64_t size = factory_.generate(contents_, sequence_);
  ++sequence_;
  ++books_.events.produced;
  std::uint64_t state = fingerprint_ ^ static_cast<std::uint64_t>(kernel_.now().ns);
  state = splitmix64(state) ^ number ^ (static_cast<std::uint64_t>(size) << 40);
  fingerprint_ = splitmix64(state);
  MessageKeys keys = message_keys();
  if (config_.claim_check && size > config_.claim_check->threshold) {
    books_.calls.add(claim_check_put_, 1, 1);
    size = config_.claim_check->reference_size;
    keys.claim_checked = true;
  }
  if (poison_ != nullptr) keys.poison = poison_mask();
  Entry e{number, kernel_.now(),
          size,   static_cast<std::uint32_t>(routes_.size()),
          0,      stream_ != nullptr ? key_hash(number) : 0,
          keys,   0,
          {}};
  e.schema = route(routes_);
  e.route_count = static_cast<std::uint32_t>(routes_.size()) - e.route_begin;
  if (wants_ != nullptr) {
    wanted_.clear();
    wants_->match(rules_event(), wants_buffers_, wanted_);
    for (std::size_t i = 0; i < queues_.size(); ++i) {
      const std::uint32_t rule = wanting_rule_[i];
      if (rule != UINT32_MAX && std::find(wanted_.begin(), wanted_.end(), rule) == wanted_.end())
        e.unwanted |= std::uint64_t{1} << i;
    }
  }
  entries_.push_back(e);
  if (static_cast<std::int32_t>(entries_.size()) >= config_.batch_size) {
    send_batch();
  } else if (entries_.size() == 1) {
    kernel_.schedule_in(config_.batch_window, id_, flush, ++flush_generation_);
  }
}

void Producer::send_batch() {
  std::int64_t bytes = 0;
  for (const Entry& e : entries_) bytes += e.size;
  if (chain_ != nullptr) {
    for (const Entry& e : entries_) {
      chain_->request(e.event, e.produced, e.size,
                      std::span<const std::uint32_t>(routes_).subspan(e.route_begin, e.route_count),
                      e.schema);
    }
  } else if (bus_ != nullptr) {
    put_events(entries_, routes_, 1, UINT32_MAX);
  } else if (!sources_.empty()) {
    for (const Entry& e : entries_) {
      ++books_.events.routed_events;
      for (Poller* source : sources_) {
        ++books_.events.copies;
        source->record(e.event, e.produced);
      }
    }
  } else if (!queues_.empty()) {
    // One request per queue: nothing fans out for the producer.
    for (std::size_t q = 0; q < queues_.size(); ++q) {
      books_.calls.add(entries_.size() == 1 ? queue_sends_[q].first : queue_sends_[q].second, 1,
                       billing_units(Bytes{bytes}));
      for (const Entry& e : entries_) {
        ++books_.events.copies;
        queues_[q]->send(e.event, e.produced, e.size, e.keys, ((e.unwanted >> q) & 1) != 0);
      }
    }
    books_.events.routed_events += entries_.size();
  } else if (stream_ != nullptr) {
    // Kinesis bills 25 KB payload units of the records it ingests, so the
    // units are counted after the shards have admitted or throttled each
    // record; a Kafka request is one unit.
    const std::uint64_t units_before = stream_->admitted_put_units();
    for (const Entry& e : entries_) stream_->put(e.event, e.produced, e.size, e.key);
    const bool kafka = stream_->config().kind == StreamConfig::Kind::kafka;
    books_.calls.add(put_records_, 1, kafka ? 1 : stream_->admitted_put_units() - units_before);
  } else if (topic_ != nullptr) {
    publish(entries_, routes_, 1, UINT32_MAX);
  } else {
    if (entries_.size() == 1) {
      books_.calls.add(send_message_, 1, billing_units(Bytes{bytes}));
    } else {
      books_.calls.add(send_message_batch_, 1, billing_units(Bytes{bytes}));
    }
    const bool admitted = queue_->admit_send(static_cast<std::uint32_t>(entries_.size()));
    for (const Entry& e : entries_) {
      ++books_.events.routed_events;
      ++books_.events.copies;
      if (admitted) queue_->send(e.event, e.produced, e.size, e.keys);
      maybe_resend(e);
    }
  }
  entries_.clear();
  routes_.clear();
  ++flush_generation_;
}

void Producer::put_events(std::vector<Entry>& entries, std::vector<std::uint32_t>& routes,
                          std::uint32_t attempts, std::uint32_t slot) {
  const bool admitted = bus_->admit_put_events(kernel_.now());
  // EventBridge bills each 64 KB chunk of each accepted entry as one event; a
  // throttled request ingests nothing.
  std::uint64_t units = 0;
  if (admitted) {
    for (const Entry& e : entries) units += billing_units(Bytes{e.size});
  }
  books_.calls.add(put_events_, 1, units);
  if (admitted) {
    retry_tokens_ = std::min<std::int64_t>(500, retry_tokens_ + (attempts == 1 ? 1 : 5));
    for (const Entry& e : entries) {
      bus_->put_event(e.event, e.produced, e.size,
                      std::span<const std::uint32_t>(routes).subspan(e.route_begin, e.route_count),
                      e.keys.claim_checked, e.schema, e.keys.poison);
    }
    if (slot != UINT32_MAX) free_retries_.push_back(slot);
    return;
  }
  bus_->count_throttled(entries.size());
  if (!retry_later(entries, routes, attempts, slot)) books_.events.throttled += entries.size();
}

void Producer::publish(std::vector<Entry>& entries, std::vector<std::uint32_t>& routes,
                       std::uint32_t attempts, std::uint32_t slot) {
  std::int64_t bytes = 0;
  failed_.clear();
  failed_routes_.clear();
  bool refused = false;
  for (const Entry& e : entries) {
    bytes += e.size;
    const auto subscriptions =
        std::span<const std::uint32_t>(routes).subspan(e.route_begin, e.route_count);
    const Topic::Admission a =
        topic_->publish(e.event, e.produced, e.size, e.keys, subscriptions, false);
    if (a == Topic::Admission::throttled) {
      Entry& f = failed_.emplace_back(e);
      f.route_begin = static_cast<std::uint32_t>(failed_routes_.size());
      failed_routes_.insert(failed_routes_.end(), subscriptions.begin(), subscriptions.end());
    }
    refused = refused || a != Topic::Admission::accepted;
    // Duplicate sends are drawn once per event, when it is first sent.
    if (attempts == 1) maybe_resend(e);
  }
  // A PublishBatch succeeds as a request and answers entry by entry, so it
  // is billed whole; a single Publish refused at ingest is an error, not
  // billed.
  if (entries.size() == 1) {
    books_.calls.add(publish_, 1, refused ? 0 : billing_units(Bytes{bytes}));
  } else {
    books_.calls.add(publish_batch_, 1, billing_units(Bytes{bytes}));
  }
  if (failed_.empty()) {
    retry_tokens_ = std::min<std::int64_t>(500, retry_tokens_ + (attempts == 1 ? 1 : 5));
    if (slot != UINT32_MAX) free_retries_.push_back(slot);
    return;
  }
  const std::uint64_t failed = failed_.size();
  if (!retry_later(failed_, failed_routes_, attempts, slot)) topic_->drop_throttled(failed);
}

bool Producer::retry_later(std::vector<Entry> failed, std::vector<std::uint32_t> routes,
                           std::uint32_t attempts, std::uint32_t slot) {
  if (attempts >= static_cast<std::uint32_t>(sdk_retry_.max_attempts) || retry_tokens_ < 5) {
    if (slot != UINT32_MAX) free_retries_.push_back(slot);
    return false;
  }
  retry_tokens_ -= 5;
  ++throttle_retries_;
  if (slot == UINT32_MAX) {
    if (free_retries_.empty()) {
      slot = static_cast<std::uint32_t>(retries_.size());
      retries_.emplace_back();
    } else {
      slot = free_retries_.back();
      free_retries_.pop_back();
    }
    retries_[slot].last_delay = Duration::zero();
  }
  Retry& r = retries_[slot];
  r.entries = std::move(failed);
  r.routes = std::move(routes);
  r.attempts = attempts;
  r.last_delay = sdk_retry_.delay(attempts - 1, r.last_delay, sdk_retry_rng_);
  retrying_entries_ += r.entries.size();
  kernel_.schedule_in(r.last_delay, id_, retry_put, slot);
  return true;
}

std::uint64_t Producer::sample_routed(std::uint64_t count) {
  if (bus_ == nullptr && topic_ == nullptr) return count;
  RandomStream rng(stream_seed(0, "check:" + config_.name));
  std::vector<std::uint32_t> routes;
  std::uint64_t routed = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    factory_.generate(rng, i);
    routes.clear();
    route(routes);
    if (!routes.empty()) ++routed;
  }
  return routed;
}

}  // namespace edasim
