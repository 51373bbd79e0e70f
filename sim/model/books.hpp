// The books of a run: the API-call ledger and the event counters that the
// conservation check balances at the end. Every component writes to the one
// set of books its system owns.
#pragma once

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/run_result.hpp"

namespace edasim {

struct Books {
  CallLedger calls;
  // Counters that flow during the run (produced, unrouted, copies, processed,
  // expired, rejected, ...). The stocks (dlq, in_flight, awaiting_routing)
  // are counted when the run ends.
  EventTotals events;
};

}  // namespace edasim
