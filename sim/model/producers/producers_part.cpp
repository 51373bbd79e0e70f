// The producers of a system, each connected to the Destination that the
// receiving kind it names makes (sim/model/receiving_kind.hpp).
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/producers/producer.hpp"
#include "sim/model/receiving_kind.hpp"

namespace edasim::model {

namespace {

// The destination the receiving kind of the producer's table makes for it.
std::unique_ptr<Destination> destination(Assembly& a, const ProducerConfig& pc) {
  const std::vector<std::string> one{pc.target};
  const std::vector<std::string>& names = pc.targets.empty() ? one : pc.targets;
  const std::string component = "producer:" + pc.name;
  try {
    return make_destination(a, pc.target_table, names, Sending{component, Sending::Role::client});
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("producer " + pc.name + ": " + e.what());
  }
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

}  // namespace edasim::model
