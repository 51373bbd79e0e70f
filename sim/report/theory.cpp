#include "sim/report/theory.hpp"

#include <stdexcept>

namespace edasim::report {

std::optional<ClosedForm> closed_form(const StationParameters& s) {
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

}  // namespace edasim::report
