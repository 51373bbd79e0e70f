#include "sim/model/consumers/fleet.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace edasim::model {

Fleet::Fleet(FleetConfig config, Queue& queue, std::vector<Api*> apis, const Context& context)
    : config_(std::move(config)),
      queue_(queue),
      apis_(std::move(apis)),
      kernel_(context.kernel),
      books_(context.books),
      processing_rng_(context.seed, "consumer:" + config_.name + "/processing"),
      failure_rng_(context.seed, "consumer:" + config_.name + "/failures"),
      latency_rng_(context.seed, "consumer:" + config_.name + "/latency"),
      retry_rng_(context.seed, "consumer:" + config_.name + "/retry"),
      discard_rng_(context.seed, "consumer:" + config_.name + "/discard") {
  if (apis_.size() != config_.calls.size()) {
    throw std::invalid_argument("consumer " + config_.name + ": one API per call expected");
  }
  const AutoscalingConfig& scaling = config_.autoscaling;
  const std::int32_t slots = scaling.enabled ? scaling.max_instances : config_.instances;
  if (scaling.enabled &&
      !(scaling.min_instances >= 1 && scaling.min_instances <= config_.instances &&
        config_.instances <= scaling.max_instances)) {
    throw std::invalid_argument("consumer " + config_.name +
                                ": autoscaling needs 1 <= min <= instances <= max");
  }
  instances_.resize(static_cast<std::size_t>(slots));
  pollers_.resize(static_cast<std::size_t>(slots) *
                  static_cast<std::size_t>(config_.pollers_per_instance));
  for (std::int32_t i = 0; i < config_.instances; ++i) {
    instances_[static_cast<std::size_t>(i)].state = Instance::State::running;
  }
  for (std::size_t p = static_cast<std::size_t>(config_.instances) *
                       static_cast<std::size_t>(config_.pollers_per_instance);
       p < pollers_.size(); ++p) {
    pollers_[p].idle = true;
  }
  desired_ = running_ = peak_ = config_.instances;
  if (scaling.enabled) {
    AlarmConfig high;
    high.name = config_.name + "/scale-out";
    high.threshold = scaling.target;
    high.comparison = Comparison::greater;
    high.evaluation_periods = high.datapoints_to_alarm = scaling.scale_out_datapoints;
    AlarmConfig low = high;
    low.name = config_.name + "/scale-in";
    low.threshold = scaling.target * scaling.scale_in_ratio;
    low.comparison = Comparison::less;
    low.evaluation_periods = low.datapoints_to_alarm = scaling.scale_in_datapoints;
    high_.emplace(high);
    low_.emplace(low);
    // At most one action per datapoint.
    scaling_.reserve(64);
  }
  const std::string component = "consumer:" + config_.name;
  const bool fifo = queue.config().fifo.has_value();
  receive_ = books_.calls.counter(component, metrics::call_kind::kReceiveMessage, fifo);
  empty_receive_ = books_.calls.counter(component, metrics::call_kind::kEmptyReceive, fifo);
  delete_ = books_.calls.counter(component, metrics::call_kind::kDeleteMessage, fifo);
  delete_batch_ = books_.calls.counter(component, metrics::call_kind::kDeleteMessageBatch, fifo);
  change_visibility_ =
      books_.calls.counter(component, metrics::call_kind::kChangeMessageVisibility, fifo);
  if (config_.idempotency.enabled) store_.emplace(config_.idempotency.window);
  duplicates_ = DuplicateCount(config_.duplicates);
  if (config_.on_failure.kind == FailurePolicy::Kind::repush) {
    // Back to its own queue or to that queue's DLQ, FIFO alike.
    send_ = books_.calls.counter(component, metrics::call_kind::kSendMessage, fifo);
  }
  for (const auto& [api, count] : config_.calls) {
    downstream_.emplace_back(books_.calls.counter(component, api), count);
  }
}

void Fleet::add_fault(const FaultConfig& fault, std::uint64_t seed, std::uint32_t pattern_bit) {
  faults_.push_back(ActiveFault{fault, core::stream_seed(seed, "fault:" + fault.name + "/poison"),
                                core::RandomStream(seed, "fault:" + fault.name), pattern_bit,
                                books_.fault(fault.name) + 1});
}

