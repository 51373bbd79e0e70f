#include "sim/model/requests/chain.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/offered_load.hpp"

namespace edasim::model {

namespace {

// A chain publishes each event once: it sends no duplicates.
struct Once final : Sender {
  void first_attempt(const Outgoing&, std::span<const std::uint32_t>) override {}
};

}  // namespace

Chain::Chain(ChainConfig config, std::vector<std::vector<Api*>> apis,
             std::unique_ptr<Destination> publish, const Context& context)
    : config_(std::move(config)),
      apis_(std::move(apis)),
      publish_(std::move(publish)),
      kernel_(context.kernel),
      books_(context.books),
      retry_rng_(context.seed, "chain:" + config_.name + "/retries") {
  if (apis_.size() != config_.steps.size())
    throw std::invalid_argument("chain " + config_.name + ": one API list per step expected");
  const std::string component = "chain:" + config_.name;
  for (std::size_t s = 0; s < config_.steps.size(); ++s) {
    const ChainStep& step = config_.steps[s];
    if (step.publish ? !apis_[s].empty()
                     : apis_[s].size() != step.apis.size() || step.apis.empty() ||
                           step.apis.size() > kMaxParallelCalls) {
      throw std::invalid_argument("chain " + config_.name + ": step " + std::to_string(s) +
                                  " has no valid call");
    }
    std::vector<metrics::CounterId> counters;
    for (const std::string& api : step.apis)
      counters.push_back(books_.calls.counter(component, api));
    counters_.push_back(std::move(counters));
  }
  // Every chain reports a PutEvents line, at zero when it does not publish;
  // the publish step's destination bills on the same line.
  books_.calls.counter(component, metrics::call_kind::kPutEvents);
  result_.name = config_.name;
}

bool Chain::publishes() const {
  return std::any_of(config_.steps.begin(), config_.steps.end(),
                     [](const ChainStep& s) { return s.publish.has_value(); });
}

void Chain::connect(
    const std::function<std::unique_ptr<Destination>(std::string_view, const std::string&)>& make) {
  if (publish_ != nullptr) return;
  for (const ChainStep& step : config_.steps) {
    if (step.publish) publish_ = make(step.publish_table, *step.publish);
  }
}

std::uint64_t Chain::tag(std::uint32_t slot, std::uint32_t branch) const {
  const std::uint64_t generation = requests_[slot].generation & 0xFFFFFF;
  return static_cast<std::uint64_t>(slot) | (generation << 32) |
         (static_cast<std::uint64_t>(branch) << 56);
}

void Chain::request(std::uint64_t event, Time produced, std::int64_t size,
                    std::span<const std::uint32_t> routes, SchemaRegistry::Check schema,
                    std::uint64_t key, std::uint64_t unwanted) {
  std::uint32_t slot;
  if (free_.empty()) {
    slot = static_cast<std::uint32_t>(requests_.size());
    requests_.emplace_back();
  } else {
    slot = free_.back();
    free_.pop_back();
  }
  Request& r = requests_[slot];
  r.event = event;
  r.produced = produced;
  r.size = size;
  r.key = key;
  r.unwanted = unwanted;
  r.step = 0;
  r.active = true;
  r.published = false;
  r.routes.assign(routes.begin(), routes.end());
  r.schema = schema;
  ++result_.requests;
  start_step(slot);
}

void Chain::start_step(std::uint32_t slot) {
  Request& r = requests_[slot];
  if (r.step == config_.steps.size()) {
    finish(slot, true);
    return;
  }
  const ChainStep& step = config_.steps[r.step];
  const std::size_t calls = step.publish ? 1 : step.apis.size();
  r.pending = static_cast<std::uint16_t>(calls);
  for (std::uint32_t b = 0; b < calls; ++b) {
    r.attempts[b] = 0;
    r.last_delay[b] = Duration::zero();
  }
  for (std::uint32_t b = 0; b < calls; ++b) issue_call(slot, b);
}

void Chain::issue_call(std::uint32_t slot, std::uint32_t branch) {
  Request& r = requests_[slot];
  const ChainStep& step = config_.steps[r.step];
  ++r.attempts[branch];
  ++result_.calls;
  if (r.attempts[branch] > 1) ++result_.retries;
  Duration latency;
  bool ok = true;
  Failure cause = Failure::error;
  std::uint32_t blame = 0;
  // The latency without the faults in force, and the brownout that slowed
  // the call, for a timeout.
  Duration own_latency;
  std::uint32_t slowed_by = 0;
  if (step.publish) {
    latency = publish_->request_latency(retry_rng_);
    own_latency = latency;
    Outgoing entry;
    entry.event = r.event;
    entry.produced = r.produced;
    entry.size = r.size;
    entry.key = r.key;
    entry.unwanted = r.unwanted;
    entry.route_count = static_cast<std::uint32_t>(r.routes.size());
    entry.schema = r.schema;
    throttled_.clear();
    throttled_routes_.clear();
    Once once;
    // edasim::Request: a request to a destination, not one of the chain's.
    publish_->send(
        edasim::model::Request{
            {&entry, 1}, r.routes, r.attempts[branch], throttled_, throttled_routes_, &blame},
        once);
    if (throttled_.empty()) {
      r.published = true;
    } else {
      ok = false;
      cause = Failure::rejected;
    }
  } else {
    const Api::Call call = apis_[r.step][branch]->call(kernel_.now());
    books_.calls.add(counters_[r.step][branch], 1, 1);
    latency = call.latency;
    ok = call.outcome == Api::Outcome::ok;
    cause = call.outcome == Api::Outcome::rejected ? Failure::rejected : Failure::error;
    blame = call.outcome == Api::Outcome::error ? call.fault : 0;
    own_latency = call.own_latency;
    slowed_by = call.slowed_by;
  }
  if (step.timeout > Duration::zero() && latency > step.timeout) {
    latency = step.timeout;
    ok = false;
    cause = Failure::timeout;
    // A timeout the call would have hit anyway is no fault's.
    blame = own_latency > step.timeout ? 0 : slowed_by;
  }
  r.ok[branch] = ok;
  r.cause[branch] = cause;
  r.blame[branch] = blame;
  kernel_.schedule_in(latency, id_, call_done, tag(slot, branch));
}

void Chain::call_finished(std::uint32_t slot, std::uint32_t branch) {
  Request& r = requests_[slot];
  const ChainStep& step = config_.steps[r.step];
  if (!r.ok[branch]) {
    ++result_.failed_calls;
    FaultTally* fault = books_.blamed(r.blame[branch]);
    if (fault != nullptr) ++fault->failed_calls;
    if (r.attempts[branch] < step.retry.max_attempts) {
      const Duration wait =
          step.retry.delay(r.attempts[branch] - 1U, r.last_delay[branch], retry_rng_);
      r.last_delay[branch] = wait;
      kernel_.schedule_in(wait, id_, retry_call, tag(slot, branch));
      return;
    }
    if (!step.optional) {
      switch (r.cause[branch]) {
        case Failure::error:
          ++result_.failed_errors;
          break;
        case Failure::timeout:
          ++result_.failed_timeouts;
          break;
        case Failure::rejected:
          ++result_.failed_rejections;
          break;
      }
      if (fault != nullptr) ++fault->failed_requests;
      finish(slot, false);
      return;
    }
    ++result_.optional_given_up;
  }
  if (--r.pending > 0) return;
  ++r.step;
  start_step(slot);
}

void Chain::finish(std::uint32_t slot, bool succeeded) {
  Request& r = requests_[slot];
  const Duration took = kernel_.now() - r.produced;
  if (succeeded) {
    ++result_.succeeded;
    result_.latency.record(took.ns);
    // A chain that publishes hands its event on: the latency is measured
    // where that event ends.
    if (!publishes()) books_.period_end_to_end.record(took.ns);
    if (!r.published) {
      ++books_.events.routed_events;
      ++books_.events.copies;
      ++books_.events.processed;
    }
  } else {
    ++result_.failed;
    result_.failed_latency.record(took.ns);
    if (!r.published) ++books_.events.failed_requests;
  }
  r.active = false;
  ++r.generation;
  free_.push_back(slot);
}

void Chain::handle(core::Kernel&, const core::Event& event) {
  const auto slot = static_cast<std::uint32_t>(event.data & 0xFFFFFFFF);
  const auto generation = static_cast<std::uint32_t>((event.data >> 32) & 0xFFFFFF);
  const auto branch = static_cast<std::uint32_t>(event.data >> 56);
  const Request& r = requests_[slot];
  // A request that failed while other calls of its step were out: their
  // answers come to nobody.
  if (!r.active || (r.generation & 0xFFFFFF) != generation) return;
  if (event.kind == call_done) {
    call_finished(slot, branch);
  } else {
    issue_call(slot, branch);
  }
}

std::uint64_t Chain::awaiting_routing() const {
  std::uint64_t n = 0;
  for (const Request& r : requests_) n += r.active && !r.published ? 1 : 0;
  return n;
}

ChainResult Chain::result() const {
  ChainResult r = result_;
  r.in_progress = in_progress();
  return r;
}

void Chain::offer(const OfferSample& s, OfferedLoad& load) const {
  const double w = s.weight;
  load.add("chains", name(), {w, w * static_cast<double>(s.entry.size), w});
  for (std::size_t step = 0; step < config_.steps.size(); ++step) {
    for (const Api* api : apis_[step]) load.add("apis", api->name(), {w, 0, w});
  }
  // Each request publishes its own event: one PutEvents entry per request.
  if (publish_ != nullptr) publish_->offer(OfferSample{s.entry, s.routes, w, 1}, load);
}

}  // namespace edasim::model
