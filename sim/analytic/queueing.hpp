// Closed-form steady-state results for single-station queues: M/M/1, M/M/c,
// M/D/1 and M/G/1. The simulator is checked against these, and the planner
// uses them for a first sizing before it simulates.
//
// Rates are per unit of time and times are in that same unit (the project
// uses seconds). Every function throws std::invalid_argument for a
// non-positive or non-finite rate or time, zero servers, or an unstable
// queue (utilisation rho >= 1), whose steady state does not exist.
#pragma once

#include <cstddef>

namespace edasim::analytic {

// Steady-state averages of one station, in the usual notation.
struct QueueMetrics {
  double arrival_rate = 0;    // lambda
  double utilisation = 0;     // rho: the busy fraction of each server
  double mean_in_queue = 0;   // Lq: waiting, not in service
  double mean_in_system = 0;  // L
  double mean_wait = 0;       // Wq: arrival to start of service
  double mean_sojourn = 0;    // W: arrival to departure
  double p_wait = 0;          // probability an arrival waits at all
};

QueueMetrics mm1(double arrival_rate, double service_rate);
// p_wait is Erlang C. Stable for thousands of servers: Erlang C comes from
// the Erlang B recursion, which never forms a^c or c!.
QueueMetrics mmc(double arrival_rate, double service_rate, std::size_t servers);
QueueMetrics md1(double arrival_rate, double service_time);
// Pollaczek-Khinchine; service_scv is the squared coefficient of variation
// of the service time, variance / mean^2 (0 deterministic, 1 exponential).
QueueMetrics mg1(double arrival_rate, double mean_service_time, double service_scv);

// Erlang B (blocking) and Erlang C (waiting) for an offered load of
// offered_load = lambda / mu erlangs on `servers` servers; Erlang C needs
// offered_load < servers.
double erlang_b(double offered_load, std::size_t servers);
double erlang_c(double offered_load, std::size_t servers);

// M/M/c waiting time: P(Wq > t) = C * exp(-(c mu - lambda) t), and its
// q-quantile (0 when q <= 1 - C, since that many arrivals do not wait).
double mmc_wait_exceeds(double arrival_rate, double service_rate, std::size_t servers, double t);
double mmc_wait_quantile(double arrival_rate, double service_rate, std::size_t servers, double q);
// M/M/c sojourn time (wait plus service): P(T > t), and its q-quantile,
// found by bisection on that closed form. The capacity planner sizes a
// fleet for a latency quantile with it before it simulates.
double mmc_sojourn_exceeds(double arrival_rate, double service_rate, std::size_t servers,
                           double t);
double mmc_sojourn_quantile(double arrival_rate, double service_rate, std::size_t servers,
                            double q);
// M/M/1 sojourn time is exponential with rate mu - lambda; its q-quantile.
double mm1_sojourn_quantile(double arrival_rate, double service_rate, double q);

}  // namespace edasim::analytic
