// Open Jackson networks: stations of exponential servers joined by
// probabilistic routing, with Poisson arrivals from outside.
//
// Promises: each station's total arrival rate solves the traffic equations
// lambda = gamma + P^T lambda, and each station then behaves as an M/M/c
// queue with that rate (Jackson's theorem). Network totals follow from
// Little's law. Throws std::invalid_argument for mismatched sizes, negative
// external rates (or none at all), routing rows that are not
// sub-probabilities, non-positive service rates, zero servers, a routing
// matrix with a loop that nothing ever leaves (the traffic equations are
// singular), or a station whose utilisation is not below 1.
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <span>
#include <vector>

#include "sim/analytic/queueing.hpp"

namespace edasim::analytic {

struct JacksonNetwork {
  // One per station, in input order. A station that no traffic reaches has
  // zero everything except mean_sojourn, which is its bare service time.
  std::vector<QueueMetrics> stations;
  double throughput = 0;      // sum of external arrival rates
  double mean_in_system = 0;  // sum of the stations' L
  double mean_sojourn = 0;    // entry to exit, mean_in_system / throughput
};

// external_arrivals[i]: gamma_i; routing(i, j): probability that a job
// leaving station i goes to station j next (1 - row sum leaves the
// network); service_rates[i] and servers[i]: mu_i and c_i.
JacksonNetwork jackson(const Eigen::VectorXd& external_arrivals, const Eigen::MatrixXd& routing,
                       const Eigen::VectorXd& service_rates, std::span<const std::size_t> servers);

}  // namespace edasim::analytic
