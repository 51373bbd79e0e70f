#include "sim/model/system.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/model/bus/bus_destination.hpp"
#include "sim/model/invariants.hpp"
#include "sim/model/queues/queue_destination.hpp"
#include "sim/model/requests/chain_destination.hpp"
#include "sim/model/requests/source_destination.hpp"
#include "sim/model/streams/stream_destination.hpp"
#include "sim/model/topics/topic_destination.hpp"

namespace edasim {

namespace {

template <typename T>
T* find_named(std::vector<std::unique_ptr<T>>& items, const std::string& name) {
  for (auto& item : items) {
    if (item->name() == name) return item.get();
  }
  return nullptr;
}

}  // namespace

// Samples every queue's gauges once per series period.
class System::Sampler final : public Component {
 public:
  Sampler(System& system, Duration period) : system_(system), period_(period) {}
  void attach(ComponentId id) { id_ = id; }
  void start() {
    if (period_ > Duration::zero()) system_.kernel_.schedule_in(period_, id_, 0);
  }
  void handle(Kernel& kernel, const Event&) override {
    row_.clear();
    for (auto& q : system_.queues_) {
      row_.push_back(static_cast<double>(q->visible()));
      row_.push_back(static_cast<double>(q->in_flight()));
      row_.push_back(q->oldest_age().seconds());
    }
    for (auto& f : system_.fleets_) {
      if (!f->config().autoscaling.enabled) continue;
      row_.push_back(static_cast<double>(f->instances()));
      row_.push_back(static_cast<double>(f->running_instances()));
    }
    for (auto& f : system_.functions_) {
      row_.push_back(static_cast<double>(f->concurrency()));
      row_.push_back(static_cast<double>(f->executions()));
    }
    for (auto& g : system_.groups_) {
      g->sample();
      row_.push_back(static_cast<double>(g->lag()));
      row_.push_back(g->iterator_age().seconds());
    }
    system_.series_.append_row(kernel.now(), row_);
    if (kernel.now() + period_ <= system_.end_) kernel.schedule_in(period_, id_, 0);
  }

