// The books of a run: the API-call ledger and the event counters that the
// conservation check balances at the end. Every component writes to the one
// set of books its system owns.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/run_result.hpp"

namespace edasim::model {

struct Books {
  metrics::CallLedger calls;
  // Counters that flow during the run (produced, unrouted, copies, processed,
  // expired, rejected, ...). The stocks (dlq, in_flight, awaiting_routing)
  // are counted when the run ends.
  EventTotals events;
  // The end-to-end latencies (ns) of what was processed since the last
  // series sample, recorded wherever the run's end-to-end latency is (each
  // copy's first successful processing in a fleet, function, consumer group
  // or polling integration; a chain's request that publishes nothing); the
  // system's sampler reads and clears it every series period.
  metrics::Histogram period_end_to_end;
  // Each fault's own figures, in the order the scenario declares the faults.
  std::vector<FaultTally> faults;

  // The index of the fault's tally, made on first use (a component built
  // without its system's books still counts).
  std::uint32_t fault(std::string_view name) {
    for (std::size_t i = 0; i < faults.size(); ++i) {
      if (faults[i].name == name) return static_cast<std::uint32_t>(i);
    }
    faults.push_back(FaultTally{std::string(name)});
    return static_cast<std::uint32_t>(faults.size() - 1);
  }
  // The tally of Message::fault (1 + an index), or null for none.
  FaultTally* blamed(std::uint32_t fault) {
    return fault == 0 || fault > faults.size() ? nullptr : &faults[fault - 1];
  }
};

}  // namespace edasim::model
