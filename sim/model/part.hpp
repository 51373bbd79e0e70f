// A part of a running system: the components of one kind that a scenario
// declares, as the System drives them through a run. Each kind's part lives
// in the kind's folder (queues/queues_part.cpp, ...); the System knows parts
// only through this interface, so a new kind adds a part, not code here.
//
// Promises: the System calls these in a fixed order (build, connect, add_columns,
// start, then sample and warm-up restarts as the run goes, bill at a
// declared steady window's ends, report at the end), and every part walks
// its components in the order the scenario declares them, so a run is the
// same whatever kinds a scenario uses.
#pragma once

#include <vector>

#include "sim/core/time.hpp"
#include "sim/metrics/time_series.hpp"
#include "sim/model/run_result.hpp"
#include "sim/model/support/offered_load.hpp"

namespace edasim::model {

class Assembly;

class Part {
 public:
  virtual ~Part() = default;

  // Once every kind is built, before start(): connects the components to
  // those of kinds built after theirs (a bus to the state machines, topics
  // and streams its rules target), so that the build order stays what it
  // was and no kind moves in kinds.def for a connection.
  virtual void connect(Assembly& /*assembly*/) {}

  // Schedules what the components do first; the run ends at `end`.
  virtual void start(Time /*end*/) {}
  // Restarts latency, utilisation and maximum measurements (a warm-up ends).
  virtual void restart_measurements() {}
  // Names the columns its components add to the time series...
  virtual void add_columns(metrics::TimeSeries& /*series*/) {}
  // ... and appends their values, once per series period, in that order.
  virtual void sample(std::vector<double>& /*row*/) {}
  // Adds the meters of what the components bill besides API calls
  // (instance-hours, invocations, GB-seconds, transitions), as used so far,
  // to a snapshot of the bill.
  virtual void bill(BillingSnapshot& /*snapshot*/) const {}
  // Adds the components' results, and the events they still hold, to `r`.
  virtual void report(RunResult& r) = 0;
  // As report(), once, after the run (System::hand_over): a part whose
  // measurements are large may move them out rather than copy them.
  virtual void hand_over(RunResult& r) { report(r); }

  // Without a run (`edasim check`, the planner; support/offered_load.hpp):
  // once the producers' samples are in `load`, passes the load of what its
  // components read on to them and to what they call (a fleet takes its
  // queue's and offers its APIs their calls). Called in build order; a part
  // reads only loads the producers' samples complete.
  virtual void offer(OfferedLoad& /*load*/) const {}
  // Before the next round of offer() calls, in a design that emits: adds to
  // `load` the events its components' emit lists send for the load the
  // previous round found them offered (`reached`).
  virtual void offer_emissions(const OfferedLoad& /*reached*/, OfferedLoad& /*load*/) {}
  // Then appends each limit the scenario configures on its components that
  // the load at its peak takes above 80 % of (those `edasim check` reports),
  // and its stations (fleets, functions). A kind without such limits
  // appends nothing.
  virtual void capacity(const OfferedLoad& /*load*/, Capacity& /*out*/) const {}
};

}  // namespace edasim::model
