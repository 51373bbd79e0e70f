#include "sim/analytic/queueing.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace edasim::analytic {

namespace {

void require_positive(double x, const char* what) {
  if (!(x > 0.0) || !std::isfinite(x)) {
    throw std::invalid_argument(std::string(what) + " must be positive and finite, got " +
                                std::to_string(x));
  }
}

void require_servers(std::size_t servers) {
  if (servers == 0) throw std::invalid_argument("a queue needs at least one server");
}

void require_stable(double rho) {
  if (rho >= 1.0) {
    throw std::invalid_argument("queue is unstable: utilisation " + std::to_string(rho) +
                                " is not below 1");
  }
}

void require_probability(double q) {
  if (!(q >= 0.0 && q < 1.0)) {
    throw std::invalid_argument("a quantile needs q in [0, 1), got " + std::to_string(q));
  }
}

}  // namespace

QueueMetrics mm1(double arrival_rate, double service_rate) {
  return mmc(arrival_rate, service_rate, 1);
}

double erlang_b(double offered_load, std::size_t servers) {
  require_positive(offered_load, "offered load");
  require_servers(servers);
  double b = 1.0;
  for (std::size_t k = 1; k <= servers; ++k) {
    b = offered_load * b / (static_cast<double>(k) + offered_load * b);
  }
  return b;
}

double erlang_c(double offered_load, std::size_t servers) {
  require_servers(servers);
  const double rho = offered_load / static_cast<double>(servers);
  require_stable(rho);
  const double b = erlang_b(offered_load, servers);
  return b / (1.0 - rho * (1.0 - b));
}

QueueMetrics mmc(double arrival_rate, double service_rate, std::size_t servers) {
  require_positive(arrival_rate, "arrival rate");
  require_positive(service_rate, "service rate");
  require_servers(servers);
  const double c = static_cast<double>(servers);
  const double load = arrival_rate / service_rate;
  QueueMetrics m;
  m.arrival_rate = arrival_rate;
  m.utilisation = load / c;
  require_stable(m.utilisation);
  m.p_wait = erlang_c(load, servers);
  m.mean_wait = m.p_wait / (c * service_rate - arrival_rate);
  m.mean_in_queue = arrival_rate * m.mean_wait;
  m.mean_sojourn = m.mean_wait + 1.0 / service_rate;
  m.mean_in_system = arrival_rate * m.mean_sojourn;
  return m;
}

QueueMetrics mg1(double arrival_rate, double mean_service_time, double service_scv) {
  require_positive(arrival_rate, "arrival rate");
  require_positive(mean_service_time, "mean service time");
  if (!(service_scv >= 0.0) || !std::isfinite(service_scv)) {
    throw std::invalid_argument("service SCV must be non-negative and finite, got " +
                                std::to_string(service_scv));
  }
  QueueMetrics m;
  m.arrival_rate = arrival_rate;
  m.utilisation = arrival_rate * mean_service_time;
  require_stable(m.utilisation);
  const double rho = m.utilisation;
  m.p_wait = rho;
  m.mean_wait = rho * mean_service_time * (1.0 + service_scv) / (2.0 * (1.0 - rho));
  m.mean_in_queue = arrival_rate * m.mean_wait;
  m.mean_sojourn = m.mean_wait + mean_service_time;
  m.mean_in_system = arrival_rate * m.mean_sojourn;
  return m;
}

QueueMetrics md1(double arrival_rate, double service_time) {
  return mg1(arrival_rate, service_time, 0.0);
}

double mmc_wait_exceeds(double arrival_rate, double service_rate, std::size_t servers, double t) {
  const QueueMetrics m = mmc(arrival_rate, service_rate, servers);
  if (t < 0.0) return 1.0;
  const double drain = static_cast<double>(servers) * service_rate - arrival_rate;
  return m.p_wait * std::exp(-drain * t);
}

double mmc_wait_quantile(double arrival_rate, double service_rate, std::size_t servers, double q) {
  require_probability(q);
  const QueueMetrics m = mmc(arrival_rate, service_rate, servers);
  const double tail = 1.0 - q;
  if (tail >= m.p_wait) return 0.0;
  const double drain = static_cast<double>(servers) * service_rate - arrival_rate;
  return std::log(m.p_wait / tail) / drain;
}

double mm1_sojourn_quantile(double arrival_rate, double service_rate, double q) {
  require_probability(q);
  const QueueMetrics m = mm1(arrival_rate, service_rate);
  return -std::log1p(-q) * m.mean_sojourn;
}

double mmc_sojourn_exceeds(double arrival_rate, double service_rate, std::size_t servers,
                           double t) {
  const QueueMetrics m = mmc(arrival_rate, service_rate, servers);
  if (t <= 0.0) return 1.0;
  const double mu = service_rate;
  const double drain = static_cast<double>(servers) * service_rate - arrival_rate;
  // Sojourn = wait + service, independent: no wait (1 - C) or an
  // exponential wait of rate `drain` (C), plus an exponential service of
  // rate mu. The sum of two exponentials is hypoexponential, or Erlang-2
  // when the rates coincide.
  const double service_only = std::exp(-mu * t);
  const double both = std::abs(drain - mu) < 1e-12 * mu
                          ? (1.0 + mu * t) * std::exp(-mu * t)
                          : (drain * std::exp(-mu * t) - mu * std::exp(-drain * t)) / (drain - mu);
  return (1.0 - m.p_wait) * service_only + m.p_wait * both;
}

double mmc_sojourn_quantile(double arrival_rate, double service_rate, std::size_t servers,
                            double q) {
  require_probability(q);
  const double tail = 1.0 - q;
  // The survival function falls from 1 at t = 0; bracket, then bisect to a
  // relative precision far below anything a simulation can resolve.
  double lo = 0.0, hi = 1.0 / service_rate;
  while (mmc_sojourn_exceeds(arrival_rate, service_rate, servers, hi) > tail) hi *= 2.0;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    (mmc_sojourn_exceeds(arrival_rate, service_rate, servers, mid) > tail ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace edasim::analytic