void Fleet::start() {
  for (std::uint32_t p = 0; p < pollers_.size(); ++p) {
    if (serving(p)) kernel_.schedule_in(Duration::zero(), id_, poll, tag(p));
  }
  if (config_.autoscaling.enabled) {
    kernel_.schedule_in(config_.autoscaling.period, id_, scaling_sample, 0);
  }
  for (std::uint32_t i = 0; i < faults_.size(); ++i) {
    const FaultConfig& f = faults_[i].config;
    if (f.kind == FaultConfig::Kind::poison) continue;
    kernel_.schedule(Time::zero() + f.start, id_, fault_start, i);
  }
}

void Fleet::issue_receive(std::uint32_t poller) {
  pollers_[poller].receiving = true;
  queue_.receive(*this, poller, config_.batch_size, config_.wait_time);
}

void Fleet::on_receive(std::uint32_t poller, std::span<const Receipt> batch, ReceiveStatus status) {
  // Called by the queue while it answers; it must not be re-entered, so the
  // answer is taken up after the call's latency, and a next poll is always
  // an event.
  std::int64_t bytes = 0;
  Poller& p = pollers_[poller];
  p.receiving = false;
  for (const Receipt& r : batch) bytes += r.size;
  books_.calls.add(receive_, 1, metrics::billing_units(Bytes{bytes}));
  if (batch.empty() && status == ReceiveStatus::ok) books_.calls.add(empty_receive_, 1, 1);
  const Duration latency = queue_.config().api_latency.sample(latency_rng_);
  // A stopped poller's long poll still answers: what it receives stays in
  // flight until its visibility timeout, and the poller polls again when it
  // is back.
  if (p.down) {
    for (const Receipt& r : batch) abandon(r, p.down_by);
    return;
  }
  p.size = static_cast<std::uint8_t>(batch.size());
  p.next = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    p.batch[i] = batch[i];
    p.succeeded[i] = false;
    queue_wait_.record((kernel_.now() - batch[i].visible_since).ns);
  }
  if (batch.empty() && !serving(poller)) {
    p.idle = true;
    return;
  }
  if (batch.empty()) {
    // A short poll that came back empty pauses, so that an idle loop does not
    // spin; a long poll that timed out polls again at once. A throttled
    // receive pauses too: it came back at once, whatever the wait.
    const bool pause_first =
        config_.wait_time == Duration::zero() || status == ReceiveStatus::throttled;
    const Duration pause = pause_first ? config_.empty_poll_pause : Duration::zero();
    kernel_.schedule_in(latency + pause, id_, poll, tag(poller));
    return;
  }
  p.receive_latency = latency;
  // At no latency the batch is taken up at once: starting work only samples
  // and schedules, and never calls the queue back.
  if (latency == Duration::zero()) {
    take_up_batch(poller);
    return;
  }
  kernel_.schedule_in(latency, id_, batch_arrived, tag(poller));
}

void Fleet::take_up_batch(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  receive_busy_ += p.receive_latency;
  p.busy = true;
  p.busy_since = kernel_.now();
  p.attempts = 0;
  start_next(poller);
}

