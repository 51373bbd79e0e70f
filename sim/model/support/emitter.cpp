#include "sim/model/support/emitter.hpp"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace edasim::model {

Emitter::Emitter(EmitConfig config, std::string owner, std::size_t index, std::uint64_t event_base,
                 const Context& context)
    : config_(std::move(config)),
      owner_(std::move(owner)),
      event_base_(event_base),
      kernel_(context.kernel),
      books_(context.books),
      probability_rng_(context.seed, owner_ + ".emit[" + std::to_string(index) + "]/probability"),
      delay_rng_(context.seed, owner_ + ".emit[" + std::to_string(index) + "]/delay"),
      contents_seed_(
          core::stream_seed(context.seed, owner_ + ".emit[" + std::to_string(index) + "]/events")),
      sources_(context.sources),
      requests_(context.kernel,
                core::RandomStream(context.seed,
                                   owner_ + ".emit[" + std::to_string(index) + "]/sdk-retry")) {
  index_ = index;
  if (config_.event) {
    const std::span<const EventTemplate> templates(&*config_.event, 1);
    factory_ = std::make_unique<EventFactory>(templates);
    if (sources_ != nullptr) sources_->add(event_base_, templates, contents_seed_);
  }
  entry_.resize(1);
}

const Emitter::Fields& Emitter::fields_of(const EventFactory& factory) {
  for (const Fields& f : fields_) {
    if (f.factory == &factory) return f;
  }
  Fields f;
  f.factory = &factory;
  if (rules::PathTable* paths = destination_->paths()) f.ids = intern_paths(factory, *paths);
  if (!config_.group.empty()) {
    const auto& paths = factory.paths();
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (dotted(paths[i]) == config_.group) f.group_path = static_cast<std::uint32_t>(i);
    }
  }
  fields_.push_back(std::move(f));
  return fields_.back();
}

std::uint64_t Emitter::group_of_event(const Fields& fields) {
  for (const EventLeaf& leaf : fields.factory->content().leaves()) {
    if (leaf.group == 0 && leaf.path == fields.group_path) return field_key(leaf.value);
  }
  // The event does not have the field this time: the empty group, as a
  // producer's event without its group field has.
  return field_key(rules::Value::of_string(""));
}

Emitter::~Emitter() = default;

void Emitter::attach(core::ComponentId id) {
  id_ = id;
  requests_.attach(id, retry_put);
}

void Emitter::send_to(std::unique_ptr<Destination> destination) {
  destination_ = std::move(destination);
  fields_.clear();
  if (factory_ != nullptr) fields_of(*factory_);
}

bool Emitter::attempt_ended(const Processed& processed, bool succeeded, Duration ends_in) {
  const bool wanted = config_.when == EmitConfig::When::success ? succeeded : !succeeded;
  if (!wanted) return false;
  // One uniform per attempt of the emitting outcome, whatever the
  // probability, so changing it moves no later draw.
  if (!probability_rng_.bernoulli(config_.probability)) return false;
  const Duration delay = config_.delay.sample(delay_rng_);
  kernel_.schedule_in(ends_in + delay, id_, make, pending_.add(processed));
  return true;
}

void Emitter::handle(core::Kernel&, const core::Event& event) {
  switch (event.kind) {
    case make: {
      const auto slot = static_cast<std::uint32_t>(event.data);
      const Processed cause = pending_[slot];
      pending_.remove(slot);
      make_event(cause);
      return;
    }
    case retry_put:
      requests_.retry(*destination_, *this, static_cast<std::uint32_t>(event.data));
      return;
    default:
      return;
  }
}

void Emitter::route(Outgoing& e, const Fields* fields, std::vector<std::uint32_t>& routes) {
  routes.clear();
  if (destination_->paths() != nullptr) {
    // An event without fields: a bus's rules and a queue's wants see an
    // empty event.
    if (fields != nullptr) {
      build_rules_event(*fields->factory, fields->ids, body_);
    } else {
      body_.clear();
    }
    attributes_.clear();
    e.schema = destination_->route(body_, attributes_, routes, e);
  }
  e.route_count = static_cast<std::uint32_t>(routes.size());
}

void Emitter::sample_offered(std::uint64_t count, double weight, double mean_size,
                             std::uint64_t producer_base, OfferedLoad& load) {
  if (count == 0 || !(weight > 0) || destination_ == nullptr) return;
  core::RandomStream rng(
      core::stream_seed(0, "check:" + owner_ + ".emit[" + std::to_string(index_) + "]"));
  std::vector<std::uint32_t> routes;
  for (std::uint64_t i = 0; i < count; ++i) {
    Outgoing e;
    const Fields* fields = nullptr;
    if (factory_ != nullptr) {
      e.size = factory_->generate(rng, i);
      fields = &fields_.front();
    } else {
      e.size = static_cast<std::int64_t>(std::llround(mean_size));
      const EventFactory* carried =
          sources_ != nullptr ? sources_->remake(producer_base | i) : nullptr;
      if (carried != nullptr) fields = &fields_of(*carried);
    }
    if (destination_->keyed()) e.key = core::mix64(event_base_ | i);
    route(e, fields, routes);
    destination_->offer(OfferSample{e, routes, weight / static_cast<double>(count), 1.0}, load);
  }
}

void Emitter::make_event(const Processed& processed) {
  const std::uint64_t number = event_base_ | sequence_;
  std::int64_t size = processed.size;
  const Fields* fields = nullptr;
  // The event whose fields this one carries: its own, or the processed one's.
  std::uint64_t content = 0;
  if (factory_ != nullptr) {
    size = factory_->generate_event(contents_seed_, sequence_);
    fields = &fields_.front();
  } else {
    content = processed.cause.content_of(processed.event);
    const EventFactory* carried = sources_ != nullptr ? sources_->remake(content) : nullptr;
    if (carried != nullptr) fields = &fields_of(*carried);
  }
  ++sequence_;
  ++emitted_;
  ++books_.events.emitted;
  Outgoing& e = entry_[0];
  e = Outgoing{};
  e.event = number;
  e.produced = kernel_.now();
  e.size = size;
  e.keys.cause = processed.cause.next(processed.event, processed.produced, event_base_);
  e.keys.cause.content = content;
  if (config_.group.empty()) {
    e.keys.group = processed.group;
  } else {
    e.keys.group =
        fields != nullptr ? group_of_event(*fields) : field_key(rules::Value::of_string(""));
  }
  if (destination_->keyed()) e.key = core::mix64(number);
  route(e, fields, routes_);
  requests_.request(*destination_, *this, entry_, routes_);
}

}  // namespace edasim::model
