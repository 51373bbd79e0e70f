// A destination: where a sender's events go, seen from the sender's side of
// the API call that carries them there. Producers and chains' publish steps
// send to one; bus rules and topic subscriptions deliver to one; (next)
// emitting consumers will send to the same interface. Destinations are made
// by the receiving kinds' registration (sim/model/receiving_kind.hpp).
//
// A destination does the client's part of each request: it routes each event
// as the sender makes it (a bus's rules, a topic's filter policies, the
// consumers' wants of point-to-point queues), bills the request in the
// books, and hands the events to the component. It does not retry: a request
// it reports throttled is retried by its sender (the AWS SDKs' retry rules
// belong to the client, whatever it sends to), and given up through
// give_up().
//
// Promises: calling the same functions with the same entries in the same
// order makes the same calls on the component, so a sender's behaviour does
// not depend on which kind it sends to beyond what that kind's API does.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/random.hpp"
#include "sim/core/time.hpp"
#include "sim/model/support/message.hpp"
#include "sim/model/support/schema_registry.hpp"
#include "sim/rules/event.hpp"

namespace edasim::rules {
class PathTable;
}  // namespace edasim::rules

namespace edasim::model {

class OfferedLoad;

// One event on its way, an entry of a request. Its routes are the
// [route_begin, route_begin + route_count) slice of the routes vector that
// travels with it.
struct Outgoing {
  std::uint64_t event = 0;
  Time produced;
  std::int64_t size = 0;
  std::uint32_t route_begin = 0, route_count = 0;
  std::uint64_t key = 0;  // the partition key's hash (streams)
  MessageKeys keys;
  std::uint64_t unwanted = 0;  // point-to-point: bit i set when queue i's consumer does not want it
  SchemaRegistry::Check schema;  // a bus's schemas' verdict
};

// The sender's side of a request, told of each entry a destination sends on
// its first attempt, so that an at-least-once sender can draw whether it
// sends the entry again (Destination::send_duplicate).
class Sender {
 public:
  // `routes` are the entry's own routes.
  virtual void first_attempt(const Outgoing& entry, std::span<const std::uint32_t> routes) = 0;

 protected:
  ~Sender() = default;
};

// One entry a sender drew for OfferedLoad (support/offered_load.hpp), not
// sent: `entry`, routed to `routes`, stands for `weight` of the sender's
// events, which it sends in requests of `batch` entries.
struct OfferSample {
  const Outgoing& entry;
  std::span<const std::uint32_t> routes;
  double weight = 0;
  double batch = 1;
};

// One request: `entries`, whose routes index `routes`, at attempt `attempt`
// (1 for the first). The destination appends the entries the service
// throttled, with their routes, to `throttled` and `throttled_routes`.
struct Request {
  std::span<const Outgoing> entries;
  std::span<const std::uint32_t> routes;
  std::uint32_t attempt = 1;
  std::vector<Outgoing>& throttled;
  std::vector<std::uint32_t>& throttled_routes;
  // When not null, set to the fault (Message::fault's numbering) whose lower
  // quota throttled the request, or 0: a sender that blames its failed calls
  // (a chain's publish step) asks.
  std::uint32_t* throttled_by = nullptr;
};

// Whether a service's delivery counts against the receiving component's
// request quota (an SNS delivery to SQS does; an EventBridge delivery, as
// modelled, does not).
enum class SendQuota { applies, bypassed };

// What a component answers a service's delivery: taken (whatever the
// component then does with it), or refused by its request quota, for the
// service to retry under its own policy (an EventBridge target's retry
// policy: services.md §10.9).
enum class Delivered { taken, throttled };

class Destination {
 public:
  virtual ~Destination() = default;

  // The table the sender interns its events' field paths in, when the
  // destination reads events' content (routing, wants); null when it reads
  // none.
  virtual rules::PathTable* paths() { return nullptr; }
  // A topic's message-attribute table; null for every other kind.
  virtual rules::PathTable* attribute_paths() { return nullptr; }
  // Whether entries need a partition key (Outgoing::key).
  virtual bool keyed() const { return false; }
  // Whether some events may go nowhere (rules or policies route them), so
  // that `edasim check` samples the routed fraction.
  virtual bool routes() const { return false; }

  // Routes the event just made (`body`, built in paths(); `attributes`,
  // built in attribute_paths()): appends its targets to `out`, marks the
  // queues whose consumers do not want it in `entry.unwanted`, and returns a
  // bus's schemas' verdict.
  virtual SchemaRegistry::Check route(const rules::Event& body, const rules::Event& attributes,
                                      std::vector<std::uint32_t>& out, Outgoing& entry);
  // How long a sender waiting for a request's answer waits (a chain's
  // publish step does; a producer does not), drawn from the sender's `rng`;
  // zero where the model has no such wait.
  virtual Duration request_latency(core::RandomStream& rng) const;
  // Adds to `load` the share of the sender's events that `sample` offers
  // each component behind the destination (the default: none).
  virtual void offer(const OfferSample& /*sample*/, OfferedLoad& /*load*/) const {}
  // Sends one request.
  virtual void send(const Request& request, Sender& sender) = 0;
  // Gives up `entries` throttled entries after the sender's last retry.
  virtual void give_up(std::uint64_t entries);
  // Sends one entry again as a single request (an at-least-once sender's
  // duplicate); `routes` are its own.
  virtual void send_duplicate(const Outgoing& entry, std::span<const std::uint32_t> routes);
  // Hands over one entry a service delivered (a bus to a rule's target, a
  // topic to a subscription): the service made the call, bills it in its own
  // name and retries it, so the destination only gives the entry to the
  // component. Only a destination made for a service (Sending::Role) takes
  // deliveries. A destination to a kind that bills the call by its own
  // units (SNS Publish, Kinesis PutRecords, StartExecution) bills it, in the
  // service's name; an SQS delivery is billed by the service.
  virtual Delivered deliver(const Outgoing& entry, SendQuota quota);
  // deliver(), with the routes this destination's route() appended when the
  // sender routed the event as it was made: a service whose target reads
  // the event's content (a bus whose rule targets another bus, whose rules
  // match what a copy does not carry) routes through the target then, and
  // hands the routes over with the copy. The default ignores them.
  virtual Delivered deliver_routed(const Outgoing& entry, SendQuota quota,
                                   std::span<const std::uint32_t> /*routes*/) {
    return deliver(entry, quota);
  }
};

// A destination made for a service (Sending::Role::service): the service
// makes, bills and retries its own calls and hands each entry over through
// deliver(); it never sends a request through the destination.
class Delivery : public Destination {
 public:
  // Throws std::logic_error: a service delivers.
  void send(const Request& request, Sender& sender) final;
};

// Makes the destination through which a service delivers to the component
// `name` of the receiving kind of scenario table `table`: the receiving
// kind's registration, for a service (make_destination,
// sim/model/receiving_kind.hpp), handed to the component so that it needs
// no Assembly.
using MakeDelivery =
    std::function<std::unique_ptr<Destination>(std::string_view table, const std::string& name)>;

}  // namespace edasim::model
