#include "sim/model/fleet.hpp"

#include <algorithm>
#include <utility>

namespace edasim {

namespace {
// splitmix64's finaliser: a well-mixed 64-bit hash of one word.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

Fleet::Fleet(FleetConfig config, Queue& queue, std::uint64_t seed, Kernel& kernel, Books& books)
    : config_(std::move(config)),
      queue_(queue),
      kernel_(kernel),
      books_(books),
      processing_rng_(seed, "consumer:" + config_.name + "/processing"),
      failure_rng_(seed, "consumer:" + config_.name + "/failures"),
      latency_rng_(seed, "consumer:" + config_.name + "/latency"),
      poison_key_(stream_seed(seed, "consumer:" + config_.name + "/poison")) {
  pollers_.resize(static_cast<std::size_t>(config_.instances) *
                  static_cast<std::size_t>(config_.pollers_per_instance));
  const std::string component = "consumer:" + config_.name;
  receive_ = books_.calls.counter(component, call_kind::kReceiveMessage);
  empty_receive_ = books_.calls.counter(component, call_kind::kEmptyReceive);
  delete_ = books_.calls.counter(component, call_kind::kDeleteMessage);
  delete_batch_ = books_.calls.counter(component, call_kind::kDeleteMessageBatch);
  change_visibility_ = books_.calls.counter(component, call_kind::kChangeMessageVisibility);
  for (const auto& [api, count] : config_.calls) {
    downstream_.emplace_back(books_.calls.counter(component, api), count);
  }
}

void Fleet::start() {
  for (std::uint32_t p = 0; p < pollers_.size(); ++p)
    kernel_.schedule_in(Duration::zero(), id_, poll, p);
}

void Fleet::issue_receive(std::uint32_t poller) {
  queue_.receive(*this, poller, config_.batch_size, config_.wait_time);
}

void Fleet::on_receive(std::uint32_t poller, std::span<const Receipt> batch, ReceiveStatus status) {
  // Called by the queue while it answers; it must not be re-entered, so the
  // answer is taken up by an event after the call's latency.
  std::int64_t bytes = 0;
  Poller& p = pollers_[poller];
  p.size = static_cast<std::uint8_t>(batch.size());
  p.next = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    p.batch[i] = batch[i];
    p.succeeded[i] = false;
    const Message& m = queue_.message(batch[i].id);
    bytes += m.size;
    queue_wait_.record((kernel_.now() - m.visible_since).ns);
  }
  books_.calls.add(receive_, 1, billing_units(Bytes{bytes}));
  if (batch.empty() && status == ReceiveStatus::ok) books_.calls.add(empty_receive_, 1, 1);
  const Duration latency = queue_.config().api_latency.sample(latency_rng_);
  if (batch.empty()) {
    // A short poll that came back empty pauses, so that an idle loop does not
    // spin; a long poll that timed out polls again at once. A throttled
    // receive pauses too: it came back at once, whatever the wait.
    const bool pause_first =
        config_.wait_time == Duration::zero() || status == ReceiveStatus::throttled;
    const Duration pause = pause_first ? config_.empty_poll_pause : Duration::zero();
    kernel_.schedule_in(latency + pause, id_, poll, poller);
    return;
  }
  kernel_.schedule_in(latency, id_, batch_arrived, poller);
}

void Fleet::handle(Kernel&, const Event& event) {
  const auto poller = static_cast<std::uint32_t>(event.data);
  switch (event.kind) {
    case poll:
      issue_receive(poller);
      return;
    case batch_arrived: {
      Poller& p = pollers_[poller];
      p.busy = true;
      p.busy_since = kernel_.now();
      start_next(poller);
      return;
    }
    case message_done:
      finish_message(poller);
      return;
    default:
      return;
  }
}

const Outage* Fleet::outage_at(Time t) const {
  for (const Outage& o : config_.outages) {
    const Time start = Time::zero() + o.start;
    if (t < start) return nullptr;
    if (t < start + o.duration) return &o;
  }
  return nullptr;
}

void Fleet::start_next(std::uint32_t poller) {
  Duration t = config_.processing.sample(processing_rng_);
  if (const Outage* o = outage_at(kernel_.now()); o != nullptr && o->slowdown != 1.0) {
    t = from_seconds(t.seconds() * o->slowdown);
  }
  processing_.record(t.ns);
  kernel_.schedule_in(t, id_, message_done, poller);
}

bool Fleet::is_poison(std::uint64_t event) const {
  if (config_.poison_fraction <= 0) return false;
  // Decided by the event's number alone, so the same events are poison on
  // every attempt and in every design fed the same workload.
  const double u = static_cast<double>(mix(poison_key_ ^ mix(event)) >> 11) * 0x1.0p-53;
  return u < config_.poison_fraction;
}

Duration Fleet::backoff(std::uint32_t receive_count) {
  const FailurePolicy& f = config_.on_failure;
  const std::uint32_t shift =
      std::min<std::uint32_t>(receive_count > 0 ? receive_count - 1 : 0, 40);
  Duration d = f.base;
  for (std::uint32_t i = 0; i < shift && d < f.cap; ++i) d = d * 2;
  d = std::min(d, f.cap);
  if (f.jitter) d = from_seconds(d.seconds() * failure_rng_.uniform());
  return d;
}

void Fleet::finish_message(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  const Receipt& r = p.batch[p.next];
  const Message& m = queue_.message(r.id);
  for (const auto& [counter, count] : downstream_) books_.calls.add(counter, count, count);
  if (m.claim_checked) {
    if (!claim_check_get_) {
      claim_check_get_ = books_.calls.counter("consumer:" + config_.name, call_kind::kS3GetObject);
    }
    books_.calls.add(*claim_check_get_, 1, 1);
  }
  // One uniform per attempt whatever the probability, so an outage window
  // does not shift the draws of the attempts after it.
  const Outage* outage = outage_at(kernel_.now());
  const double chance =
      outage != nullptr ? outage->failure_probability : config_.failure_probability;
  const bool failed = failure_rng_.bernoulli(chance) || is_poison(m.event);
  if (failed) {
    ++failed_;
    if (outage != nullptr) ++failed_in_outage_;
    switch (config_.on_failure.kind) {
      case FailurePolicy::Kind::wait_for_timeout:
        break;
      case FailurePolicy::Kind::release:
        books_.calls.add(change_visibility_, 1, 1);
        queue_.change_visibility(r, Duration::zero());
        break;
      case FailurePolicy::Kind::backoff:
        books_.calls.add(change_visibility_, 1, 1);
        queue_.change_visibility(r, backoff(r.receive_count));
        break;
    }
  } else {
    ++processed_;
    if (m.processed_once) ++books_.events.duplicates_processed;
    p.succeeded[p.next] = true;
    if (!m.processed_once && !m.ghost) end_to_end_.record((kernel_.now() - m.produced).ns);
    queue_.mark_processed(r.id);
    if (!config_.delete_in_batches) {
      books_.calls.add(delete_, 1, 1);
      queue_.remove(r);
    }
  }
  ++p.next;
  if (p.next < p.size) {
    start_next(poller);
    return;
  }
  finish_batch(poller);
}

void Fleet::finish_batch(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  if (config_.delete_in_batches) {
    bool any = false;
    for (std::uint8_t i = 0; i < p.size; ++i) {
      if (!p.succeeded[i]) continue;
      any = true;
      queue_.remove(p.batch[i]);
    }
    if (any) books_.calls.add(delete_batch_, 1, 1);
  }
  p.busy = false;
  busy_ += kernel_.now() - p.busy_since;
  p.size = 0;
  issue_receive(poller);
}

void Fleet::restart_measurements() {
  const Time now = kernel_.now();
  queue_wait_.clear();
  processing_.clear();
  end_to_end_.clear();
  busy_ = Duration::zero();
  for (Poller& p : pollers_) {
    if (p.busy) p.busy_since = now;
  }
  measured_from_ = now;
}

FleetResult Fleet::result(Time end) const {
  FleetResult r;
  r.name = config_.name;
  r.queue = config_.queue;
  r.pollers = static_cast<std::int64_t>(pollers_.size());
  r.processed = processed_;
  r.failed = failed_;
  r.failed_in_outage = failed_in_outage_;
  Duration busy = busy_;
  for (const Poller& p : pollers_) {
    if (p.busy) busy += end - p.busy_since;
  }
  const double capacity = static_cast<double>(pollers_.size()) * (end - measured_from_).seconds();
  r.utilization = capacity > 0 ? busy.seconds() / capacity : 0.0;
  r.queue_wait = queue_wait_;
  r.processing = processing_;
  r.end_to_end = end_to_end_;
  return r;
}

}  // namespace edasim
