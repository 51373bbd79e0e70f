// The closed form a simulated station is checked against in reports: M/M/c
// (Erlang C) for exponential service, M/G/1 (Pollaczek-Khinchine) for any
// service on one server. Stations with neither, or unstable ones, have none,
// and neither have fleets that are no plain station
// (FleetResult::not_a_station); theory_gap says why in one clause.
#pragma once

#include <optional>
#include <string>

#include "sim/analytic/queueing.hpp"
#include "sim/model/run_result.hpp"

namespace edasim::report {

struct ClosedForm {
  std::string model;  // "M/M/10", "M/D/1", "M/G/1"
  analytic::QueueMetrics metrics;
};

std::optional<ClosedForm> closed_form(const model::StationParameters& station);
// The closed form of a fleet, if one applies.
std::optional<ClosedForm> closed_form(const model::FleetResult& fleet);
// Why no closed form applies to the fleet ("" when one does).
std::string theory_gap(const model::FleetResult& fleet);

}  // namespace edasim::report