void Fleet::handle(core::Kernel&, const core::Event& event) {
  switch (event.kind) {
    case fault_start:
      start_fault(static_cast<std::uint32_t>(event.data));
      return;
    case crash: {
      const std::uint32_t instance = packed_id(event.data);
      const std::uint32_t fault = packed_counter(event.data);
      const FaultConfig& f = faults_[fault].config;
      // Only a running instance can crash; an autoscaled fleet's slot may be
      // empty or starting.
      if (instances_[instance].state == Instance::State::running) {
        ++crashes_;
        take_down(static_cast<std::int32_t>(instance), 1, kernel_.now() + f.restart,
                  faults_[fault].blame);
      }
      if (f.rate_per_instance_hour > 0) schedule_crash(fault, instance, kernel_.now());
      return;
    }
    case resume:
      bring_up(static_cast<std::uint32_t>(event.data));
      return;
    case scaling_sample: {
      // The datapoint of the period that ends now, seen metric_delay later.
      const AutoscalingConfig& scaling = config_.autoscaling;
      double metric = 0;
      if (scaling.metric == AutoscalingConfig::Metric::backlog_per_instance) {
        metric = static_cast<double>(queue_.visible()) / static_cast<double>(running_);
      } else {
        metric = queue_.oldest_age().seconds();
      }
      kernel_.schedule_in(scaling.metric_delay, id_, scaling_evaluate,
                          std::bit_cast<std::uint64_t>(metric));
      kernel_.schedule_in(scaling.period, id_, scaling_sample, 0);
      return;
    }
    case scaling_evaluate:
      evaluate_scaling(std::bit_cast<double>(event.data));
      return;
    case instance_ready:
      make_ready(packed_id(event.data), packed_counter(event.data));
      return;
    default:
      break;
  }
  const std::uint32_t poller = packed_id(event.data);
  Poller& p = pollers_[poller];
  if (p.down || packed_counter(event.data) != p.generation) return;
  switch (event.kind) {
    case poll:
      if (!serving(poller)) {
        p.idle = true;
        return;
      }
      issue_receive(poller);
      return;
    case batch_arrived:
      take_up_batch(poller);
      return;
    case retry_message:
      start_next(poller);
      return;
    case message_done:
      finish_message(poller);
      return;
    case early_emit: {
      // The instance is still working on the message (a crash would have
      // made this event stale): the entry's call is made now.
      const Receipt& r = p.batch[p.next];
      const bool first = p.early_next == 0;
      const std::size_t entry = inside_[p.early_next++];
      p.early_emitted =
          emitters_.reached(entry, Processed{r.event, r.produced, r.size, r.cause, r.group_key}) ||
          p.early_emitted;
      // The first write is what an idempotent handler checks for: a
      // redelivery after a crash finds the event done.
      if (first && store_) store_->record(r.cause.identity_of(r.event), kernel_.now());
      return;
    }
    default:
      return;
  }
}

void Fleet::start_fault(std::uint32_t index) {
  const FaultConfig& f = faults_[index].config;
  const Time end = Time::zero() + f.end();
  if (f.kind == FaultConfig::Kind::consumer_outage) {
    take_down(0, f.instances, end, faults_[index].blame);
    return;
  }
  if (f.kind != FaultConfig::Kind::consumer_crash) return;
  // Every instance slot: an autoscaled fleet's beyond its current size too.
  const auto slots = static_cast<std::int32_t>(instances_.size());
  for (const Duration at : f.at) {
    const std::int32_t count = f.instances == 0 ? slots : f.instances;
    for (std::int32_t i = 0; i < count; ++i) {
      kernel_.schedule(Time::zero() + at, id_, crash, pack(static_cast<std::uint32_t>(i), index));
    }
  }
  if (f.rate_per_instance_hour <= 0) return;
  const std::int32_t count = f.instances == 0 ? slots : f.instances;
  for (std::int32_t i = 0; i < count; ++i) {
    schedule_crash(index, static_cast<std::uint32_t>(i), kernel_.now());
  }
}

void Fleet::schedule_crash(std::uint32_t fault, std::uint32_t instance, Time after) {
  ActiveFault& f = faults_[fault];
  // Crashes of each instance form a Poisson process over the window.
  const double per_second = f.config.rate_per_instance_hour / 3600.0;
  const Time next = after + from_seconds(-std::log(f.rng.uniform_open()) / per_second);
  if (next < Time::zero() + f.config.end()) {
    kernel_.schedule(next, id_, crash, pack(instance, fault));
  }
}

void Fleet::take_down(std::int32_t first, std::int32_t instances, Time until, std::uint32_t by) {
  const auto per = static_cast<std::uint32_t>(config_.pollers_per_instance);
  const auto begin = static_cast<std::uint32_t>(first) * per;
  const std::uint32_t end = instances == 0
                                ? static_cast<std::uint32_t>(pollers_.size())
                                : std::min(static_cast<std::uint32_t>(pollers_.size()),
                                           begin + static_cast<std::uint32_t>(instances) * per);
  for (std::uint32_t i = begin; i < end; ++i) {
    Poller& p = pollers_[i];
    p.down_until = std::max(p.down_until, until);
    if (!p.down) {
      p.down = true;
      p.down_by = by;
      ++p.generation;
      if (p.busy) busy_ += kernel_.now() - p.busy_since;
      p.busy = false;
      // Unfinished messages, and finished ones not yet batch-deleted, stay in
      // flight: they come back when their visibility timeout ends. Counted
      // one by one: after a batch, `next` is past an emptied `size`, and
      // size - next would subtract.
      for (std::uint8_t m = p.next; m < p.size; ++m) abandon(p.batch[m], by);
      p.size = 0;
      p.next = 0;
    }
    kernel_.schedule(p.down_until, id_, resume, i);
  }
}

