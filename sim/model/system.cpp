#include "sim/model/system.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "sim/model/bus/bus.hpp"
#include "sim/model/consumers/fleet.hpp"
#include "sim/model/invariants.hpp"
#include "sim/model/kinds.hpp"
#include "sim/model/producers/producer.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/streams/stream.hpp"
#include "sim/model/support/emit_list.hpp"

namespace edasim::model {

namespace {

// The ledger's lines as a result's plain call lines.
std::vector<CallLine> call_lines(const metrics::CallLedger& ledger) {
  std::vector<CallLine> out;
  for (const auto& line : ledger.lines()) {
    out.push_back(
        CallLine{line.component, line.kind, line.count.calls, line.count.billing_units, line.fifo});
  }
  return out;
}

}  // namespace

// Samples every part's gauges once per series period.
class System::Sampler final : public core::Component {
 public:
  Sampler(System& system, Duration period) : system_(system), period_(period) {}
  void attach(core::ComponentId id) { id_ = id; }
  void start() {
    if (period_ > Duration::zero()) system_.kernel_.schedule_in(period_, id_, 0);
  }
  void handle(core::Kernel& kernel, const core::Event&) override {
    row_.clear();
    // The period's end-to-end latency first: empty cells when nothing
    // finished in it.
    metrics::Histogram& latency = system_.books_.period_end_to_end;
    for (const double q : {0.5, 0.99}) {
      row_.push_back(latency.empty() ? std::numeric_limits<double>::quiet_NaN()
                                     : static_cast<double>(latency.quantile(q)) / 1e6);
    }
    latency.clear();
    for (auto& part : system_.parts_) part->sample(row_);
    system_.series_.append_row(kernel.now(), row_);
    if (kernel.now() + period_ <= system_.end_) kernel.schedule_in(period_, id_, 0);
  }

