// The planner's analytic warm start: before anything is simulated, a first
// guess for each knob a closed form can size, from the load each consumer
// fleet is offered at the producers' peak.
//
// A knob `consumers.NAME.instances` is sized as an M/M/c station at the
// load `edasim check` finds (System::capacity: the producers' peak routed
// through the bus rules, filter policies and wants): servers are instances x
// pollers per instance, the service rate one over the mean time per message
// (processing, downstream calls, its share of its batch's receive), and the
// guess is the fewest instances that keep the station stable and, when an
// SLO bounds a latency quantile of that fleet (or of the whole run's end to
// end, when the fleet is the only one), whose Erlang C sojourn quantile
// meets it. It is a guess, not a bound: bursts
// shorter than the queue's drain, batching, failures and non-exponential
// service all move the truth, and the simulation decides.
//
// Any other knob of a component with limits `edasim check` checks (a
// stream's partitions or shards against its per-partition write limits, a
// queue's or topic's quotas, a state machine's start rate) is sized by
// those limits: with every other knob at its top, the guess is the fewest
// value at which no limit of that component is over 100 % at the
// producers' peak, found by bisection (capacity only grows with the knob).
// A knob whose component has no limit over 100 % even at its lowest value
// gets no guess: the check says nothing about it.
//
// Other knobs get no guess; the basis says why.
#pragma once

#include <span>

#include "sim/model/system_config.hpp"
#include "sim/plan/planner.hpp"
#include "sim/plan/study_config.hpp"

namespace edasim::plan {

// `design_at` makes the design at a point (as the planner does); without
// it only fleets are sized.
WarmStart warm_start(const PlanConfig& plan, std::span<const Slo> slos,
                     const model::SystemConfig& base, const DesignAt& design_at = {});

}  // namespace edasim::plan