void Fleet::bring_up(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  if (!p.down || kernel_.now() < p.down_until) return;
  p.down = false;
  if (!serving(poller)) {
    // Its instance left the fleet meanwhile; an outstanding long poll still
    // answers and is taken up as its last batch.
    p.idle = !p.receiving;
    return;
  }
  p.idle = false;
  // A long poll issued before the stop may still be waiting: its answer
  // starts the loop again.
  if (!p.receiving) issue_receive(poller);
}

void Fleet::start_next(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  // The message as received: it may have been received and deleted by
  // another consumer since (a visibility timeout shorter than the work).
  const Receipt& m = p.batch[p.next];
  p.suppressed = store_ && store_->contains(m.cause.identity_of(m.event), kernel_.now());
  if (p.suppressed) {
    kernel_.schedule_in(Duration::zero(), id_, message_done, tag(poller));
    return;
  }
  // Its first attempt of this delivery: the wait until processing starts
  // (queue wait, the receive's latency, the batch's earlier messages).
  if (p.attempts == 0) wait_to_start_.record((kernel_.now() - m.visible_since).ns);
  ++p.attempts;
  if (m.claim_checked) {
    if (!claim_check_get_) {
      claim_check_get_ =
          books_.calls.counter("consumer:" + config_.name, metrics::call_kind::kS3GetObject);
    }
    books_.calls.add(*claim_check_get_, 1, 1);
  }
  Duration t = m.unwanted ? config_.discard_processing.sample(discard_rng_)
                          : config_.processing.sample(processing_rng_);
  bool downstream_failed = false;
  std::uint32_t downstream_blame = 0;
  for (std::size_t i = 0; i < apis_.size() && !downstream_failed; ++i) {
    const auto [counter, count] = downstream_[i];
    for (std::int32_t c = 0; c < count; ++c) {
      const Api::Call call = apis_[i]->call(kernel_.now() + t);
      books_.calls.add(counter, 1, 1);
      t += call.latency;
      if (call.outcome != Api::Outcome::ok) {
        downstream_failed = true;
        downstream_blame = call.fault;
        break;
      }
    }
  }
  // One uniform per attempt whatever the probability, so a fault window does
  // not shift the draws of the attempts after it.
  const bool failed = failure_rng_.bernoulli(config_.failure_probability);
  // An unwanted copy is thrown away whatever its lookups answered.
  p.failed_downstream = downstream_failed && !m.unwanted;
  const std::uint32_t poison = poisoned_by(m);
  p.attempt_failed = !m.unwanted && (failed || downstream_failed || poison != 0);
  // A poison event fails whatever else happens; otherwise a downstream
  // error is the fault's that caused it, if any.
  p.failure_blame = poison != 0 ? poison : (downstream_failed ? downstream_blame : 0);
  processing_.record(t.ns);
  p.early_next = 0;
  p.early_emitted = false;
  if (!p.attempt_failed && !m.unwanted) {
    for (const std::size_t entry : inside_) {
      const double at = *emitters_.entry(entry).at;
      kernel_.schedule_in(Duration{static_cast<std::int64_t>(static_cast<double>(t.ns) * at)}, id_,
                          early_emit, tag(poller));
    }
  }
  kernel_.schedule_in(t, id_, message_done, tag(poller));
}

