// Offered load without simulating: what each component of a design is
// offered at its producers' peak, and what each component can take, for
// `edasim check`'s capacity findings and the planner's first sizing.
//
// How the load is found: each producer draws a fixed number of events (from
// a random stream of its own, so the same design gives the same figures byte
// for byte) and routes them through its Destination's real routing (a bus's
// rules, a topic's filter policies, the consumers' wants on point-to-point
// queues, a stream's partition keys). Each sample adds its share of the
// producer's events to every component it reaches; the parts then pass the
// load on (a queue's to the fleet or function reading it, a stream's to its
// consumer groups, a fleet's to the APIs it calls). A component's load is
// therefore linear in the producers' rates:
//
//   load(t) = sum over producers p of share_p x rate_p(t)
//
// and each rate is piecewise linear in time (rate_profile.hpp: steps and
// ramps), zero once the producer stops. The maximum of such a sum is at a
// breakpoint of one of its terms, so peak() evaluates every breakpoint of
// every producer (each change's start and ramp end, the start of the run and
// the instant before each producer stops) and keeps the highest, the
// earliest on a tie.
//
// Events that fleets, functions and consumer groups emit (emit lists) are
// offered too: a component's emit entry sends, per producer, the component's
// share of that producer's events times its probability (on success: once
// per message; on failure: the component's failure probability, the first
// attempts' failures only), as sampled events of its own template through
// its real destination. System::offered_load repeats the passes until the
// figures stop moving, so a flow several emitters deep, or a feedback loop,
// is counted (to 1e-9 of the fixed point, at most 64 rounds).
//
// Left out on purpose: retries (the SDK's, a bus target's, SNS delivery
// retries), duplicate sends, redeliveries after a visibility timeout,
// re-pushes, dead-letter moves and redrives, and faults. Each only adds load
// (or takes capacity away), so every figure is a lower bound.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/time.hpp"
#include "sim/model/producers/producer_config.hpp"
#include "sim/model/producers/rate_profile.hpp"
#include "sim/model/system_config.hpp"

namespace edasim::model {

// What a component takes per event of one producer (a share), or per second
// (a load).
struct LoadShare {
  double events = 0;      // messages, records, entries, invocations or calls
  double bytes = 0;       // their payload
  double requests = 0;    // the API requests that carry them (batches)
  double deliveries = 0;  // copies a bus or topic delivers onwards
  double discarded = 0;   // of `events`, copies the reader does not want

  LoadShare& operator+=(const LoadShare& o);
  LoadShare times(double factor) const;
};

// One component's load at its peak: the value `edasim check` and the
// planner read.
struct ComponentLoad {
  std::string table;            // the scenario table: "queues", "consumers"
  std::string name;             // the component's name
  std::int32_t partition = -1;  // a stream's partition, or -1: the whole component
  LoadShare per_second;         // at the peak
  Time peak;                    // the instant of the peak
};

// Which figure a peak maximises.
enum class LoadMeasure { events, bytes, requests, deliveries };

class OfferedLoad {
 public:
  // One producer's rate over the run: its profile (and the changes that
  // make it) until it stops.
  struct Source {
    RateProfile profile;
    std::vector<RateChange> changes;
    Time stop;
    // A producer's, in a run that ends at `end`.
    static Source of(const ProducerConfig& producer, Time end);
  };
  explicit OfferedLoad(std::vector<Source> sources);

  std::size_t producers() const { return sources_.size(); }
  // The producer whose samples the following add() calls describe.
  void from(std::size_t producer) { current_ = producer; }
  // Adds `share` of the current producer's events to a component (or one of
  // its partitions).
  void add(std::string_view table, std::string_view name, const LoadShare& share,
           std::int32_t partition = -1);
  // Adds every producer's share of `from_table.from_name` times `factor` to
  // `to_table.to_name` (a fleet takes its queue's load). Bytes pass only
  // with `with_bytes`.
  void pass(std::string_view from_table, std::string_view from_name, std::string_view to_table,
            std::string_view to_name, double factor, bool with_bytes = true);

  // What one producer's events add to a component (a share of its events);
  // zero for a component that producer does not reach.
  LoadShare share(std::string_view table, std::string_view name, std::size_t producer) const;
  // The largest difference between two loads of one design, relative to
  // the larger share: how far an iteration of emissions moved the figures.
  double largest_change(const OfferedLoad& other) const;

  // The component's load at the instant that maximises `measure`; zero (at
  // the start) for a component nothing reaches.
  ComponentLoad peak(std::string_view table, std::string_view name,
                     LoadMeasure measure = LoadMeasure::events, std::int32_t partition = -1) const;
  // The partition of `name` with the highest peak of `measure` (the lowest
  // index on a tie), or the whole component's zero load if none has any.
  ComponentLoad hottest_partition(std::string_view table, std::string_view name,
                                  LoadMeasure measure = LoadMeasure::events) const;
  // Every component and partition something reaches, each at its events
  // peak, in the order they were first reached.
  std::vector<ComponentLoad> loads() const;

 private:
  struct Entry {
    std::string table, name;
    std::int32_t partition;
    std::vector<LoadShare> shares;  // by producer
  };
  Entry* find(std::string_view table, std::string_view name, std::int32_t partition);
  const Entry* find(std::string_view table, std::string_view name, std::int32_t partition) const;
  Entry& entry(std::string_view table, std::string_view name, std::int32_t partition);
  ComponentLoad peak_of(const Entry& e, LoadMeasure measure) const;
  double rate(std::size_t producer, Time t) const;

  std::vector<Source> sources_;
  std::vector<Time> instants_;                // every breakpoint, sorted
  std::vector<Entry> entries_;                // in the order first reached
  std::map<std::string, std::size_t> index_;  // key_of(table, name, partition) -> entry
  std::size_t current_ = 0;
};

// One limit of one component checked at the peak of its offered load.
struct CapacityLimit {
  std::string table, name;  // the component's scenario table and name
  double utilisation = 0;   // offered over what the limit allows
  std::string message;      // the numbers, as `edasim check` prints them
};

// A fleet or a function as a queueing station at its peak: what an Erlang C
// or M/G/c estimate needs. Servers are the fleet's pollers (at the
// autoscaling maximum where it autoscales) or the function's concurrency
// limit; the service time is per message: its processing (and the downstream
// calls it makes), plus its share of its batch's receive latency.
struct ServerLoad {
  std::string table, name;
  double arrival_rate = 0;  // messages/s at the peak
  Time peak;
  double servers = 0;
  double mean_service = 0;           // seconds
  double service_second_moment = 0;  // seconds squared, E[S^2]
};

// A design's limits above 80 % utilisation at their peaks and its stations
// (every fleet and function some load reaches), from the parts in build
// order.
struct Capacity {
  std::vector<CapacityLimit> limits;
  std::vector<ServerLoad> stations;
};

// Texts for capacity messages: "1,800" (whole numbers from 100 up, else three
// significant digits), "10 ms", "225 %", "1.2 MB".
std::string count_text(double x);
std::string seconds_text(double seconds);
std::string percent_text(double fraction);
std::string bytes_text(double bytes);
// "at the peak (t = 10m)".
std::string at_peak_text(Time peak);
// " (utilisation 225 %)".
std::string utilisation_text(double utilisation);
// How many fleets and functions read `queue`: they compete for its
// messages, and each is taken to be offered an even share.
std::size_t readers_of(const SystemConfig& config, std::string_view queue);

}  // namespace edasim::model