 private:
  System& system_;
  Duration period_;
  core::ComponentId id_ = 0;
  std::vector<double> row_;
};

System::System(const SystemConfig& config)
    : config_(config), end_(Time::zero() + config.duration), series_(config.series_period) {
  // Tallies in declaration order, so that RunResult::faults and the tallies
  // line up.
  for (const FaultConfig& f : config_.faults) books_.fault(f.name);
  assembly_ = std::make_unique<Assembly>(config_, kernel_, pool_, books_, event_sources_);
  for (const Kind& kind : kinds()) parts_.push_back(kind.build(*assembly_));
  for (auto& part : parts_) part->connect(*assembly_);
  series_.add_column("end_to_end.p50_ms");
  series_.add_column("end_to_end.p99_ms");
  for (auto& part : parts_) part->add_columns(series_);
  sampler_ = std::make_unique<Sampler>(*this, config_.series_period);
  sampler_->attach(kernel_.attach(*sampler_));
  monitor_ = std::make_unique<Monitor>(config_, kernel_, books_, assembly_->all<Queue>(),
                                       assembly_->all<Fleet>(), assembly_->all<Bus>());
  monitor_->attach(kernel_.attach(*monitor_));

  for (auto& part : parts_) part->start(end_);
  sampler_->start();
  monitor_->start();
}

// Parts go in the reverse of the order they were built, so none outlives a
// component it holds a reference to.
System::~System() {
  monitor_.reset();
  sampler_.reset();
  while (!parts_.empty()) parts_.pop_back();
}

void System::run_until(Time t) {
  t = std::min(t, end_);
  if (config_.cost && config_.cost->rest_of_month == CostConfig::RestOfMonth::steady) {
    const auto take = [&](Duration at, BillingSnapshot& into, bool& taken) {
      if (taken || Time::zero() + at > t) return;
      kernel_.run_until(Time::zero() + at);
      into = billing_snapshot();
      taken = true;
    };
    take(config_.cost->steady_from, steady_from_, steady_from_taken_);
    take(config_.cost->steady_to, steady_to_, steady_to_taken_);
  }
  kernel_.run_until(t);
}

BillingSnapshot System::billing_snapshot() const {
  BillingSnapshot s;
  s.at = kernel_.now() - Time::zero();
  s.calls = call_lines(books_.calls);
  for (const auto& part : parts_) part->bill(s);
  return s;
}

void System::warm_up(Time t) {
  run_until(t);
  for (auto& part : parts_) part->restart_measurements();
  measured_from_ = kernel_.now();
}

void System::run(const std::function<void(Time)>& progress) {
  // Slices of 1% of the run let a caller draw progress without the kernel
  // knowing about it.
  const Duration slice = std::max(config_.duration / 100, nanoseconds(1));
  while (kernel_.now() < end_) {
    run_until(kernel_.now() + slice);
    if (progress) progress(kernel_.now());
  }
}

RunResult System::result() {
  return gather(Handover::copy);
}

RunResult System::hand_over() {
  return gather(Handover::move);
}

RunResult System::gather(Handover how) {
  if (handed_over_) throw std::logic_error("the system's result was already handed over");
  handed_over_ = how == Handover::move;
  RunResult r;
  r.scenario = config_.name;
  r.question = config_.question;
  r.seed = config_.seed;
  r.simulated = kernel_.now() - Time::zero();
  r.warmup = measured_from_ - Time::zero();
  r.kernel_events = kernel_.executed();
  r.prices = config_.prices;
  r.cost = config_.cost;
  r.steady_from = steady_from_;
  r.steady_to = steady_to_;
  r.events = books_.events;
  r.emits = design_emits(config_);
  for (auto& part : parts_) {
    if (how == Handover::move) {
      part->hand_over(r);
    } else {
      part->report(r);
    }
  }
  r.calls = call_lines(books_.calls);
  r.series = how == Handover::move ? std::move(series_) : series_;
  r.metrics = monitor_->metrics();
  r.backlog_times = monitor_->backlog_times();
  r.backlog = monitor_->backlog();
  r.alarms = monitor_->alarms();
  // Attempts and successes of the same consumers, so at least 1.
  std::uint64_t attempts = 0, succeeded = 0;
  for (const FleetResult& f : r.fleets) {
    attempts += f.processed + f.failed;
    succeeded += f.processed;
  }
  for (const FunctionResult& f : r.functions) {
    attempts += f.processed + f.failed;
    succeeded += f.processed;
  }
  if (succeeded > 0) {
    r.amplification = static_cast<double>(attempts) / static_cast<double>(succeeded);
  }
  r.fault_impacts = fault_impacts(r, books_.faults);
  // Last: the checks read every figure above.
  r.invariants = check_invariants(r);
  return r;
}

std::vector<double> System::routed_fraction(std::uint64_t samples) {
  std::vector<double> out;
  for (Producer* p : assembly_->all<Producer>()) {
    out.push_back(samples == 0 ? 0.0
                               : static_cast<double>(p->sample_routed(samples)) /
                                     static_cast<double>(samples));
  }
  return out;
}

OfferedLoad System::offered_load(std::uint64_t samples) {
  std::vector<OfferedLoad::Source> sources;
  for (const ProducerConfig& p : config_.producers)
    sources.push_back(OfferedLoad::Source::of(p, end_));
  OfferedLoad load(sources);
  const std::vector<Producer*>& producers = assembly_->all<Producer>();
  for (std::size_t i = 0; i < producers.size(); ++i) {
    // The hottest partition of a stream is the highest of many sampled
    // counts, which sampling noise pushes up: a producer that writes to a
    // stream draws at least 1,000 events per partition (at most 1,000,000
    // in all), so that an even split reads at most about 10 % high.
    OfferedLoad probe({sources[i]});
    producers[i]->sample_offered(samples, probe);
    std::uint64_t count = samples;
    for (const ComponentLoad& l : probe.loads()) {
      if (l.table != "streams" || l.partition >= 0) continue;
      if (const Stream* stream = assembly_->find<Stream>(l.name)) {
        count = std::max<std::uint64_t>(
            count, std::min<std::uint64_t>(1'000'000, 1'000 * std::uint64_t{stream->partitions()}));
      }
    }
    load.from(i);
    producers[i]->sample_offered(count, load);
  }
  if (!design_emits(config_)) {
    for (const auto& part : parts_) part->offer(load);
    return load;
  }
  const OfferedLoad produced = load;
  for (const auto& part : parts_) part->offer(load);
  // Emitted events add load where they go, and what that load reaches may
  // emit in turn: each round starts again from the producers' samples with
  // the emissions the previous round's loads imply, until the figures stop
  // moving (a chain settles in as many rounds as it is deep; a feedback
  // loop converges geometrically with its probability).
  constexpr int kRounds = 64;
  constexpr double kSettled = 1e-9;
  for (int round = 0; round < kRounds; ++round) {
    OfferedLoad next = produced;
    for (const auto& part : parts_) part->offer_emissions(load, next);
    for (const auto& part : parts_) part->offer(next);
    const double change = next.largest_change(load);
    load = std::move(next);
    if (change <= kSettled) break;
  }
  return load;
}

Capacity System::capacity(const OfferedLoad& load) const {
  Capacity out;
  for (const auto& part : parts_) part->capacity(load, out);
  return out;
}

}  // namespace edasim::model