std::uint32_t Fleet::poisoned_by(const Receipt& m) const {
  // Decided by the event's number alone, so the same events are poison on
  // every attempt and in every design fed the same workload.
  const Duration produced = m.produced - Time::zero();
  for (const ActiveFault& f : faults_) {
    if (f.config.kind != FaultConfig::Kind::poison || !f.config.covers(produced)) continue;
    if (f.pattern_bit != UINT32_MAX && ((m.poison >> f.pattern_bit) & 1) == 0) continue;
    const double u =
        static_cast<double>(core::mix64(f.key ^ core::mix64(m.event)) >> 11) * 0x1.0p-53;
    if (u < f.config.fraction) return f.blame;
  }
  return 0;
}

void Fleet::abandon(const Receipt& r, std::uint32_t by) {
  ++abandoned_;
  if (FaultTally* tally = books_.blamed(by)) ++tally->retried;
  queue_.blame(r, by);
}

Duration Fleet::backoff(std::uint32_t receive_count) {
  return config_.on_failure.delays().delay(receive_count > 0 ? receive_count - 1 : 0,
                                           Duration::zero(), failure_rng_);
}

void Fleet::finish_message(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  const Receipt& r = p.batch[p.next];
  if (p.suppressed) {
    ++suppressed_;
    ++books_.events.duplicates_suppressed;
    p.succeeded[p.next] = true;
    queue_.mark_processed(r);
    if (!config_.delete_in_batches) {
      books_.calls.add(delete_, 1, 1);
      queue_.remove(r);
    }
  } else if (p.attempt_failed) {
    ++failed_;
    if (!emitters_.empty()) emit(r, false);
    if (p.failed_downstream) ++failed_downstream_;
    if (FaultTally* tally = books_.blamed(p.failure_blame)) {
      ++tally->retried;
      // The fault answers for where the message ends, even when a failure
      // of its own (no fault's) comes later, e.g. after a redrive.
      queue_.blame(r, p.failure_blame);
    }
    const RetryPolicy& retry = config_.retry;
    if (p.attempts < static_cast<std::uint32_t>(retry.max_attempts)) {
      ++retries_;
      const Duration wait = retry.delay(p.attempts - 1, p.last_retry_delay, retry_rng_);
      p.last_retry_delay = wait;
      kernel_.schedule_in(wait, id_, retry_message, tag(poller));
      return;
    }
    give_up(poller, r);
  } else {
    // The work was done whether or not the receipt is still current; it is
    // the message's first processing only if nobody processed it before
    // (a message already deleted by another consumer was).
    const bool first = queue_.mark_processed(r);
    if (r.unwanted) {
      ++discarded_;
    } else {
      ++processed_;
      if (!first) ++books_.events.duplicates_processed;
      duplicates_.processed(r.cause.identity_of(r.event), kernel_.now());
      if (store_) store_->record(r.cause.identity_of(r.event), kernel_.now());
      const bool emitted = (!emitters_.empty() && emit(r, true)) || p.early_emitted;
      if (first) {
        const Time root = r.cause.root_time(r.produced);
        end_to_end_.record((kernel_.now() - root).ns);
        if (config_.late_after > Duration::zero() && kernel_.now() - root > config_.late_after) {
          ++late_;
        }
        books_.period_end_to_end.record((kernel_.now() - root).ns);
        if (flow_ends_.tracking()) {
          stage_.record((kernel_.now() - r.produced).ns);
          if (!emitted) flow_ends_.end(r.event, r.cause, kernel_.now() - root);
        }
        processing_watch_.processed(r.event, r.cause, kernel_.now());
        order_.processed(r.order_key, r.produced, r.event);
      }
    }
    p.succeeded[p.next] = true;
    if (!config_.delete_in_batches) {
      books_.calls.add(delete_, 1, 1);
      queue_.remove(r);
    }
  }
  ++p.next;
  p.attempts = 0;
  p.last_retry_delay = Duration::zero();
  if (p.next < p.size) {
    start_next(poller);
    return;
  }
  finish_batch(poller);
}

bool Fleet::emit(const Receipt& r, bool succeeded) {
  return emitters_.attempt_ended(Processed{r.event, r.produced, r.size, r.cause, r.group_key},
                                 succeeded);
}

void Fleet::track_flows(std::vector<std::uint64_t> producer_bases) {
  flow_ends_ = FlowEnds(std::move(producer_bases));
}

std::uint64_t Fleet::emitted_buffered() const {
  return emitters_.buffered();
}

