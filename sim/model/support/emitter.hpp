// One entry of a processing component's `emit` list at work (a fleet's, a
// function's or a consumer group's: support/emit_list.hpp): told of each
// attempt the component ends, it draws whether to emit (from its own
// stream, so a design that adds an emit list moves none of the component's
// other draws), waits its delay, makes a new event, and sends it through its
// Destination as a client: the destination bills the call (PutEvents,
// SendMessage, Publish, PutRecords, StartExecution) in the component's name
// ("consumer:<name>", "lambda:<name>", "group:<name>"), and throttled
// entries are retried as a producer's are (ClientRequests).
//
// The new event has a number of its own (from the emitter's event base), is
// produced when it is made, and carries the cause of the processed event
// advanced by one generation (Cause::next): its root event and that root's
// production time, so the components downstream measure from the root.
//
// Its fields are its template's, drawn from a stream of its own number (the
// entry adds itself to the run's EventSources, so its events can be made
// again downstream), or, without a template, the processed event's: the
// entry makes them again from the number of the event that carries them
// (Cause::content) and routes on them, as a handler that forwards what it
// read does. Its size is then the processed message's.
//
// Streams: "<owner>.emit[<i>]/probability", ".../delay", ".../events",
// ".../sdk-retry".
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/model/producers/event_factory.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/client_requests.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/emit_config.hpp"
#include "sim/model/support/event_sources.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/support/slots.hpp"
#include "sim/rules/event.hpp"

namespace edasim::model {

// The processed event an emission is caused by.
struct Processed {
  std::uint64_t event = 0;
  Time produced;
  std::int64_t size = 0;
  Cause cause;
  // The processed message's FIFO message group (as a key); 0: none.
  std::uint64_t group = 0;
};

class Emitter final : public core::Component, private Sender {
 public:
  // `owner`: the emitting component in the books ("consumer:orders");
  // `index`: the entry's place in its emit list; `event_base`: or-ed with
  // the emitter's running count to number its events.
  Emitter(EmitConfig config, std::string owner, std::size_t index, std::uint64_t event_base,
          const Context& context);
  ~Emitter() override;

  void attach(core::ComponentId id);
  // Where its events go; call before the run.
  void send_to(std::unique_ptr<Destination> destination);

  const EmitConfig& config() const { return config_; }
  // An attempt at `processed` ended with `succeeded`, or ends `ends_in` from
  // now: emits with the configured probability when the outcome is the one
  // it emits on. Returns whether it drew an emission (its event is made
  // after the delay, counted from the attempt's end).
  bool attempt_ended(const Processed& processed, bool succeeded,
                     Duration ends_in = Duration::zero());

  void handle(core::Kernel& kernel, const core::Event& event) override;

  // Offered load (support/offered_load.hpp): `count` sampled events of the
  // entry (its template's, or of `mean_size` bytes without one), carrying
  // `weight` of the current producer's events in all, through its
  // destination. Draws from a stream of its own, as a producer's check does.
  // Without a template, the samples carry the fields of the first `count`
  // events of the producer whose events are numbered from `producer_base`.
  void sample_offered(std::uint64_t count, double weight, double mean_size,
                      std::uint64_t producer_base, OfferedLoad& load);

  // Events made and sent (or being retried) so far.
  std::uint64_t emitted() const { return emitted_; }
  // Events made and not yet handed over: throttled, waiting to be retried.
  std::uint64_t buffered() const { return requests_.retrying_entries(); }
  // Emissions drawn and still waiting for their delay: no events yet.
  std::uint64_t delayed() const { return pending_.live(); }

 private:
  // What the entry reads of the events of one maker's factory (its own
  // template's, or a maker whose fields it carries): the factory's paths in
  // the destination's path table, and the path of config_.group
  // (UINT32_MAX: none).
  struct Fields {
    const EventFactory* factory = nullptr;
    std::vector<rules::PathId> ids;
    std::uint32_t group_path = UINT32_MAX;
  };
  const Fields& fields_of(const EventFactory& factory);
  // The FIFO group key of `fields`' factory's current event.
  static std::uint64_t group_of_event(const Fields& fields);
  enum Kind : std::uint32_t { make, retry_put };

  void make_event(const Processed& cause);
  // Routes `e`, the event made last by `fields`' factory (or, when null, a
  // fieldless one), into `routes` and sets its schema and route count.
  void route(Outgoing& e, const Fields* fields, std::vector<std::uint32_t>& routes);
  void first_attempt(const Outgoing&, std::span<const std::uint32_t>) override {}

  EmitConfig config_;
  std::string owner_;
  std::uint64_t event_base_;
  core::Kernel& kernel_;
  Books& books_;
  core::ComponentId id_ = 0;
  core::RandomStream probability_rng_, delay_rng_;
  std::uint64_t contents_seed_;  // "<owner>.emit[<i>]/events"
  EventSources* sources_;        // null: no fields carry over
  ClientRequests requests_;
  std::unique_ptr<Destination> destination_;
  std::unique_ptr<EventFactory> factory_;  // when the entry has an event template
  // Per factory read (its own first, when it has one): a few makers at most.
  std::vector<Fields> fields_;
  rules::Event body_, attributes_;
  Slots<Processed> pending_;
  std::vector<Outgoing> entry_;
  std::vector<std::uint32_t> routes_;
  std::uint64_t sequence_ = 0, emitted_ = 0;
  std::size_t index_ = 0;  // in its emit list
};

}  // namespace edasim::model
