#include "sim/model/functions/stream_mapping.hpp"

#include <algorithm>
#include <utility>

namespace edasim::model {

namespace {

// GetRecords returns at most this many records a call (services.md §11.3
// for a table's stream; Kinesis's documented figure is 10,000).
std::uint64_t records_per_fetch(const StreamConfig& s) {
  return s.kind == StreamConfig::Kind::dynamodb ? 1'000 : 10'000;
}

}  // namespace

StreamMapping::StreamMapping(FunctionConfig config, Stream& stream, const Context& context)
    : config_(std::move(config)),
      stream_(stream),
      kernel_(context.kernel),
      books_(context.books),
      group_(stream.add_group(false)),
      factor_(static_cast<std::uint32_t>(config_.stream_mapping.parallelization_factor)),
      fetch_limit_(records_per_fetch(stream.config())),
      propagation_(stream.config().propagation),
      processing_rng_(context.seed, "lambda:" + config_.name + "/processing"),
      failure_rng_(context.seed, "lambda:" + config_.name + "/failures"),
      invocations_(config_, context.seed, context.books),
      poison_(context.seed, "lambda:" + config_.name + "/poison", config_.poison_fraction),
      lanes_(static_cast<std::size_t>(stream.partitions()) * factor_),
      shard_held_(stream.partitions(), 0) {
  const std::string component = "lambda:" + config_.name;
  get_records_ = books_.calls.counter(component, "GetRecords");
  invocations_.count_invokes(books_.calls.counter(component, metrics::call_kind::kInvoke));
  result_.name = config_.name;
  result_.stream = config_.stream;
  result_.table = config_.table;
  result_.memory_mb = config_.memory_mb;
  result_.peak_concurrency = 0;
  duplicates_ = DuplicateCount(config_.duplicates);
}

void StreamMapping::start() {
  for (std::uint32_t s = 0; s < stream_.partitions(); ++s)
    kernel_.schedule_in(Duration::zero(), id_, poll, s);
}

std::uint32_t StreamMapping::lane_of(std::uint32_t shard, std::uint64_t key) const {
  if (factor_ == 1) return shard * factor_;
  // The shard is the key's hash modulo the shards; the lane takes other bits
  // of the same hash, so one key always has one lane.
  const std::uint64_t mixed = (key / stream_.partitions()) * 0x9E3779B97F4A7C15ULL;
  return shard * factor_ + static_cast<std::uint32_t>((mixed >> 32) % factor_);
}

void StreamMapping::fetch(std::uint32_t shard) {
  StreamCursor& c = stream_.cursor(group_, shard);
  const Time now = kernel_.now();
  // Two batches per lane ahead, or one GetRecords of a table's stream
  // (1,000 records), whichever is more: the rest waits in the stream.
  const std::uint64_t room_total = std::max<std::uint64_t>(
      2ULL * factor_ * static_cast<std::uint64_t>(config_.batch_size), 1'000);
  const std::uint64_t room =
      std::min(fetch_limit_, room_total > shard_held_[shard] ? room_total - shard_held_[shard] : 0);
  std::int64_t budget = stream_.read_budget(group_, shard);
  std::int64_t bytes = 0;
  std::uint64_t taken = 0;
  while (taken < room && c.position < stream_.end(shard)) {
    const StreamRecord& r = stream_.record(shard, c.position);
    if (r.appended + propagation_ > now) break;
    if (taken > 0 && bytes + r.size > budget) break;
    bytes += r.size;
    Lane& lane = lanes_[lane_of(shard, r.key)];
    if (lane.pending.empty()) lane.first_fetched = now;
    lane.pending.push_back(Held{r, false});
    ++holding_;
    ++shard_held_[shard];
    ++c.position;
    ++taken;
  }
  if (room > 0) {
    books_.calls.add(get_records_, 1, 1);
    ++result_.fetches;
    stream_.consume_read(group_, shard, bytes);
  }
  // The mapping holds what it fetched: the stream may free it.
  c.processed = c.finished = c.committed = c.position;
  stream_.release(shard);
  for (std::uint32_t l = shard * factor_; l < (shard + 1) * factor_; ++l) try_start(l);
  kernel_.schedule_in(config_.stream_mapping.poll_interval, id_, poll, shard);
}

void StreamMapping::set_in_hand(Lane& lane, bool in_hand) {
  if (lane.in_hand == in_hand) return;
  lane.in_hand = in_hand;
  busy_lanes_ += in_hand ? 1 : -1;
  result_.peak_concurrency = std::max(result_.peak_concurrency, busy_lanes_);
}

void StreamMapping::pop(Lane& lane, std::size_t records) {
  const std::uint32_t shard = static_cast<std::uint32_t>((&lane - lanes_.data()) / factor_);
  for (std::size_t i = 0; i < records; ++i) {
    lane.pending.pop_front();
    --shard_held_[shard];
  }
}

void StreamMapping::unblock(Lane& lane) {
  if (!lane.blocked) return;
  lane.blocked = false;
  const std::uint64_t blocked = static_cast<std::uint64_t>((kernel_.now() - lane.blocked_since).ns);
  result_.blocked_ns += blocked;
  result_.longest_block_ns = std::max(result_.longest_block_ns, blocked);
}

void StreamMapping::abandon(Lane& lane, std::size_t records) {
  const Held& first = lane.pending.front();
  for (std::size_t i = 0; i < records; ++i) {
    if (lane.pending[i].processed) continue;
    ++result_.abandoned_records;
    ++books_.events.abandoned;
    --holding_;
  }
  ++result_.abandoned_batches;
  // The destination gets a description of the batch (shard, sequence
  // numbers, the condition), not its records.
  if (!on_failure_.empty()) {
    on_failure_.attempt_ended(
        Processed{first.record.event, first.record.produced, first.record.size, first.record.cause},
        false);
  }
  pop(lane, records);
  lane.batch = 0;
  lane.attempts = 0;
  unblock(lane);
}

bool StreamMapping::too_old(Lane& lane) {
  const Time now = kernel_.now();
  const Duration retention = stream_.config().retention;
  while (!lane.pending.empty() && lane.pending.front().record.appended + retention <= now) {
    if (!lane.pending.front().processed) {
      ++result_.expired_records;
      ++books_.events.expired;
      --holding_;
    }
    pop(lane, 1);
    if (lane.batch > 0 && --lane.batch == 0) lane.attempts = 0;
  }
  if (lane.pending.empty()) {
    lane.batch = 0;
    lane.attempts = 0;
    unblock(lane);
    return false;
  }
  const auto& age = config_.stream_mapping.maximum_record_age;
  return age && now - lane.pending.front().record.appended > *age;
}

void StreamMapping::try_start(std::uint32_t l) {
  Lane& lane = lanes_[l];
  if (lane.scheduled) return;
  while (too_old(lane)) {
    // Discarded: the batch being retried, or the records of a new one that
    // are too old.
    std::size_t n = lane.batch;
    if (n == 0) {
      const Time now = kernel_.now();
      while (n < lane.pending.size() && n < static_cast<std::size_t>(config_.batch_size) &&
             now - lane.pending[n].record.appended > *config_.stream_mapping.maximum_record_age)
        ++n;
    }
    abandon(lane, n);
  }
  if (lane.pending.empty()) {
    set_in_hand(lane, false);
    return;
  }
  set_in_hand(lane, true);
  if (lane.batch == 0) {
    // A new batch: as many records as the batch size and payload allow,
    // once the window has passed or the batch is full.
    std::size_t n = 0;
    std::int64_t bytes = 0;
    while (n < lane.pending.size() && n < static_cast<std::size_t>(config_.batch_size)) {
      const std::int64_t size = lane.pending[n].record.size;
      if (n > 0 && bytes + size > config_.payload_limit) break;
      bytes += size;
      ++n;
    }
    const bool full = n == static_cast<std::size_t>(config_.batch_size) || n < lane.pending.size();
    const Time ready = lane.first_fetched + config_.batching_window;
    if (!full && kernel_.now() < ready) {
      lane.scheduled = true;
      kernel_.schedule(ready, id_, invoke, l);
      return;
    }
    lane.batch = n;
  }
  invoke_batch(l);
}

void StreamMapping::invoke_batch(std::uint32_t l) {
  Lane& lane = lanes_[l];
  lane.scheduled = true;
  if (!invocations_.has_room()) {
    // Throttles are retried until the records expire or grow too old,
    // whatever maximum_retry_attempts says.
    ++result_.throttles;
    kernel_.schedule_in(config_.throttle_retry, id_, invoke, l);
    return;
  }
  const Duration init = invocations_.begin(kernel_.now(), result_);
  // One processing time and one failure draw per record, reached or not.
  const std::size_t n = lane.batch;
  Duration handler = Duration::zero();
  bool stopped = false;
  lane.timed_out = false;
  lane.outcomes.assign(n, Outcome::not_reached);
  if (flow_ends_.tracking()) lane.emitted.assign(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    const Duration t = config_.processing.sample(processing_rng_);
    const StreamRecord& r = lane.pending[i].record;
    const bool fails =
        failure_rng_.bernoulli(config_.failure_probability) || poison_.contains(r.event);
    if (stopped) continue;
    if (handler + t > config_.timeout) {
      handler = config_.timeout;
      lane.timed_out = true;
      stopped = true;
      continue;
    }
    handler += t;
    lane.outcomes[i] = fails ? Outcome::failed : Outcome::succeeded;
    if (!emitters_.empty()) {
      const bool emitted = emitters_.attempt_ended(Processed{r.event, r.produced, r.size, r.cause},
                                                   !fails, init + handler);
      if (flow_ends_.tracking()) lane.emitted[i] = emitted;
    }
    // The handler throws at the first failure unless it reports item
    // failures; either way the batch is checkpointed below the first.
    if (fails) stopped = true;
  }
  invocations_.bill(init, handler, result_);
  kernel_.schedule_in(init + handler, id_, invocation_done, l);
}

void StreamMapping::finish(std::uint32_t l) {
  Lane& lane = lanes_[l];
  lane.scheduled = false;
  invocations_.end(kernel_.now());
  const std::size_t n = lane.batch;
  result_.iterator_age.record((kernel_.now() - lane.pending[n - 1].record.appended).ns);
  std::size_t first_failed = n;
  for (std::size_t i = 0; i < n; ++i) {
    Held& h = lane.pending[i];
    if (lane.outcomes[i] == Outcome::failed) {
      ++result_.failed;
      first_failed = std::min(first_failed, i);
      continue;
    }
    if (lane.outcomes[i] != Outcome::succeeded) continue;
    ++result_.processed;
    duplicates_.processed(h.record.cause.identity_of(h.record.event), kernel_.now());
    if (h.processed) {
      ++books_.events.duplicates_processed;
      continue;
    }
    h.processed = true;
    --holding_;
    ++books_.events.processed;
    const Duration latency = kernel_.now() - h.record.cause.root_time(h.record.produced);
    result_.end_to_end.record(latency.ns);
    books_.period_end_to_end.record(latency.ns);
    if (flow_ends_.tracking() && !lane.emitted[i])
      flow_ends_.end(h.record.event, h.record.cause, latency);
    processing_watch_.processed(h.record.event, h.record.cause, kernel_.now());
  }
  if (lane.timed_out) ++result_.timeouts;
  if (!lane.timed_out && first_failed == n) {
    pop(lane, n);
    lane.batch = 0;
    lane.attempts = 0;
    unblock(lane);
    try_start(l);
    return;
  }
  // The batch failed: its lane is blocked until it succeeds or is discarded.
  if (!lane.blocked) {
    lane.blocked = true;
    lane.blocked_since = kernel_.now();
  }
  std::size_t left = n;
  if (config_.report_batch_item_failures && !lane.timed_out) {
    // Checkpointed at the lowest failed record: the retry starts there.
    ++result_.partial_failures;
    pop(lane, first_failed);
    left = n - first_failed;
  } else {
    ++result_.failed_batches;
  }
  if (config_.stream_mapping.bisect_on_error && left > 1) {
    ++result_.bisections;
    lane.batch = (left + 1) / 2;
  } else {
    ++lane.attempts;
    const std::int32_t max = config_.stream_mapping.maximum_retry_attempts;
    if (max >= 0 && lane.attempts > max) {
      abandon(lane, left);
      try_start(l);
      return;
    }
    lane.batch = left;
  }
  ++result_.retried_batches;
  lane.scheduled = true;
  kernel_.schedule_in(config_.stream_mapping.retry_wait, id_, invoke, l);
}

void StreamMapping::handle(core::Kernel&, const core::Event& event) {
  const auto index = static_cast<std::uint32_t>(event.data);
  switch (event.kind) {
    case poll:
      fetch(index);
      return;
    case invoke:
      lanes_[index].scheduled = false;
      try_start(index);
      return;
    case invocation_done:
      finish(index);
      return;
    default:
      return;
  }
}

void StreamMapping::restart_measurements() {
  result_.duration.clear();
  result_.cold_start.clear();
  result_.end_to_end.clear();
  result_.iterator_age.clear();
  flow_ends_.clear();
  result_.peak_concurrency = busy_lanes_;
  result_.peak_executions = invocations_.running();
}

FunctionResult StreamMapping::result() const {
  FunctionResult r = result_;
  // A lane still blocked at the end has been blocked until now.
  for (const Lane& lane : lanes_) {
    if (!lane.blocked) continue;
    const auto blocked = static_cast<std::uint64_t>((kernel_.now() - lane.blocked_since).ns);
    r.blocked_ns += blocked;
    r.longest_block_ns = std::max(r.longest_block_ns, blocked);
  }
  // The on-failure destination's descriptions are events the function
  // made, as its emit list's are.
  r.emitted = emitters_.emitted() + on_failure_.emitted();
  r.counts_duplicates = duplicates_.counting();
  r.duplicates = duplicates_.count();
  r.gb_seconds = static_cast<double>(r.billed_ns) * 1e-9 * config_.memory_mb / 1024.0;
  return r;
}

}  // namespace edasim::model