void Fleet::give_up(std::uint32_t, const Receipt& r) {
  switch (config_.on_failure.kind) {
    case FailurePolicy::Kind::wait_for_timeout:
      return;
    case FailurePolicy::Kind::release:
      books_.calls.add(change_visibility_, 1, 1);
      queue_.change_visibility(r, Duration::zero());
      return;
    case FailurePolicy::Kind::backoff:
      books_.calls.add(change_visibility_, 1, 1);
      queue_.change_visibility(r, backoff(r.receive_count));
      return;
    case FailurePolicy::Kind::repush: {
      // SendMessage (back here, or to the DLQ) then DeleteMessage: two calls
      // whether or not the receipt is still current.
      books_.calls.add(send_, 1, metrics::billing_units(Bytes{r.size}));
      books_.calls.add(delete_, 1, 1);
      if (r.repushes >= static_cast<std::uint32_t>(config_.on_failure.max_repushes)) {
        if (queue_.send_to_dead_letter_queue(r)) ++dead_lettered_;
        return;
      }
      const Duration delay =
          config_.on_failure.delays().delay(r.repushes, Duration::zero(), failure_rng_);
      if (queue_.repush(r, delay)) ++repushed_;
      return;
    }
  }
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
  if (!serving(poller)) {
    p.idle = true;
    return;
  }
  issue_receive(poller);
}

void Fleet::evaluate_scaling(double metric) {
  const AutoscalingConfig& scaling = config_.autoscaling;
  const Time now = kernel_.now();
  metrics::Datapoint d;
  d.add(metric);
  const bool high = high_->evaluate(d) == AlarmState::alarm;
  const bool low = low_->evaluate(d) == AlarmState::alarm;
  const auto proportional = [&](std::int32_t capacity) {
    const double wanted = std::ceil(static_cast<double>(capacity) * metric / scaling.target);
    const double bounded = std::clamp(wanted, static_cast<double>(scaling.min_instances),
                                      static_cast<double>(scaling.max_instances));
    return static_cast<std::int32_t>(bounded);
  };
  if (high) {
    const bool cooling =
        last_scale_out_ != Time::never() && now < last_scale_out_ + scaling.scale_out_cooldown;
    const std::int32_t to = proportional(cooling ? before_scale_out_ : desired_);
    if (to > desired_) {
      before_scale_out_ = desired_;
      last_scale_out_ = now;
      ++scale_outs_;
      resize(to);
    }
    return;
  }
  if (!low) return;
  if (last_scale_in_ != Time::never() && now < last_scale_in_ + scaling.scale_in_cooldown) return;
  const std::int32_t to = proportional(desired_);
  if (to >= desired_) return;
  last_scale_in_ = now;
  ++scale_ins_;
  resize(to);
}

void Fleet::resize(std::int32_t to) {
  const Time now = kernel_.now();
  account(now);
  scaling_.push_back(ScalingAction{now - Time::zero(), desired_, to});
  for (std::int32_t i = desired_; i < to; ++i) {
    Instance& instance = instances_[static_cast<std::size_t>(i)];
    instance.state = Instance::State::starting;
    ++instance.generation;
    kernel_.schedule_in(config_.autoscaling.startup, id_, instance_ready,
                        pack(static_cast<std::uint32_t>(i), instance.generation));
  }
  for (std::int32_t i = desired_ - 1; i >= to; --i) {
    Instance& instance = instances_[static_cast<std::size_t>(i)];
    if (instance.state == Instance::State::running) --running_;
    // A cancelled start's ready event goes stale; a running instance's
    // pollers stop at their next poll.
    instance.state = Instance::State::stopped;
    ++instance.generation;
  }
  desired_ = to;
  peak_ = std::max(peak_, desired_);
}

void Fleet::make_ready(std::uint32_t index, std::uint32_t generation) {
  Instance& instance = instances_[index];
  if (instance.state != Instance::State::starting || instance.generation != generation) return;
  account(kernel_.now());
  instance.state = Instance::State::running;
  ++running_;
  const auto per = static_cast<std::uint32_t>(config_.pollers_per_instance);
  for (std::uint32_t p = index * per; p < (index + 1) * per; ++p) {
    // A poller still finishing its last batch from before simply goes on.
    if (!pollers_[p].idle || pollers_[p].down) continue;
    pollers_[p].idle = false;
    issue_receive(p);
  }
}

