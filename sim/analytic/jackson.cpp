#include "sim/analytic/jackson.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace edasim::analytic {

namespace {

// Routing probabilities usually come from sums of decimal fractions; a row
// such as 0.7 + 0.2 + 0.1 may exceed 1 by a few ulps and still mean "all".
constexpr double kProbabilitySlack = 1e-9;

std::string station_name(Eigen::Index i) {
  return "station " + std::to_string(i);
}

void validate(const Eigen::VectorXd& gamma, const Eigen::MatrixXd& routing,
              const Eigen::VectorXd& mu, std::span<const std::size_t> servers) {
  const Eigen::Index n = gamma.size();
  if (n == 0) throw std::invalid_argument("a Jackson network needs at least one station");
  if (routing.rows() != n || routing.cols() != n || mu.size() != n ||
      static_cast<Eigen::Index>(servers.size()) != n) {
    throw std::invalid_argument("Jackson network inputs disagree on the number of stations");
  }
  double total = 0.0;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (!(gamma(i) >= 0.0) || !std::isfinite(gamma(i))) {
      throw std::invalid_argument(station_name(i) + ": external arrival rate must be >= 0");
    }
    total += gamma(i);
    if (!(mu(i) > 0.0) || !std::isfinite(mu(i))) {
      throw std::invalid_argument(station_name(i) + ": service rate must be positive");
    }
    if (servers[static_cast<std::size_t>(i)] == 0) {
      throw std::invalid_argument(station_name(i) + ": needs at least one server");
    }
    double row = 0.0;
    for (Eigen::Index j = 0; j < n; ++j) {
      const double p = routing(i, j);
      if (!(p >= 0.0 && p <= 1.0)) {
        throw std::invalid_argument(station_name(i) + ": routing probabilities must be in [0, 1]");
      }
      row += p;
    }
    if (row > 1.0 + kProbabilitySlack) {
      throw std::invalid_argument(station_name(i) + ": routing probabilities sum to " +
                                  std::to_string(row) + ", more than 1");
    }
  }
  if (!(total > 0.0)) throw std::invalid_argument("a Jackson network needs external arrivals");
}

}  // namespace

JacksonNetwork jackson(const Eigen::VectorXd& external_arrivals, const Eigen::MatrixXd& routing,
                       const Eigen::VectorXd& service_rates, std::span<const std::size_t> servers) {
  validate(external_arrivals, routing, service_rates, servers);
  const Eigen::Index n = external_arrivals.size();

  // (I - P^T) lambda = gamma. Full pivoting reports rank honestly, so a loop
  // with no exit shows up as a singular matrix instead of huge rates.
  const Eigen::MatrixXd system = Eigen::MatrixXd::Identity(n, n) - routing.transpose();
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(system);
  if (!lu.isInvertible()) {
    throw std::invalid_argument(
        "Jackson network traffic equations are singular: some routing loop never exits");
  }
  const Eigen::VectorXd lambda = lu.solve(external_arrivals);

  JacksonNetwork net;
  net.throughput = external_arrivals.sum();
  net.stations.reserve(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    // Rates are sums of non-negative flows; anything below zero is solver
    // rounding on a station nothing reaches.
    const double rate = lambda(i) > 0.0 ? lambda(i) : 0.0;
    const std::size_t c = servers[static_cast<std::size_t>(i)];
    QueueMetrics m;
    if (rate == 0.0) {
      m.mean_sojourn = 1.0 / service_rates(i);
    } else {
      const double rho = rate / (service_rates(i) * static_cast<double>(c));
      if (rho >= 1.0) {
        throw std::invalid_argument(station_name(i) + " is unstable: arrival rate " +
                                    std::to_string(rate) + " gives utilisation " +
                                    std::to_string(rho));
      }
      m = mmc(rate, service_rates(i), c);
    }
    net.mean_in_system += m.mean_in_system;
    net.stations.push_back(m);
  }
  net.mean_sojourn = net.mean_in_system / net.throughput;
  return net;
}

}  // namespace edasim::analytic
