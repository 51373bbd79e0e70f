// A polling integration, the design an event bus replaces: a source system
// records changes, and a poller asks it for them every `interval`, then calls
// back for the state of each change before processing it.
//
// What a poller promises:
// - It polls at interval, 2 x interval, ... up to and including the end of
//   the run: floor(duration / interval) polls, each one list call whether or
//   not anything changed, plus one more list call per further page of
//   `page_size` changes.
// - A poll sees the changes recorded (and not yet taken by an earlier poll)
//   when it starts. Its list calls are made one after another; if one fails,
//   the poll ends and its changes wait for the next poll.
// - Once the list calls are done, each listed change is fetched (one fetch
//   call each, in parallel) and then processed; a change whose fetch fails
//   waits for the next poll. Its end-to-end latency (produced -> processed)
//   is at most interval + the poll's list latencies + its fetch latency +
//   its processing time, when no call fails.
// - List and fetch calls go through the downstream API of that name when the
//   scenario declares one (its latency, errors, faults and concurrency
//   limit); otherwise they take no time and do not fail. Either way they are
//   counted in the books under "poller:<name>" by API name.
// - Each change is one copy of its event: processed, or in flight at the end.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/kernel.hpp"
#include "sim/core/random.hpp"
#include "sim/metrics/histogram.hpp"
#include "sim/model/requests/api.hpp"
#include "sim/model/requests/poller_config.hpp"
#include "sim/model/support/books.hpp"
#include "sim/model/support/context.hpp"
#include "sim/model/support/ring.hpp"

namespace edasim::model {

class Poller final : public core::Component {
 public:
  // `list` and `fetch` are the declared APIs of those names, or null.
  Poller(PollerConfig config, Api* list, Api* fetch, const Context& context);

  void attach(core::ComponentId id) { id_ = id; }
  const std::string& name() const { return config_.name; }
  const PollerConfig& config() const { return config_; }
  // Schedules the polls up to `end`.
  void start(Time end);
  // A change recorded at the source now (a copy of `event`).
  void record(std::uint64_t event, Time produced);

  void handle(core::Kernel& kernel, const core::Event& event) override;

  // Changes recorded and not yet processed.
  std::uint64_t in_flight() const { return pending_.size() + taken_; }
  void restart_measurements() { end_to_end_.clear(); }
  PollerResult result() const;

 private:
  enum Kind : std::uint32_t { poll, fetched, processed };
  struct Change {
    std::uint64_t event = 0;
    Time produced;
  };

  // Takes a change slot for a change being fetched or processed.
  std::uint32_t take(const Change& change);
  // One call to `api` (or an always-fast, always-successful call).
  Api::Call call(Api* api, Time at);

  PollerConfig config_;
  Api* list_;
  Api* fetch_;
  core::Kernel& kernel_;
  Books& books_;
  core::ComponentId id_ = 0;
  core::RandomStream processing_rng_;
  Time end_;
  Ring<Change> pending_;
  std::vector<Change> slots_;
  std::vector<std::uint32_t> free_;
  std::uint64_t taken_ = 0;
  metrics::CounterId list_calls_, fetch_calls_;
  PollerResult result_;
  metrics::Histogram end_to_end_;
};

}  // namespace edasim::model
