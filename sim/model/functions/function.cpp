#include "sim/model/functions/function.hpp"

#include <algorithm>
#include <utility>

namespace edasim::model {

Function::Function(FunctionConfig config, Queue& queue, const Context& context)
    : config_(std::move(config)),
      queue_(queue),
      kernel_(context.kernel),
      books_(context.books),
      processing_rng_(context.seed, "lambda:" + config_.name + "/processing"),
      failure_rng_(context.seed, "lambda:" + config_.name + "/failures"),
      invocations_(config_, context.seed, context.books),
      latency_rng_(context.seed, "lambda:" + config_.name + "/latency"),
      poison_(context.seed, "lambda:" + config_.name + "/poison", config_.poison_fraction),
      tick_(seconds(60) / std::max<std::int64_t>(config_.scale_up_per_minute, 1)) {
  const std::string component = "lambda:" + config_.name;
  const bool fifo = queue.config().fifo.has_value();
  receive_ = books_.calls.counter(component, metrics::call_kind::kReceiveMessage, fifo);
  empty_receive_ = books_.calls.counter(component, metrics::call_kind::kEmptyReceive, fifo);
  delete_batch_ = books_.calls.counter(component, metrics::call_kind::kDeleteMessageBatch, fifo);
  invocations_.count_invokes(books_.calls.counter(component, metrics::call_kind::kInvoke));
  result_.name = config_.name;
  result_.queue = config_.queue;
  result_.memory_mb = config_.memory_mb;
  duplicates_ = DuplicateCount(config_.duplicates);
}

void Function::start() {
  const std::int32_t initial = std::min(config_.initial_concurrency, config_.concurrency_cap());
  for (std::int32_t i = 0; i < initial; ++i) {
    kernel_.schedule_in(Duration::zero(), id_, poll, add_poller());
  }
  if (config_.scale_up_per_minute > 0) kernel_.schedule_in(tick_, id_, scale_tick);
}

std::uint32_t Function::add_poller() {
  std::uint32_t p;
  if (retired_.empty()) {
    p = static_cast<std::uint32_t>(pollers_.size());
    pollers_.emplace_back();
  } else {
    p = retired_.back();
    retired_.pop_back();
  }
  pollers_[p].active = true;
  pollers_[p].back_off = false;
  ++active_;
  result_.peak_concurrency = std::max(result_.peak_concurrency, active_);
  return p;
}

void Function::retire(std::uint32_t poller) {
  pollers_[poller].active = false;
  --active_;
  retired_.push_back(poller);
}

bool Function::retire_if_above(std::uint32_t poller, std::int32_t floor) {
  if (active_ <= floor) return false;
  retire(poller);
  return true;
}

void Function::receive(std::uint32_t poller, Duration wait) {
  const Poller& p = pollers_[poller];
  const auto room = static_cast<int>(
      std::min<std::size_t>(10, static_cast<std::size_t>(config_.batch_size) - p.batch.size()));
  queue_.receive(*this, poller, room, wait);
}

void Function::on_receive(std::uint32_t poller, std::span<const Receipt> batch,
                          ReceiveStatus status) {
  // The queue is answering: take the messages now, act on them after the
  // call's latency.
  Poller& p = pollers_[poller];
  std::int64_t bytes = 0;
  if (p.batch.empty() && !batch.empty()) p.first_received = kernel_.now();
  for (const Receipt& r : batch) {
    bytes += r.size;
    result_.queue_wait.record((kernel_.now() - r.visible_since).ns);
    p.batch.push_back(r);
  }
  p.bytes += bytes;
  books_.calls.add(receive_, 1, metrics::billing_units(Bytes{bytes}));
  if (batch.empty() && status == ReceiveStatus::ok) books_.calls.add(empty_receive_, 1, 1);
  // A throttled receive (over a FIFO queue's quota) came back at once: the
  // poller waits throttle_retry before going on, as after a throttled
  // invoke, instead of polling again in a loop.
  const Duration latency = queue_.config().api_latency.sample(latency_rng_);
  const Duration wait =
      status == ReceiveStatus::throttled ? config_.throttle_retry : Duration::zero();
  kernel_.schedule_in(latency + wait, id_, answered, poller);
}

void Function::after_answer(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  if (p.batch.empty()) {
    // Nothing to do: the queue is empty, so the ESM scales down.
    if (retire_if_above(poller, std::min(config_.idle_concurrency, config_.concurrency_cap())))
      return;
    receive(poller, config_.poll_wait);
    return;
  }
  const Duration gathered = kernel_.now() - p.first_received;
  if (static_cast<std::int32_t>(p.batch.size()) < config_.batch_size &&
      p.bytes < config_.payload_limit && gathered < config_.batching_window) {
    receive(poller, std::min(config_.poll_wait, config_.batching_window - gathered));
    return;
  }
  try_invoke(poller);
}

void Function::try_invoke(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  const std::int32_t floor = std::min(config_.idle_concurrency, config_.concurrency_cap());
  if (!invocations_.has_room()) {
    ++result_.throttles;
    p.back_off = true;
    const Time retry = kernel_.now() + config_.throttle_retry;
    if (retry < p.first_received + queue_.config().visibility_timeout) {
      kernel_.schedule(retry, id_, invoke, poller);
      return;
    }
    // Given up: the messages stay in flight until their visibility timeout
    // ends, and come back with one receive spent.
    ++result_.throttled_batches;
    result_.returned += p.batch.size();
    p.batch.clear();
    p.bytes = 0;
    if (retire_if_above(poller, floor)) return;
    p.back_off = false;
    receive(poller, config_.poll_wait);
    return;
  }
  const Duration init = invocations_.begin(kernel_.now(), result_);
  // One processing time and one failure draw per message, reached or not,
  // so that a failure never shifts the draws of later batches.
  Duration handler = Duration::zero();
  bool stopped = false;
  p.timed_out = false;
  p.outcomes.assign(p.batch.size(), Outcome::not_reached);
  if (flow_ends_.tracking()) p.emitted.assign(p.batch.size(), false);
  for (std::size_t i = 0; i < p.batch.size(); ++i) {
    const Duration t = config_.processing.sample(processing_rng_);
    const bool fails =
        failure_rng_.bernoulli(config_.failure_probability) || poison_.contains(p.batch[i].event);
    if (stopped) continue;
    if (handler + t > config_.timeout) {
      handler = config_.timeout;
      p.timed_out = true;
      stopped = true;
      continue;
    }
    handler += t;
    p.outcomes[i] = fails ? Outcome::failed : Outcome::succeeded;
    // The handler sends what the message makes it send as it finishes the
    // message, not when the invocation ends; nothing stops an invocation
    // once started, so the emission is told now, for that moment.
    if (!emitters_.empty()) {
      const Receipt& r = p.batch[i];
      const bool emitted = emitters_.attempt_ended(
          Processed{r.event, r.produced, r.size, r.cause, r.group_key}, !fails, init + handler);
      if (flow_ends_.tracking()) p.emitted[i] = emitted;
    }
    if (fails && !config_.report_batch_item_failures) stopped = true;
  }
  invocations_.bill(init, handler, result_);
  kernel_.schedule_in(init + handler, id_, invocation_done, poller);
}

void Function::finish_invocation(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  invocations_.end(kernel_.now());
  bool any_failed = false;
  for (const Outcome o : p.outcomes) any_failed |= o == Outcome::failed;
  const bool whole_batch = p.timed_out || (any_failed && !config_.report_batch_item_failures);
  if (p.timed_out) ++result_.timeouts;
  if (whole_batch) {
    ++result_.failed_batches;
  } else if (any_failed) {
    ++result_.partial_failures;
  }
  std::uint64_t deleted = 0;
  for (std::size_t i = 0; i < p.batch.size(); ++i) {
    const Receipt& r = p.batch[i];
    switch (p.outcomes[i]) {
      case Outcome::failed:
        ++result_.failed;
        break;
      case Outcome::not_reached:
        ++result_.returned;
        break;
      case Outcome::succeeded: {
        // Processed, whether or not the delete follows: a later delivery is
        // a duplicate either way. The message may be gone by now (its
        // visibility timeout ended during the invocation and another
        // poller's batch deleted it): then this was a duplicate too.
        ++result_.processed;
        duplicates_.processed(r.cause.identity_of(r.event), kernel_.now());
        const bool first = queue_.mark_processed(r);
        if (!first) ++books_.events.duplicates_processed;
        if (first) {
          // From the root's production, as a fleet measures: an event a
          // consumer emitted is a step of the flow its root started.
          const Duration latency = kernel_.now() - r.cause.root_time(r.produced);
          result_.end_to_end.record(latency.ns);
          books_.period_end_to_end.record(latency.ns);
          // A flow ends at a successful processing that emits nothing.
          if (flow_ends_.tracking() && !p.emitted[i]) flow_ends_.end(r.event, r.cause, latency);
          processing_watch_.processed(r.event, r.cause, kernel_.now());
          order_.processed(r.order_key, r.produced, r.event);
        }
        if (whole_batch) {
          ++result_.returned;
        } else {
          queue_.remove(r);
          ++deleted;
        }
        break;
      }
    }
  }
  if (deleted > 0) books_.calls.add(delete_batch_, (deleted + 9) / 10, (deleted + 9) / 10);
  if (whole_batch && !config_.report_batch_item_failures) p.back_off = true;
  next_batch(poller);
}

void Function::next_batch(std::uint32_t poller) {
  Poller& p = pollers_[poller];
  p.batch.clear();
  p.bytes = 0;
  if (p.back_off &&
      retire_if_above(poller, std::min(config_.idle_concurrency, config_.concurrency_cap())))
    return;
  p.back_off = false;
  receive(poller, config_.poll_wait);
}

void Function::handle(core::Kernel&, const core::Event& event) {
  const auto poller = static_cast<std::uint32_t>(event.data);
  switch (event.kind) {
    case poll:
      receive(poller, config_.poll_wait);
      return;
    case answered:
      after_answer(poller);
      return;
    case invoke:
      try_invoke(poller);
      return;
    case invocation_done:
      finish_invocation(poller);
      return;
    case scale_tick:
      if (queue_.visible() > 0 && active_ < config_.concurrency_cap()) {
        receive(add_poller(), config_.poll_wait);
      }
      kernel_.schedule_in(tick_, id_, scale_tick);
      return;
    default:
      return;
  }
}

void Function::restart_measurements() {
  result_.duration.clear();
  result_.cold_start.clear();
  result_.queue_wait.clear();
  result_.end_to_end.clear();
  flow_ends_.clear();
  result_.peak_concurrency = active_;
  result_.peak_executions = invocations_.running();
}

FunctionResult Function::result() const {
  FunctionResult r = result_;
  r.emitted = emitters_.emitted();
  r.counts_duplicates = duplicates_.counting();
  r.duplicates = duplicates_.count();
  r.grouped = order_.reported();
  r.out_of_order = order_.out_of_order();
  r.groups = order_.groups();
  r.gb_seconds = static_cast<double>(r.billed_ns) * 1e-9 * config_.memory_mb / 1024.0;
  return r;
}

}  // namespace edasim::model
