#include "sim/model/streams/consumer_group.hpp"

#include <algorithm>
#include <utility>

#include "sim/model/support/message.hpp"

namespace edasim::model {

ConsumerGroup::ConsumerGroup(ConsumerGroupConfig config, Stream& stream, const Context& context)
    : config_(std::move(config)),
      stream_(stream),
      kernel_(context.kernel),
      books_(context.books),
      group_(stream.add_group(config_.enhanced_fan_out)),
      processing_rng_(context.seed, "group:" + config_.name + "/processing"),
      partitions_(stream.partitions()),
      kinesis_(stream.config().kind == StreamConfig::Kind::kinesis) {
  const std::string component = "group:" + config_.name;
  fetch_ = books_.calls.counter(component, kinesis_ ? "GetRecords" : "Fetch");
  commit_ = books_.calls.counter(component, kinesis_ ? "Checkpoint" : "OffsetCommit");
  result_.name = config_.name;
  result_.stream = config_.stream;
}

void ConsumerGroup::start() {
  for (std::int32_t i = 0; i < config_.consumers; ++i) join();
  // The group forms before the run: no pause for the first assignment.
  rebalance();
  result_.rebalances = 0;
  result_.paused = Duration::zero();
  for (PartitionState& p : partitions_) p.paused_until = Time::zero();
  for (std::size_t i = 0; i < config_.changes.size(); ++i) {
    kernel_.schedule(Time::zero() + config_.changes[i].at, id_, change, i);
  }
  kernel_.schedule_in(config_.commit_interval, id_, commit);
}

std::uint32_t ConsumerGroup::join() {
  std::uint32_t c = 0;
  while (c < consumers_.size() && consumers_[c].alive) ++c;
  if (c == consumers_.size()) consumers_.emplace_back();
  consumers_[c].alive = true;
  consumers_[c].busy = false;
  return c;
}

std::int32_t ConsumerGroup::last_alive() const {
  for (std::size_t c = consumers_.size(); c-- > 0;) {
    if (consumers_[c].alive) return static_cast<std::int32_t>(c);
  }
  return -1;
}

std::int32_t ConsumerGroup::live_consumers() const {
  std::int32_t n = 0;
  for (const Consumer& c : consumers_) n += c.alive ? 1 : 0;
  return n;
}

void ConsumerGroup::leave(std::uint32_t consumer, bool commit_first) {
  Consumer& k = consumers_[consumer];
  k.alive = false;
  k.busy = false;
  ++k.generation;
  ++k.token;
  for (const std::uint32_t p : k.partitions) {
    StreamCursor& c = stream_.cursor(group_, p);
    if (commit_first) {
      c.committed = std::max(c.committed, c.finished);
      stream_.release(p);
    }
    // What it fetched but did not finish is fetched again by the next owner.
    c.position = commit_first ? c.finished : c.committed;
    c.finished = c.position;
  }
}

void ConsumerGroup::rebalance() {
  ++result_.rebalances;
  std::vector<std::uint32_t> alive;
  for (std::uint32_t c = 0; c < consumers_.size(); ++c) {
    if (consumers_[c].alive) alive.push_back(c);
  }
  const auto count = static_cast<std::uint32_t>(partitions_.size());
  std::vector<std::int32_t> owner(count, -1);
  if (!alive.empty()) {
    if (config_.rebalance == ConsumerGroupConfig::Rebalance::eager) {
      for (std::uint32_t p = 0; p < count; ++p) {
        owner[p] = static_cast<std::int32_t>(alive[p % alive.size()]);
      }
    } else {
      // Sticky: a live owner keeps up to its fair share; the rest go to the
      // consumers with the fewest partitions.
      const std::size_t n = alive.size();
      std::vector<std::uint32_t> load(consumers_.size(), 0);
      for (std::uint32_t p = 0; p < count; ++p) {
        const std::int32_t o = partitions_[p].owner;
        if (o < 0 || !consumers_[static_cast<std::size_t>(o)].alive) continue;
        const std::size_t rank = static_cast<std::size_t>(
            std::find(alive.begin(), alive.end(), static_cast<std::uint32_t>(o)) - alive.begin());
        const std::uint32_t share =
            static_cast<std::uint32_t>(count / n + (rank < count % n ? 1 : 0));
        if (load[static_cast<std::size_t>(o)] < share) {
          owner[p] = o;
          ++load[static_cast<std::size_t>(o)];
        }
      }
      for (std::uint32_t p = 0; p < count; ++p) {
        if (owner[p] >= 0) continue;
        std::uint32_t best = alive.front();
        for (const std::uint32_t c : alive) {
          if (load[c] < load[best]) best = c;
        }
        owner[p] = static_cast<std::int32_t>(best);
        ++load[best];
      }
    }
  }
  const Time resume = kernel_.now() + config_.rebalance_pause;
  const bool eager = config_.rebalance == ConsumerGroupConfig::Rebalance::eager;
  for (std::uint32_t p = 0; p < count; ++p) {
    PartitionState& ps = partitions_[p];
    const bool moved = owner[p] != ps.owner;
    if (moved) {
      StreamCursor& c = stream_.cursor(group_, p);
      // A live owner that hands a partition over commits first.
      if (ps.owner >= 0 && consumers_[static_cast<std::size_t>(ps.owner)].alive) {
        c.committed = std::max(c.committed, c.finished);
        stream_.release(p);
      }
      c.position = std::max(c.committed, std::min(c.position, c.finished));
      c.finished = c.position;
    }
    if (eager || moved) {
      result_.paused += resume - std::max(kernel_.now(), ps.paused_until);
      ps.paused_until = resume;
    }
    ps.owner = owner[p];
  }
  for (Consumer& k : consumers_) {
    k.partitions.clear();
    k.next = 0;
  }
  for (std::uint32_t p = 0; p < count; ++p) {
    if (owner[p] >= 0) consumers_[static_cast<std::size_t>(owner[p])].partitions.push_back(p);
  }
  for (const std::uint32_t c : alive) {
    if (!consumers_[c].busy) kick(c);
  }
}

void ConsumerGroup::kick(std::uint32_t consumer) {
  Consumer& k = consumers_[consumer];
  ++k.token;
  kernel_.schedule_in(Duration::zero(), id_, fetch, pack(consumer, k.token));
}

void ConsumerGroup::poll(std::uint32_t consumer) {
  Consumer& k = consumers_[consumer];
  if (!k.alive || k.busy || k.partitions.empty()) return;
  const Time now = kernel_.now();
  const Duration propagation = config_.enhanced_fan_out ? stream_.config().fan_out_propagation
                                                        : stream_.config().propagation;
  const std::size_t n = k.partitions.size();
  Time wake = now + config_.poll_interval;
  std::uint64_t empty_reads = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t slot = (k.next + i) % n;
    const std::uint32_t p = k.partitions[slot];
    PartitionState& ps = partitions_[p];
    if (ps.paused_until > now || ps.next_read > now) {
      wake = std::min(wake, std::max(ps.paused_until, ps.next_read));
      continue;
    }
    StreamCursor& c = stream_.cursor(group_, p);
    const bool ready =
        c.position < stream_.end(p) && stream_.record(p, c.position).appended + propagation <= now;
    const std::int64_t budget = ready ? stream_.read_budget(group_, p) : 0;
    if (!ready || budget <= 0) {
      // An empty read: it still counts as a call and as the partition's read.
      ++empty_reads;
      ps.next_read = now + config_.poll_interval;
      if (c.position < stream_.end(p)) {
        const Time readable = stream_.record(p, c.position).appended + propagation;
        wake = std::min(wake, std::max(ps.next_read, readable));
      }
      continue;
    }
    // One processing time per record taken.
    std::uint64_t to = c.position;
    std::int64_t bytes = 0;
    Duration work = Duration::zero();
    k.records.clear();
    while (to < stream_.end(p) && to - c.position < static_cast<std::uint64_t>(config_.batch)) {
      const StreamRecord& r = stream_.record(p, to);
      if (r.appended + propagation > now) break;
      if (to > c.position && bytes + r.size > budget) break;
      bytes += r.size;
      work += config_.processing.sample(processing_rng_);
      // What the emit list needs of the record, kept from the fetch: a
      // commit during the batch may free the record (a re-processed one's
      // offset is below what the group has processed).
      if (!emitters_.empty()) k.records.push_back(Processed{r.event, r.produced, r.size, r.cause});
      ++to;
    }
    stream_.consume_read(group_, p, bytes);
    if (kinesis_) count_empty_reads(empty_reads);
    books_.calls.add(fetch_, 1, 1);
    ++result_.fetches;
    ps.next_read = now + config_.poll_interval;
    k.next = (slot + 1) % n;
    k.busy = true;
    k.partition = p;
    k.from = c.position;
    k.to = to;
    c.position = to;
    kernel_.schedule_in(work, id_, batch_done, pack(consumer, k.generation));
    return;
  }
  count_empty_reads(empty_reads);
  kernel_.schedule(std::max(wake, now + nanoseconds(1)), id_, fetch, pack(consumer, k.token));
}

