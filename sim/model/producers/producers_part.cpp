// The producers of a system, each connected to its Destination: a bus, a
// topic, a stream, a chain, one queue or several (point to point, with the
// consumers' wants), or the sources that pollers read.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/bus/bus.hpp"
#include "sim/model/bus/bus_destination.hpp"
#include "sim/model/part.hpp"
#include "sim/model/producers/producer.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/queues/queue_destination.hpp"
#include "sim/model/requests/chain.hpp"
#include "sim/model/requests/chain_destination.hpp"
#include "sim/model/requests/polling.hpp"
#include "sim/model/requests/source_destination.hpp"
#include "sim/model/streams/stream.hpp"
#include "sim/model/streams/stream_destination.hpp"
#include "sim/model/topics/topic.hpp"
#include "sim/model/topics/topic_destination.hpp"

namespace edasim {

namespace {

// Every queue or source a producer names: its targets, or its one target.
const std::vector<std::string>& targets_of(const ProducerConfig& pc,
                                           std::vector<std::string>& one) {
  one = {pc.target};
  return pc.targets.empty() ? one : pc.targets;
}

std::unique_ptr<Destination> to_queues(Assembly& a, const ProducerConfig& pc,
                                       const std::string& component) {
  std::vector<std::string> one;
  const std::vector<std::string>& targets = targets_of(pc, one);
  std::vector<Queue*> queues;
  std::vector<std::string> wants;
  bool any_wants = false;
  for (const std::string& t : targets) {
    Queue* queue = a.find<Queue>(t);
    if (queue == nullptr)
      throw std::invalid_argument("producer " + pc.name + ": no such queue " + t);
    queues.push_back(queue);
    wants.emplace_back();
    for (const FleetConfig& fc : a.config.fleets) {
      if (fc.queue == t && !fc.wants.empty()) {
        wants.back() = fc.wants;
        break;
      }
    }
    any_wants = any_wants || !wants.back().empty();
  }
  if (targets.size() > 1 || any_wants) {
    return std::make_unique<PointToPointDestination>(std::move(queues), wants, component, a.books);
  }
  return std::make_unique<QueueDestination>(*queues[0], component, a.books);
}

std::unique_ptr<Destination> to_sources(Assembly& a, const ProducerConfig& pc) {
  std::vector<std::string> one;
  std::vector<Poller*> sources;
  for (const std::string& t : targets_of(pc, one)) {
    Poller* poller = a.find<Poller>(t);
    if (poller == nullptr)
      throw std::invalid_argument("producer " + pc.name + ": no such poller " + t);
    sources.push_back(poller);
  }
  return std::make_unique<SourceDestination>(std::move(sources), a.books);
}

std::unique_ptr<Destination> destination(Assembly& a, const ProducerConfig& pc) {
  const std::string component = "producer:" + pc.name;
  std::unique_ptr<Destination> d;
  switch (pc.sink) {
    case ProducerConfig::Sink::queue:
      return to_queues(a, pc, component);
    case ProducerConfig::Sink::source:
      return to_sources(a, pc);
    case ProducerConfig::Sink::bus:
      if (Bus* bus = a.find<Bus>(pc.target))
        d = std::make_unique<BusDestination>(*bus, component, a.kernel, a.books);
      break;
    case ProducerConfig::Sink::topic:
      if (Topic* topic = a.find<Topic>(pc.target))
        d = std::make_unique<TopicDestination>(*topic, component, a.books);
      break;
    case ProducerConfig::Sink::stream:
      if (Stream* stream = a.find<Stream>(pc.target))
        d = std::make_unique<StreamDestination>(*stream, component, a.books);
      break;
    case ProducerConfig::Sink::chain:
      if (Chain* chain = a.find<Chain>(pc.target)) d = std::make_unique<ChainDestination>(*chain);
      break;
  }
  if (d == nullptr)
    throw std::invalid_argument("producer " + pc.name + ": no such target " + pc.target);
  return d;
}

class Producers final : public Part {
 public:
  explicit Producers(Assembly& a) {
    std::vector<std::uint64_t> event_bases;
    for (const ProducerConfig& pc : a.config.producers) {
      const std::uint64_t base = Producer::event_base(pc.name, event_bases);
      event_bases.push_back(base);
      producers_.push_back(std::make_unique<Producer>(pc, base, a));
      producers_.back()->attach(a.kernel.attach(*producers_.back()));
      producers_.back()->send_to(destination(a, pc));
      a.add(*producers_.back());
    }
    // Poison faults with a pattern take bits in the order the scenario
    // declares them; the producers mark each event with the ones it matches.
    std::vector<std::string> poison_patterns;
    for (const FaultConfig& f : a.config.faults) {
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
  }

  void start(Time end) override {
    for (auto& p : producers_) p->start(end);
  }
  void report(RunResult& r) override {
    for (auto& p : producers_) {
      r.events.awaiting_routing += p->buffered();
      r.producers.push_back(p->result());
    }
  }

 private:
  std::vector<std::unique_ptr<Producer>> producers_;
};

}  // namespace

std::unique_ptr<Part> build_producers(Assembly& a) {
  return std::make_unique<Producers>(a);
}

}  // namespace edasim
