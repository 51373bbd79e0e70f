#include "sim/report/theory.hpp"

#include <stdexcept>
#include <string>

namespace edasim::report {

std::optional<ClosedForm> closed_form(const model::StationParameters& s) {
  const double mu = 1.0 / s.service_mean;
  // The closed forms reject a station at or over capacity, which has no
  // steady state to compare with.
  try {
    if (s.exponential_service) {
      return ClosedForm{"M/M/" + std::to_string(s.servers),
                        analytic::mmc(s.arrival_rate, mu, static_cast<std::size_t>(s.servers))};
    }
    if (s.servers == 1) {
      return ClosedForm{s.service_scv == 0 ? "M/D/1" : "M/G/1",
                        analytic::mg1(s.arrival_rate, s.service_mean, s.service_scv)};
    }
  } catch (const std::invalid_argument&) {
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<ClosedForm> closed_form(const model::FleetResult& fleet) {
  if (!fleet.station) return std::nullopt;
  return closed_form(*fleet.station);
}

std::string theory_gap(const model::FleetResult& fleet) {
  if (!fleet.station) return fleet.not_a_station;
  if (closed_form(*fleet.station)) return "";
  const model::StationParameters& s = *fleet.station;
  if (s.arrival_rate * s.service_mean >= static_cast<double>(s.servers)) {
    return "its offered load is at or above its servers' capacity, so it has no steady state";
  }
  return "no exact closed form exists for general service on more than one server (M/G/" +
         std::to_string(s.servers) + ")";
}

}  // namespace edasim::report
