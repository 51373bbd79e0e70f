// A synchronous call chain: each request (one event from a producer) runs the
// chain's steps in order, each step calling its API (or a parallel group of
// APIs) with its timeout and retry policy, and answers when the last step
// does.
//
// What it promises:
// - A request's latency is the sum of its steps' durations; a step lasts as
//   long as its slowest call, retries and their backoff included.
// - A call fails on an error or a rejection by the API, or when it has not
//   answered by the step's timeout (the timeout is then its duration). A
//   failed call is retried as the step's policy says; when it has no attempt
//   left, a required step fails the whole request at once, an optional one
//   is given up and the request goes on.
// - A publish step sends the request's event to a receiving kind's
//   component (a bus's PutEvents, a queue's SendMessage, a topic's Publish,
//   a stream's PutRecords, a state machine's StartExecution), with that
//   component's quota and the SDK's retries as its retry policy, through
//   the Destination the kind's registration makes for the chain, a client,
//   as for a producer; the event then goes on as a producer's would. The
//   destination is made by connect(), once every kind it may name is built.
// - Conservation: a request in progress is still on its way (awaiting
//   routing); one that succeeds without publishing counts as routed and
//   processed; one that fails counts as a failed request.
//
// Calls are counted in the books under "chain:<name>", by API name.
//
// Faults: a failed call is the fault's that caused it (an error an outage
// or brownout of its API added, a timeout that the API's latency without
// the brownout would not have hit, a PutEvents refused under a bus
// throttling fault's quota), and so is the request it fails; the API's own
// errors and slow calls are no fault's (Books::faults).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/requests/api.hpp"
#include "sim/model/requests/chain_config.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/destination.hpp"
#include "sim/model/support/schema_registry.hpp"

namespace edasim::model {

class OfferedLoad;
struct OfferSample;

class Chain final : public core::Component {
 public:
  // `apis` holds, for each step, the API of each of its calls (empty for a
  // publish step); `publish` is where the publish step sends, if any.
  Chain(ChainConfig config, std::vector<std::vector<Api*>> apis,
        std::unique_ptr<Destination> publish, const Context& context);

  void attach(core::ComponentId id) { id_ = id; }
  const std::string& name() const { return config_.name; }
  const ChainConfig& config() const { return config_; }
  // Where the chain publishes, if anywhere: its producers route for it.
  // Null until connect().
  Destination* publish_destination() const { return publish_.get(); }
  // Whether a step publishes.
  bool publishes() const;
  // Makes the publish step's destination with `make` (given the kind's
  // table and the component's name), the first time; nothing for a chain
  // that does not publish, or after.
  void connect(const std::function<std::unique_ptr<Destination>(std::string_view table,
                                                                const std::string& name)>& make);
  // The share of a sender's events that `sample` offers the chain, each API
  // it calls (once per request: retries left out) and the bus it publishes
  // to, with that bus's targets (offered_load.hpp).
  void offer(const OfferSample& sample, OfferedLoad& load) const;

  // A request for `event`, starting now. `routes` are the bus targets of
  // the event, for a publish step.
  // `key`: the event's partition key hash, for a publish to a stream;
  // `unwanted`: Outgoing::unwanted, for a publish to queues.
  void request(std::uint64_t event, Time produced, std::int64_t size,
               std::span<const std::uint32_t> routes, SchemaRegistry::Check schema = {},
               std::uint64_t key = 0, std::uint64_t unwanted = 0);

  std::uint64_t in_progress() const { return requests_.size() - free_.size(); }
  // Requests in progress whose event has not reached a bus: still on their
  // way, for conservation.
  std::uint64_t awaiting_routing() const;
  ChainResult result() const;

  void handle(core::Kernel& kernel, const core::Event& event) override;

 private:
  enum Kind : std::uint32_t { call_done, retry_call };
  enum class Failure : std::uint8_t { error, timeout, rejected };

  struct Request {
    std::uint64_t event = 0;
    Time produced;
    std::int64_t size = 0;
    std::uint64_t key = 0, unwanted = 0;
    std::uint32_t generation = 0;
    std::uint16_t step = 0;
    std::uint16_t pending = 0;
    bool active = false;
    bool published = false;
    std::array<std::uint8_t, kMaxParallelCalls> attempts{};
    std::array<Duration, kMaxParallelCalls> last_delay{};
    std::array<bool, kMaxParallelCalls> ok{};
    std::array<Failure, kMaxParallelCalls> cause{};
    std::array<std::uint32_t, kMaxParallelCalls> blame{};  // Message::fault's numbering
    std::vector<std::uint32_t> routes;                     // capacity kept across requests
    SchemaRegistry::Check schema;
  };

  void start_step(std::uint32_t slot);
  void issue_call(std::uint32_t slot, std::uint32_t branch);
  void call_finished(std::uint32_t slot, std::uint32_t branch);
  void finish(std::uint32_t slot, bool succeeded);
  std::uint64_t tag(std::uint32_t slot, std::uint32_t branch) const;

  ChainConfig config_;
  std::vector<std::vector<Api*>> apis_;
  std::unique_ptr<Destination> publish_;
  std::vector<Outgoing> throttled_;  // a publish's refused entry, reused
  std::vector<std::uint32_t> throttled_routes_;
  core::Kernel& kernel_;
  Books& books_;
  core::ComponentId id_ = 0;
  core::RandomStream retry_rng_;
  std::vector<std::vector<metrics::CounterId>> counters_;  // by step and call
  std::vector<Request> requests_;
  std::vector<std::uint32_t> free_;

  ChainResult result_;
};

}  // namespace edasim::model
