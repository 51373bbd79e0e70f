#include "sim/model/support/emit_list.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/model/producers/producer.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/model/support/offered_load.hpp"

namespace edasim::model {

namespace {

// Every emitting component's name in the books and its emit list (a stream
// mapping's on-failure destination is one), in the order their event bases
// are taken.
template <typename Visit>
void each_emit_list(const SystemConfig& config, Visit visit) {
  for (const FleetConfig& f : config.fleets) visit("consumer:" + f.name, f.emit);
  for (const FunctionConfig& f : config.functions) visit("lambda:" + f.name, f.emit);
  for (const ConsumerGroupConfig& g : config.groups) visit("group:" + g.name, g.emit);
  // A stream mapping's on-failure destination sends one description per
  // discarded batch: events of their own, numbered as an emit list's.
  for (const FunctionConfig& f : config.functions)
    visit(on_failure_component(f.name), f.stream_mapping.on_failure);
}

std::string entry_name(std::string_view component, std::size_t index) {
  return std::string(component) + ".emit[" + std::to_string(index) + "]";
}

}  // namespace

bool design_emits(const SystemConfig& config) {
  bool emits = false;
  each_emit_list(config, [&](const std::string&, const std::vector<EmitConfig>& emit) {
    emits = emits || !emit.empty();
  });
  return emits;
}

EventBases::EventBases(const SystemConfig& config) {
  std::vector<std::uint64_t> taken;
  for (const ProducerConfig& pc : config.producers) {
    taken.push_back(Producer::event_base(pc.name, taken));
  }
  producers_ = taken;
  each_emit_list(config, [&](const std::string& component, const std::vector<EmitConfig>& emit) {
    for (std::size_t i = 0; i < emit.size(); ++i) {
      const std::string name = entry_name(component, i);
      taken.push_back(Producer::event_base(name, taken));
      entries_.emplace_back(name, taken.back());
    }
  });
}

std::uint64_t EventBases::of(std::string_view component, std::size_t index) const {
  const std::string name = entry_name(component, index);
  for (const auto& [entry, base] : entries_) {
    if (entry == name) return base;
  }
  throw std::out_of_range("no emit entry " + name);
}

EmitList::EmitList(Assembly& a, const std::string& component, const std::string& who,
                   std::span<const EmitConfig> emit, const EventBases& bases)
    : producer_bases_(bases.producers()) {
  for (std::size_t i = 0; i < emit.size(); ++i) {
    const EmitConfig& ec = emit[i];
    auto emitter = std::make_unique<Emitter>(ec, component, i, bases.of(component, i), a);
    emitter->attach(a.kernel.attach(*emitter));
    const std::vector<std::string> one{ec.target};
    try {
      emitter->send_to(make_destination(a, ec.target_table, ec.targets.empty() ? one : ec.targets,
                                        Sending{component, Sending::Role::client}));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(who + ": emit: " + e.what());
    }
    emitters_.push_back(std::move(emitter));
  }
}

bool EmitList::attempt_ended(const Processed& processed, bool succeeded, Duration ends_in) {
  bool any = false;
  for (auto& e : emitters_) {
    if (e->config().at) continue;
    any = e->attempt_ended(processed, succeeded, ends_in) || any;
  }
  return any;
}

bool EmitList::reached(std::size_t index, const Processed& processed) {
  return emitters_[index]->attempt_ended(processed, true, Duration::zero());
}

std::vector<std::size_t> EmitList::inside_attempt() const {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < emitters_.size(); ++i) {
    if (emitters_[i]->config().at) out.push_back(i);
  }
  std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    return *emitters_[a]->config().at < *emitters_[b]->config().at;
  });
  return out;
}

const EmitConfig& EmitList::entry(std::size_t index) const {
  return emitters_[index]->config();
}

void EmitList::offer(const OfferedLoad& reached, std::string_view table, std::string_view name,
                     double failure_share, OfferedLoad& load) {
  // Half a producer's default 2,000: an entry is sampled again for every
  // producer that reaches its component and in every round.
  constexpr std::uint64_t kSamples = 1000;
  if (emitters_.empty()) return;
  for (std::size_t p = 0; p < reached.producers(); ++p) {
    const LoadShare s = reached.share(table, name, p);
    const double processed = s.events - s.discarded;
    if (!(processed > 0)) continue;
    load.from(p);
    for (auto& e : emitters_) {
      const EmitConfig& c = e->config();
      const double outcome = c.when == EmitConfig::When::success ? 1.0 : failure_share;
      e->sample_offered(kSamples, processed * outcome * c.probability, s.bytes / s.events,
                        producer_bases_[p], load);
    }
  }
}

std::uint64_t EmitList::emitted() const {
  std::uint64_t n = 0;
  for (const auto& e : emitters_) n += e->emitted();
  return n;
}

std::uint64_t EmitList::buffered() const {
  std::uint64_t n = 0;
  for (const auto& e : emitters_) n += e->buffered();
  return n;
}

std::uint64_t EmitList::delayed() const {
  std::uint64_t n = 0;
  for (const auto& e : emitters_) n += e->delayed();
  return n;
}

}  // namespace edasim::model