void ConsumerGroup::count_empty_reads(std::uint64_t reads) {
  // Kinesis needs a GetRecords per shard; a Kafka fetch asks for all of a
  // consumer's partitions at once.
  const std::uint64_t calls = kinesis_ ? reads : std::min<std::uint64_t>(reads, 1);
  if (calls == 0) return;
  books_.calls.add(fetch_, calls, calls);
  result_.fetches += calls;
  result_.empty_fetches += calls;
}

void ConsumerGroup::finish_batch(std::uint32_t consumer) {
  Consumer& k = consumers_[consumer];
  const std::uint32_t p = k.partition;
  StreamCursor& c = stream_.cursor(group_, p);
  for (std::uint64_t offset = k.from; offset < k.to; ++offset) {
    // A record processed again emits again, as its first processing did.
    const bool emitted =
        !emitters_.empty() && emitters_.attempt_ended(k.records[offset - k.from], true);
    if (offset < c.processed) {
      ++result_.reprocessed;
      ++books_.events.duplicates_processed;
      continue;
    }
    ++result_.processed;
    ++books_.events.processed;
    if (stream_.holds(p, offset)) {
      // From the root's production, as fleets and functions measure.
      const StreamRecord& r = stream_.record(p, offset);
      const Duration latency = kernel_.now() - r.cause.root_time(r.produced);
      result_.end_to_end.record(latency.ns);
      books_.period_end_to_end.record(latency.ns);
      // A flow ends at a successful processing that emits nothing.
      if (!emitted) flow_ends_.end(r.event, r.cause, latency);
    }
  }
  c.processed = std::max(c.processed, k.to);
  c.finished = std::max(c.finished, k.to);
  if (partitions_[p].owner != static_cast<std::int32_t>(consumer)) {
    // Revoked while this batch ran: the handover commits it.
    c.committed = std::max(c.committed, k.to);
    c.position = std::max(c.position, k.to);
    stream_.release(p);
  }
  k.busy = false;
  ++k.token;
  poll(consumer);
}

