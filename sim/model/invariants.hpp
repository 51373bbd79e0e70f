// The checks every finished run must pass, whatever the scenario: figures
// that cannot be true of any run, so one failing means the simulator (not
// the design) is wrong. Reports show each check with its verdict and shout
// when one fails, as they do for an unbalanced ledger; the tests of every
// shipped scenario assert them.
//
// The checks:
//   latency-within-run    no latency or duration longer than the run
//   amplification-at-least-1
//                         attempts per success, run-wide and per fault
//   fault-within-target   a fault's figures never above its target's
//                         totals, and the faults' sums never above the run's
//   age-within-run        no queue age or iterator age longer than the run
//   quantiles-ordered     every latency block has min <= p50 <= p90 <= p99
//                         <= p99.9 <= max
//   emitted-by-components (only when the design emits) the run's emitted
//                         events are the emitting fleets', functions' and
//                         consumer groups' own, and no fleet's stage
//                         latency exceeds its end-to-end one
#pragma once

#include <string>
#include <vector>

#include "sim/model/run_result.hpp"

namespace edasim::model {

// Every check that applies, in the order above (InvariantCheck is in run_result.hpp).
// System::result() stores them in RunResult::invariants; a result changed
// afterwards (a test breaking a figure on purpose) is checked again here.
std::vector<InvariantCheck> check_invariants(const RunResult& result);

}  // namespace edasim::model