 private:
  System& system_;
  Duration period_;
  ComponentId id_ = 0;
  std::vector<double> row_;
};

System::System(const SystemConfig& config)
    : config_(config), end_(Time::zero() + config.duration), series_(config.series_period) {
  const std::uint64_t seed = config_.seed;
  // Tallies in declaration order, so that RunResult::faults and the tallies
  // line up.
  for (const FaultConfig& f : config_.faults) books_.fault(f.name);
  for (const QueueConfig& qc : config_.queues) {
    const auto index = static_cast<std::uint32_t>(queues_.size());
    queues_.push_back(std::make_unique<Queue>(qc, index, seed, kernel_, pool_, books_));
    queues_.back()->attach(kernel_.attach(*queues_.back()));
  }
  peers_.clear();
  for (auto& q : queues_) peers_.push_back(q.get());
  for (auto& q : queues_) q->set_peers(peers_);
  for (auto& q : queues_) {
    if (!q->config().dead_letter_queue) continue;
    Queue* dlq = find_named(queues_, *q->config().dead_letter_queue);
    if (dlq == nullptr || dlq == q.get()) {
      throw std::invalid_argument("queue " + q->name() + ": dead-letter queue " +
                                  *q->config().dead_letter_queue + " is not another queue");
    }
    q->set_dead_letter_queue(*dlq);
    dlq->mark_as_dead_letter_queue();
  }
  for (const BusConfig& bc : config_.buses) {
    const auto index = static_cast<std::uint32_t>(buses_.size());
    std::vector<Queue*> queues;
    for (auto& q : queues_) queues.push_back(q.get());
    buses_.push_back(std::make_unique<Bus>(bc, index, seed, kernel_, books_, queues));
    buses_.back()->attach(kernel_.attach(*buses_.back()));
  }
  for (const ApiConfig& ac : config_.apis) apis_.push_back(std::make_unique<Api>(ac, seed));
  for (const ChainConfig& cc : config_.chains) {
    std::vector<std::vector<Api*>> apis;
    Bus* bus = nullptr;
    for (const ChainStep& step : cc.steps) {
      std::vector<Api*> calls;
      for (const std::string& name : step.apis) {
        Api* api = find_named(apis_, name);
        if (api == nullptr)
          throw std::invalid_argument("chain " + cc.name + ": no such API " + name);
        calls.push_back(api);
      }
      apis.push_back(std::move(calls));
      if (step.publish) {
        bus = find_named(buses_, *step.publish);
        if (bus == nullptr)
          throw std::invalid_argument("chain " + cc.name + ": no such bus " + *step.publish);
      }
    }
    chains_.push_back(std::make_unique<Chain>(cc, std::move(apis), bus, seed, kernel_, books_));
    chains_.back()->attach(kernel_.attach(*chains_.back()));
  }
  for (const StreamConfig& sc : config_.streams) {
    streams_.push_back(std::make_unique<Stream>(sc, kernel_, books_));
    streams_.back()->attach(kernel_.attach(*streams_.back()));
  }
  for (const TopicConfig& tc : config_.topics) {
    topics_.push_back(std::make_unique<Topic>(tc, seed, kernel_, books_, peers_));
    topics_.back()->attach(kernel_.attach(*topics_.back()));
    for (const SubscriptionConfig& s : tc.subscriptions) {
      if (s.dead_letter_queue)
        find_named(queues_, *s.dead_letter_queue)->mark_as_dead_letter_queue();
    }
  }
  std::vector<std::uint64_t> event_bases;
  for (const ProducerConfig& pc : config_.producers) {
    const std::uint64_t base = Producer::event_base(pc.name, event_bases);
    event_bases.push_back(base);
    producers_.push_back(std::make_unique<Producer>(pc, base, seed, kernel_, books_));
    producers_.back()->attach(kernel_.attach(*producers_.back()));
    // Queues and polling sources are connected with the consumers' wants
    // and the pollers (connect_point_to_point_and_polling).
    if (pc.sink == ProducerConfig::Sink::queue || pc.sink == ProducerConfig::Sink::source) continue;
    const std::string component = "producer:" + pc.name;
    std::unique_ptr<Destination> destination;
    if (pc.sink == ProducerConfig::Sink::bus) {
      if (Bus* bus = find_named(buses_, pc.target))
        destination = std::make_unique<BusDestination>(*bus, component, kernel_, books_);
    } else if (pc.sink == ProducerConfig::Sink::topic) {
      if (Topic* topic = find_named(topics_, pc.target))
        destination = std::make_unique<TopicDestination>(*topic, component, books_);
    } else if (pc.sink == ProducerConfig::Sink::stream) {
      if (Stream* stream = find_named(streams_, pc.target))
        destination = std::make_unique<StreamDestination>(*stream, component, books_);
    } else if (pc.sink == ProducerConfig::Sink::chain) {
      if (Chain* chain = find_named(chains_, pc.target))
        destination = std::make_unique<ChainDestination>(*chain);
    }
    if (destination == nullptr)
      throw std::invalid_argument("producer " + pc.name + ": no such target " + pc.target);
    producers_.back()->send_to(std::move(destination));
  }
  std::vector<std::string> poison_patterns;
  for (const FaultConfig& f : config_.faults) {
    if (f.kind == FaultConfig::Kind::poison && !f.pattern.empty()) {
      poison_patterns.push_back(f.pattern);
    }
  }
  if (poison_patterns.size() > max_poison_patterns) {
    throw std::invalid_argument("more than 32 poison faults with a pattern");
  }
  if (!poison_patterns.empty()) {
    for (auto& p : producers_) p->mark_poison(poison_patterns);
  }
  for (const FleetConfig& fc : config_.fleets) {
    Queue* queue = find_named(queues_, fc.queue);
    if (queue == nullptr)
      throw std::invalid_argument("consumer " + fc.name + ": no such queue " + fc.queue);
    std::vector<Api*> apis;
    for (const auto& [name, count] : fc.calls) {
      Api* api = find_named(apis_, name);
      if (api == nullptr)
        throw std::invalid_argument("consumer " + fc.name + ": no such API " + name);
      apis.push_back(api);
    }
    if (fc.on_failure.kind == FailurePolicy::Kind::repush && !queue->has_dead_letter_queue()) {
      throw std::invalid_argument("consumer " + fc.name + ": re-push needs queue " + fc.queue +
                                  " to have a dead-letter queue");
    }
    fleets_.push_back(std::make_unique<Fleet>(fc, *queue, std::move(apis), seed, kernel_, books_));
    fleets_.back()->attach(kernel_.attach(*fleets_.back()));
  }
  connect_point_to_point_and_polling();
  for (const LambdaConfig& lc : config_.functions) {
    Queue* queue = find_named(queues_, lc.queue);
    if (queue == nullptr)
      throw std::invalid_argument("function " + lc.name + ": no such queue " + lc.queue);
    functions_.push_back(std::make_unique<LambdaPollers>(lc, *queue, seed, kernel_, books_));
    functions_.back()->attach(kernel_.attach(*functions_.back()));
  }
  for (const ConsumerGroupConfig& gc : config_.groups) {
    Stream* stream = find_named(streams_, gc.stream);
    if (stream == nullptr)
      throw std::invalid_argument("consumer group " + gc.name + ": no such stream " + gc.stream);
    groups_.push_back(std::make_unique<ConsumerGroup>(gc, *stream, seed, kernel_, books_));
    groups_.back()->attach(kernel_.attach(*groups_.back()));
  }
  // Poison patterns take bits in the order the scenario declares them, as
  // the producers compiled them above.
  std::uint32_t patterns_seen = 0;
  const auto pattern_bit = [&patterns_seen](const FaultConfig& f) {
    if (f.kind != FaultConfig::Kind::poison || f.pattern.empty()) return UINT32_MAX;
    return patterns_seen++;
  };
  for (const FaultConfig& f : config_.faults) {
    switch (f.kind) {
      case FaultConfig::Kind::downstream_brownout:
      case FaultConfig::Kind::downstream_outage: {
        Api* api = find_named(apis_, f.target);
        if (api == nullptr)
          throw std::invalid_argument("fault " + f.name + ": no such API " + f.target);
        api->add_fault(f, books_.fault(f.name) + 1);
        break;
      }
      case FaultConfig::Kind::bus_throttling: {
        Bus* bus = find_named(buses_, f.target);
        if (bus == nullptr)
          throw std::invalid_argument("fault " + f.name + ": no such bus " + f.target);
        bus->add_fault(f);
        break;
      }
      case FaultConfig::Kind::target_outage: {
        bool hits = false;
        for (auto& b : buses_) hits = b->add_target_fault(f) || hits;
        if (!hits)
          throw std::invalid_argument("fault " + f.name + ": no rule targets queue " + f.target);
        break;
      }
      default: {
        Fleet* fleet = find_named(fleets_, f.target);
        if (fleet == nullptr)
          throw std::invalid_argument("fault " + f.name + ": no such consumer " + f.target);
        fleet->add_fault(f, seed, pattern_bit(f));
        break;
      }
    }
  }
  for (auto& q : queues_) {
    series_.add_column(q->name() + ".visible");
    series_.add_column(q->name() + ".in_flight");
    series_.add_column(q->name() + ".oldest_age_s");
  }
  // Only autoscaled fleets change size, so only they add columns.
  for (auto& f : fleets_) {
    if (!f->config().autoscaling.enabled) continue;
    series_.add_column(f->name() + ".instances");
    series_.add_column(f->name() + ".running");
  }
  for (auto& f : functions_) {
    series_.add_column(f->name() + ".concurrency");
    series_.add_column(f->name() + ".executions");
  }
  for (auto& g : groups_) {
    series_.add_column(g->name() + ".lag");
    series_.add_column(g->name() + ".iterator_age_s");
  }
  sampler_ = std::make_unique<Sampler>(*this, config_.series_period);
  sampler_->attach(kernel_.attach(*sampler_));
  {
    std::vector<Queue*> queues;
    for (auto& q : queues_) queues.push_back(q.get());
    std::vector<Fleet*> fleets;
    for (auto& f : fleets_) fleets.push_back(f.get());
    std::vector<Bus*> buses;
    for (auto& b : buses_) buses.push_back(b.get());
    monitor_ = std::make_unique<Monitor>(config_, kernel_, books_, std::move(queues),
                                         std::move(fleets), std::move(buses));
    monitor_->attach(kernel_.attach(*monitor_));
  }

  for (auto& p : producers_) p->start(end_);
  for (auto& p : pollers_) p->start(end_);
  for (auto& f : fleets_) f->start();
  for (auto& f : functions_) f->start();
  for (auto& s : streams_) s->start();
  for (auto& g : groups_) g->start();
  for (auto& q : queues_) q->start();
  for (auto& b : buses_) b->start();
  sampler_->start();
  monitor_->start();
}

void System::connect_point_to_point_and_polling() {
  const auto api_named = [this](const std::string& name) { return find_named(apis_, name); };
  for (const PollerConfig& pc : config_.pollers) {
    pollers_.push_back(std::make_unique<Poller>(pc, api_named(pc.list_api), api_named(pc.fetch_api),
                                                config_.seed, kernel_, books_));
    pollers_.back()->attach(kernel_.attach(*pollers_.back()));
  }
  for (std::size_t i = 0; i < config_.producers.size(); ++i) {
    const ProducerConfig& pc = config_.producers[i];
    const std::vector<std::string> one{pc.target};
    const std::vector<std::string>& targets = pc.targets.empty() ? one : pc.targets;
    if (pc.sink == ProducerConfig::Sink::source) {
      std::vector<Poller*> sources;
      for (const std::string& t : targets) {
        Poller* poller = find_named(pollers_, t);
        if (poller == nullptr)
          throw std::invalid_argument("producer " + pc.name + ": no such poller " + t);
        sources.push_back(poller);
      }
      producers_[i]->send_to(std::make_unique<SourceDestination>(std::move(sources), books_));
      continue;
    }
    if (pc.sink != ProducerConfig::Sink::queue) continue;
    const std::string component = "producer:" + pc.name;
    std::vector<Queue*> queues;
    std::vector<std::string> wants;
    bool any_wants = false;
    for (const std::string& t : targets) {
      Queue* queue = find_named(queues_, t);
      if (queue == nullptr)
        throw std::invalid_argument("producer " + pc.name + ": no such queue " + t);
      queues.push_back(queue);
      wants.emplace_back();
      for (const FleetConfig& fc : config_.fleets) {
        if (fc.queue == t && !fc.wants.empty()) {
          wants.back() = fc.wants;
          break;
        }
      }
      any_wants = any_wants || !wants.back().empty();
    }
    if (targets.size() > 1 || any_wants) {
      producers_[i]->send_to(
          std::make_unique<PointToPointDestination>(std::move(queues), wants, component, books_));
    } else {
      producers_[i]->send_to(std::make_unique<QueueDestination>(*queues[0], component, books_));
    }
  }
}

System::~System() = default;

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
  for (const auto& line : books_.calls.lines()) {
    s.calls.push_back(
        CallLine{line.component, line.kind, line.count.calls, line.count.billing_units, line.fifo});
  }
  for (const auto& f : fleets_) {
    s.fleet_instance_hours.push_back(f->result(kernel_.now()).instance_hours);
  }
  for (const auto& f : functions_) {
    const FunctionResult r = f->result();
    s.function_invocations.push_back(r.invocations);
    s.function_gb_seconds.push_back(r.gb_seconds);
  }
  for (const auto& a : apis_) {
    const ApiResult r = a->result();
    s.api_admitted.push_back(r.calls - r.rejected);
  }
  return s;
}