void ConsumerGroup::commit_all() {
  for (std::uint32_t p = 0; p < partitions_.size(); ++p) {
    const std::int32_t o = partitions_[p].owner;
    if (o < 0 || !consumers_[static_cast<std::size_t>(o)].alive) continue;
    StreamCursor& c = stream_.cursor(group_, p);
    c.committed = std::max(c.committed, c.finished);
    stream_.release(p);
    if (kinesis_) books_.calls.add(commit_, 1, 1);
  }
  if (!kinesis_) {
    const auto live = static_cast<std::uint64_t>(live_consumers());
    if (live > 0) books_.calls.add(commit_, live, live);
  }
}

void ConsumerGroup::handle(core::Kernel&, const core::Event& event) {
  switch (event.kind) {
    case fetch: {
      const std::uint32_t c = packed_id(event.data);
      if (consumers_[c].token == packed_counter(event.data)) poll(c);
      return;
    }
    case batch_done: {
      const std::uint32_t c = packed_id(event.data);
      if (consumers_[c].generation == packed_counter(event.data) && consumers_[c].busy)
        finish_batch(c);
      return;
    }
    case commit:
      commit_all();
      kernel_.schedule_in(config_.commit_interval, id_, commit);
      return;
    case change: {
      const MembershipChange& m = config_.changes[event.data];
      if (m.kind == MembershipChange::Kind::join) {
        join();
        rebalance();
        return;
      }
      const std::int32_t victim = last_alive();
      if (victim < 0) return;
      if (m.kind == MembershipChange::Kind::leave) {
        leave(static_cast<std::uint32_t>(victim), true);
        rebalance();
        return;
      }
      // A crash: nothing is committed, and the group notices only when the
      // session times out.
      leave(static_cast<std::uint32_t>(victim), false);
      kernel_.schedule_in(config_.session_timeout, id_, session_expired);
      return;
    }
    case session_expired:
      rebalance();
      return;
    default:
      return;
  }
}

std::uint64_t ConsumerGroup::lag() const {
  std::uint64_t n = 0;
  for (std::uint32_t p = 0; p < partitions_.size(); ++p) {
    n += stream_.end(p) - stream_.cursor(group_, p).committed;
  }
  return n;
}

Duration ConsumerGroup::iterator_age() const {
  Duration oldest = Duration::zero();
  for (std::uint32_t p = 0; p < partitions_.size(); ++p) {
    const StreamCursor& c = stream_.cursor(group_, p);
    if (c.position >= stream_.end(p) || !stream_.holds(p, c.position)) continue;
    oldest = std::max(oldest, kernel_.now() - stream_.record(p, c.position).appended);
  }
  return oldest;
}

void ConsumerGroup::sample() {
  result_.max_lag = std::max(result_.max_lag, lag());
  result_.max_iterator_age = std::max(result_.max_iterator_age, iterator_age());
}

void ConsumerGroup::restart_measurements() {
  result_.end_to_end.clear();
  flow_ends_.clear();
  result_.max_lag = lag();
  result_.max_iterator_age = iterator_age();
}

ConsumerGroupResult ConsumerGroup::result() const {
  ConsumerGroupResult r = result_;
  r.consumers = live_consumers();
  r.emitted = emitters_.emitted();
  r.expired = stream_.expired(group_);
  r.final_lag = lag();
  r.max_lag = std::max(r.max_lag, r.final_lag);
  r.max_iterator_age = std::max(r.max_iterator_age, iterator_age());
  return r;
}

}  // namespace edasim::model