void Fleet::account(Time now) {
  const double elapsed = (now - accounted_).seconds();
  instance_seconds_ += static_cast<double>(desired_) * elapsed;
  serving_poller_seconds_ +=
      static_cast<double>(std::int64_t{running_} * config_.pollers_per_instance) * elapsed;
  accounted_ = now;
}

void Fleet::restart_measurements() {
  const Time now = kernel_.now();
  queue_wait_.clear();
  wait_to_start_.clear();
  processing_.clear();
  end_to_end_.clear();
  stage_.clear();
  late_ = 0;
  flow_ends_.clear();
  busy_ = Duration::zero();
  receive_busy_ = Duration::zero();
  for (Poller& p : pollers_) {
    if (p.busy) p.busy_since = now;
  }
  measured_from_ = now;
  account(now);
  serving_poller_seconds_ = 0;
}

FleetResult Fleet::counts(Time end) const {
  FleetResult r;
  r.name = config_.name;
  r.queue = config_.queue;
  r.pollers = std::int64_t{config_.instances} * config_.pollers_per_instance;
  r.processed = processed_;
  r.failed = failed_;
  r.failed_downstream = failed_downstream_;
  r.retries = retries_;
  r.repushed = repushed_;
  r.dead_lettered = dead_lettered_;
  r.abandoned = abandoned_;
  r.crashes = crashes_;
  r.discarded = discarded_;
  r.duplicates_suppressed = suppressed_;
  r.counts_duplicates = duplicates_.counting();
  r.duplicates = duplicates_.count();
  r.late_after = config_.late_after;
  r.late = late_;
  r.grouped = order_.reported();
  r.out_of_order = order_.out_of_order();
  r.groups = order_.groups();
  Duration busy = busy_;
  for (const Poller& p : pollers_) {
    if (p.busy) busy += end - p.busy_since;
  }
  const double elapsed = (end - accounted_).seconds();
  const double capacity =
      serving_poller_seconds_ +
      static_cast<double>(std::int64_t{running_} * config_.pollers_per_instance) * elapsed;
  r.utilization = capacity > 0 ? busy.seconds() / capacity : 0.0;
  r.utilization_with_sqs = capacity > 0 ? (busy + receive_busy_).seconds() / capacity : 0.0;
  r.emitted = emitters_.emitted();
  const AutoscalingConfig& scaling = config_.autoscaling;
  r.autoscaled = scaling.enabled;
  r.min_instances = scaling.enabled ? scaling.min_instances : config_.instances;
  r.max_instances = scaling.enabled ? scaling.max_instances : config_.instances;
  r.peak_instances = peak_;
  r.final_instances = desired_;
  r.scale_outs = scale_outs_;
  r.scale_ins = scale_ins_;
  r.scaling = scaling_;
  r.instance_hours = instance_hours(end);
  r.price_per_instance_hour = config_.price_per_instance_hour;
  return r;
}

double Fleet::instance_hours(Time end) const {
  const double elapsed = (end - accounted_).seconds();
  return (instance_seconds_ + static_cast<double>(desired_) * elapsed) / 3600.0;
}

// The histograms of `fleet` into `r`: copied from a const fleet,
// moved from one handed over as an rvalue.
template <class Self>
void Fleet::measurements(Self&& fleet, FleetResult& r) {
  r.queue_wait = std::forward<Self>(fleet).queue_wait_;
  r.wait_to_start = std::forward<Self>(fleet).wait_to_start_;
  r.processing = std::forward<Self>(fleet).processing_;
  r.end_to_end = std::forward<Self>(fleet).end_to_end_;
  r.stage = std::forward<Self>(fleet).stage_;
}

FleetResult Fleet::result(Time end) const {
  FleetResult r = counts(end);
  measurements(*this, r);
  return r;
}

FleetResult Fleet::hand_over(Time end) {
  FleetResult r = counts(end);
  measurements(std::move(*this), r);
  return r;
}

}  // namespace edasim::model