void System::warm_up(Time t) {
  run_until(t);
  for (auto& f : fleets_) f->restart_measurements();
  for (auto& q : queues_) q->restart_measurements();
  for (auto& p : pollers_) p->restart_measurements();
  for (auto& f : functions_) f->restart_measurements();
  for (auto& g : groups_) g->restart_measurements();
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
  for (auto& q : queues_) {
    QueueResult qr = q->result();
    (qr.is_dead_letter_queue ? r.events.dlq : r.events.in_flight) += q->live_messages();
    r.queues.push_back(std::move(qr));
  }
  for (auto& b : buses_) {
    r.events.in_flight += b->pending_deliveries();
    r.buses.push_back(b->result());
  }
  for (auto& t : topics_) {
    r.events.in_flight += t->pending_deliveries();
    r.topics.push_back(t->result());
  }
  for (const FaultConfig& f : config_.faults) {
    FaultWindow w{f.name, to_string(f.kind), fault_component(f), f.start, f.duration, {}};
    for (const FleetConfig& fc : config_.fleets) {
      bool acts = false;
      switch (f.kind) {
        case FaultConfig::Kind::poison:
        case FaultConfig::Kind::consumer_outage:
        case FaultConfig::Kind::consumer_crash:
          acts = fc.name == f.target;
          break;
        case FaultConfig::Kind::downstream_brownout:
        case FaultConfig::Kind::downstream_outage:
          for (const auto& call : fc.calls) acts = acts || call.first == f.target;
          break;
        default:
          break;
      }
      if (acts) w.consumers.push_back(fc.name);
    }
    for (const ChainConfig& cc : config_.chains) {
      bool acts = false;
      for (const ChainStep& step : cc.steps) {
        switch (f.kind) {
          case FaultConfig::Kind::downstream_brownout:
          case FaultConfig::Kind::downstream_outage:
            for (const std::string& api : step.apis) acts = acts || api == f.target;
            break;
          case FaultConfig::Kind::bus_throttling:
            acts = acts || step.publish == f.target;
            break;
          default:
            break;
        }
      }
      if (acts) w.chains.push_back(cc.name);
    }
    r.faults.push_back(std::move(w));
  }
  for (auto& a : apis_) r.apis.push_back(a->result());
  for (auto& c : chains_) {
    r.events.awaiting_routing += c->awaiting_routing();
    r.chains.push_back(c->result());
    // A chain that does not publish does all of an event's work before it
    // answers: its latency is the event's end to end.
    if (c->publish_bus() == nullptr) r.end_to_end.merge(r.chains.back().latency);
  }
  for (auto& p : producers_) {
    r.events.awaiting_routing += p->buffered();
    r.producers.push_back(p->result());
  }
  for (const auto& line : books_.calls.lines()) {
    r.calls.push_back(
        CallLine{line.component, line.kind, line.count.calls, line.count.billing_units, line.fifo});
  }
  for (auto& f : fleets_) {
    FleetResult fr = f->result(kernel_.now());
    fr.station = station(f->config(), fr.not_a_station);
    r.end_to_end.merge(fr.end_to_end);
    r.fleets.push_back(std::move(fr));
  }
  for (auto& p : pollers_) {
    r.events.in_flight += p->in_flight();
    PollerResult pr = p->result();
    r.end_to_end.merge(pr.end_to_end);
    r.pollers.push_back(std::move(pr));
  }
  for (auto& f : functions_) {
    FunctionResult fr = f->result();
    r.end_to_end.merge(fr.end_to_end);
    r.functions.push_back(std::move(fr));
  }
  for (auto& s : streams_) {
    r.events.in_flight += s->unprocessed();
    r.events.awaiting_routing += s->pending_retries();
    r.streams.push_back(s->result());
  }
  for (auto& g : groups_) {
    ConsumerGroupResult gr = g->result();
    r.end_to_end.merge(gr.end_to_end);
    r.groups.push_back(std::move(gr));
  }
  r.series = series_;
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

std::optional<StationParameters> System::station(const FleetConfig& fleet, std::string& why) const {
  const auto no = [&why](std::string reason) {
    why = std::move(reason);
    return std::nullopt;
  };
  const QueueConfig* queue = nullptr;
  for (const QueueConfig& q : config_.queues) {
    if (q.name == fleet.queue) queue = &q;
  }
  if (queue == nullptr) return no("its queue is not declared");
  // Every inflow into the queue but one Poisson producer breaks the model.
  const ProducerConfig* source = nullptr;
  for (const ProducerConfig& p : config_.producers) {
    if (p.sink != ProducerConfig::Sink::queue) continue;
    const bool feeds = p.target == fleet.queue || std::find(p.targets.begin(), p.targets.end(),
                                                            fleet.queue) != p.targets.end();
    if (!feeds) continue;
    if (source != nullptr) return no("more than one producer sends to queue " + fleet.queue);
    source = &p;
  }
  for (const BusConfig& b : config_.buses) {
    for (const RuleConfig& r : b.rules) {
      for (std::size_t t = 0; t < r.targets.size(); ++t) {
        if (r.targets[t] == fleet.queue) return no("bus rule " + r.name + " delivers to it");
        if (t < r.policies.size() && r.policies[t].dead_letter_queue == fleet.queue) {
          return no("it is the dead-letter queue of a target of bus rule " + r.name);
        }
      }
    }
  }
  for (const TopicConfig& t : config_.topics) {
    for (const SubscriptionConfig& s : t.subscriptions) {
      if (s.queue == fleet.queue || s.dead_letter_queue == fleet.queue) {
        return no("topic " + t.name + " delivers to it");
      }
    }
  }
  for (const QueueConfig& q : config_.queues) {
    if (q.dead_letter_queue == fleet.queue) {
      return no("queue " + fleet.queue + " is the dead-letter queue of queue " + q.name);
    }
    if (q.name == queue->dead_letter_queue && q.redrive) {
      return no("its dead-letter queue " + q.name + " redrives messages back");
    }
  }
  if (source == nullptr) return no("no producer sends to queue " + fleet.queue + " directly");
  if (source->arrival.process != ArrivalConfig::Process::poisson ||
      !source->arrival.profile.empty() || source->stop_after != Duration::max()) {
    return no("producer " + source->name + " is not a steady Poisson process");
  }
  if (source->batch_size != 1) return no("producer " + source->name + " sends in batches");
  if (source->claim_check || source->duplicate_send_probability != 0) {
    return no("producer " + source->name + " uses a claim check or sends duplicates");
  }
  // The only reader of its queue.
  for (const FleetConfig& other : config_.fleets) {
    if (other.name != fleet.name && other.queue == fleet.queue) {
      return no("consumer " + other.name + " reads the same queue");
    }
  }
  for (const LambdaConfig& l : config_.functions) {
    if (l.queue == fleet.queue) return no("Lambda function " + l.name + " reads the same queue");
  }
  const Distribution& latency = queue->api_latency.seconds();
  if (latency.kind() != Distribution::Kind::constant || latency.mean() != 0) {
    return no("SQS calls take time (api_latency), which the closed forms leave out");
  }
  if (queue->delay != Duration::zero() || queue->duplicate_probability != 0 || queue->fifo) {
    return no("queue " + fleet.queue + " delays, duplicates or orders messages (FIFO)");
  }
  if (fleet.batch_size != 1) return no("it receives batches of more than one message");
  if (fleet.wait_time == Duration::zero()) return no("it short-polls");
  if (fleet.failure_probability != 0 || !fleet.calls.empty()) {
    return no("its attempts can fail or call downstream APIs");
  }
  if (!fleet.wants.empty()) return no("it discards copies it does not want");
  if (fleet.autoscaling.enabled) return no("it is autoscaled");
  for (const FaultConfig& f : config_.faults) {
    if (f.target == fleet.name) return no("fault " + f.name + " acts on it");
  }
  const std::int64_t servers = std::int64_t{fleet.instances} * fleet.pollers_per_instance;
  if (queue->in_flight_limit < servers) {
    return no("the queue's in-flight limit (" + std::to_string(queue->in_flight_limit) +
              ") is below its " + std::to_string(servers) + " pollers");
  }
  // The truncated moments: what the fleet samples.
  const double mean = fleet.processing.mean_seconds();
  const double variance = fleet.processing.variance_seconds();
  if (!(mean > 0) || !std::isfinite(mean) || !std::isfinite(variance)) {
    return no("its service time has no finite, positive mean and variance");
  }
  // A message whose processing outlives its visibility timeout is delivered
  // again while still in service: a second job the model does not have.
  if (queue->visibility_timeout.seconds() < 10 * mean) {
    return no(
        "the visibility timeout is under 10 times the mean service time, so messages "
        "come back while still in service");
  }
  StationParameters s;
  s.arrival_rate = source->arrival.rate.per_second;
  s.service_mean = mean;
  s.service_scv = variance / (mean * mean);
  s.exponential_service = fleet.processing.seconds().kind() == Distribution::Kind::exponential;
  s.servers = servers;
  why.clear();
  return s;
}

std::vector<double> System::routed_fraction(std::uint64_t samples) {
  std::vector<double> out;
  for (auto& p : producers_) {
    out.push_back(samples == 0 ? 0.0
                               : static_cast<double>(p->sample_routed(samples)) /
                                     static_cast<double>(samples));
  }
  return out;
}

}  // namespace edasim
