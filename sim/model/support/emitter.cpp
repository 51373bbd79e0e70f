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
      contents_(context.seed, owner_ + ".emit[" + std::to_string(index) + "]/events"),
      requests_(context.kernel,
                core::RandomStream(context.seed,
                                   owner_ + ".emit[" + std::to_string(index) + "]/sdk-retry")) {
  index_ = index;
  if (config_.event) {
    factory_ = std::make_unique<EventFactory>(std::span<const EventTemplate>(&*config_.event, 1));
  }
  entry_.resize(1);
  if (factory_ != nullptr && !config_.group.empty()) {
    const auto& paths = factory_->paths();
    for (std::size_t i = 0; i < paths.size(); ++i) {
      if (dotted(paths[i]) == config_.group) group_path_ = static_cast<std::uint32_t>(i);
    }
  }
}

std::uint64_t Emitter::group_of_event() const {
  for (const EventLeaf& leaf : factory_->content().leaves()) {
    if (leaf.group == 0 && leaf.path == group_path_) return field_key(leaf.value);
  }
  // The template did not make the field this time: the empty group, as a
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
  path_ids_.clear();
  rules::PathTable* paths = destination_->paths();
  if (paths != nullptr && factory_ != nullptr) {
    for (const auto& path : factory_->paths()) path_ids_.push_back(paths->intern(dotted(path)));
  }
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

void Emitter::route(Outgoing& e, std::vector<std::uint32_t>& routes) {
  routes.clear();
  if (destination_->paths() != nullptr) {
    // Without a template the event has no fields: a bus's rules and a
    // queue's wants see an empty event.
    if (factory_ != nullptr) {
      build_rules_event(*factory_, path_ids_, body_);
    } else {
      body_.clear();
    }
    attributes_.clear();
    e.schema = destination_->route(body_, attributes_, routes, e);
  }
  e.route_count = static_cast<std::uint32_t>(routes.size());
}

void Emitter::sample_offered(std::uint64_t count, double weight, double mean_size,
                             OfferedLoad& load) {
  if (count == 0 || !(weight > 0) || destination_ == nullptr) return;
  core::RandomStream rng(
      core::stream_seed(0, "check:" + owner_ + ".emit[" + std::to_string(index_) + "]"));
  std::vector<std::uint32_t> routes;
  for (std::uint64_t i = 0; i < count; ++i) {
    Outgoing e;
    e.size = factory_ != nullptr ? factory_->generate(rng, i)
                                 : static_cast<std::int64_t>(std::llround(mean_size));
    if (destination_->keyed()) e.key = core::mix64(event_base_ | i);
    route(e, routes);
    destination_->offer(OfferSample{e, routes, weight / static_cast<double>(count), 1.0}, load);
  }
}

void Emitter::make_event(const Processed& processed) {
  const std::uint64_t number = event_base_ | sequence_;
  std::int64_t size = processed.size;
  if (factory_ != nullptr) size = factory_->generate(contents_, sequence_);
  ++sequence_;
  ++emitted_;
  ++books_.events.emitted;
  Outgoing& e = entry_[0];
  e = Outgoing{};
  e.event = number;
  e.produced = kernel_.now();
  e.size = size;
  e.keys.cause = processed.cause.next(processed.event, processed.produced, event_base_);
  e.keys.group = group_path_ == UINT32_MAX ? processed.group : group_of_event();
  if (destination_->keyed()) e.key = core::mix64(number);
  route(e, routes_);
  requests_.request(*destination_, *this, entry_, routes_);
}

}  // namespace edasim::model
