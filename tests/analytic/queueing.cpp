#include "sim/analytic/queueing.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

using Catch::Detail::Approx;
namespace an = edasim::analytic;

TEST_CASE("M/M/1 at half load holds one job and keeps each for two service times") {
  const auto m = an::mm1(0.5, 1.0);
  CHECK(m.utilisation == Approx(0.5));
  CHECK(m.mean_in_system == Approx(1.0));
  CHECK(m.mean_in_queue == Approx(0.5));
  CHECK(m.mean_sojourn == Approx(2.0));
  CHECK(m.mean_wait == Approx(1.0));
  CHECK(m.p_wait == Approx(0.5));
}

TEST_CASE("M/M/1 at 90% load waits nine service times") {
  // rho/(mu - lambda) = 0.9 / 0.1 with mu = 1.
  const auto m = an::mm1(0.9, 1.0);
  CHECK(m.mean_wait == Approx(9.0));
  CHECK(m.mean_in_system == Approx(9.0));
}

TEST_CASE("M/M/2 with one erlang offered waits with probability one third") {
  // By hand: B(2, 1) = 1/5, C = B / (1 - rho (1 - B)) = (1/5) / (3/5).
  const auto m = an::mmc(1.0, 1.0, 2);
  CHECK(m.utilisation == Approx(0.5));
  CHECK(m.p_wait == Approx(1.0 / 3.0));
  CHECK(m.mean_in_queue == Approx(1.0 / 3.0));
  CHECK(m.mean_wait == Approx(1.0 / 3.0));
  CHECK(m.mean_sojourn == Approx(4.0 / 3.0));
  CHECK(m.mean_in_system == Approx(4.0 / 3.0));
}

TEST_CASE("Erlang C matches the textbook sum formula, including for a thousand servers") {
  // References from C = (a^c/c!)(c/(c-a)) / (sum_{k<c} a^k/k! + (a^c/c!)(c/(c-a))),
  // evaluated separately in log space.
  CHECK(an::erlang_c(2.0, 3) == Approx(4.0 / 9.0).epsilon(1e-12));
  CHECK(an::erlang_c(8.0, 10) == Approx(0.409180150796444).epsilon(1e-12));
  CHECK(an::erlang_c(45.0, 50) == Approx(0.36386446720698273).epsilon(1e-10));
  CHECK(an::erlang_c(950.0, 1000) == Approx(0.06825341537714236).epsilon(1e-10));
  const double big = an::erlang_c(9500.0, 10000);
  CHECK(std::isfinite(big));
  CHECK(big > 0.0);
  CHECK(big < 1.0);
}

TEST_CASE("Erlang B blocks one job in five with two servers and one erlang") {
  CHECK(an::erlang_b(1.0, 2) == Approx(0.2));
  CHECK(an::erlang_b(1.0, 1) == Approx(0.5));
}

TEST_CASE("M/M/c with one server is M/M/1") {
  const auto a = an::mmc(3.0, 4.0, 1);
  CHECK(a.mean_in_system == Approx(3.0));
  CHECK(a.mean_sojourn == Approx(1.0));
  CHECK(a.p_wait == Approx(0.75));
}

TEST_CASE("M/D/1 waits half as long as M/M/1 at the same load") {
  // Wq = rho / (2 mu (1 - rho)) = 0.5 / (2 * 1 * 0.5).
  const auto d = an::md1(0.5, 1.0);
  CHECK(d.utilisation == Approx(0.5));
  CHECK(d.mean_wait == Approx(0.5));
  CHECK(d.mean_in_queue == Approx(0.25));
  CHECK(d.mean_sojourn == Approx(1.5));
  CHECK(d.mean_in_system == Approx(0.75));
}

TEST_CASE("Pollaczek-Khinchine grows the wait with the service time variability") {
  // Wq = rho E[S] (1 + scv) / (2 (1 - rho)).
  CHECK(an::mg1(0.5, 1.0, 1.0).mean_wait == Approx(1.0));
  CHECK(an::mg1(0.5, 1.0, 2.0).mean_wait == Approx(1.5));
  CHECK(an::mg1(0.8, 0.5, 4.0).mean_wait == Approx(0.4 * 0.5 * 5.0 / (2 * 0.6)));
  const auto exp = an::mg1(0.5, 1.0, 1.0);
  const auto mm = an::mm1(0.5, 1.0);
  CHECK(exp.mean_in_system == Approx(mm.mean_in_system));
}

TEST_CASE("M/M/c wait percentiles follow the exponential tail of the waiting jobs") {
  // c = 2, lambda = mu = 1: P(Wq > t) = exp(-t) / 3.
  CHECK(an::mmc_wait_exceeds(1.0, 1.0, 2, 0.0) == Approx(1.0 / 3.0));
  CHECK(an::mmc_wait_exceeds(1.0, 1.0, 2, 2.0) == Approx(std::exp(-2.0) / 3.0));
  // Two thirds never wait, so the median wait is zero.
  CHECK(an::mmc_wait_quantile(1.0, 1.0, 2, 0.5) == 0.0);
  // exp(-t) / 3 = 0.1 at t = ln(10/3).
  CHECK(an::mmc_wait_quantile(1.0, 1.0, 2, 0.9) == Approx(1.2039728043259361));
}

TEST_CASE("the M/M/1 median sojourn is ln 2 over the spare capacity") {
  CHECK(an::mm1_sojourn_quantile(0.5, 1.0, 0.5) == Approx(1.3862943611198906));
  CHECK(an::mm1_sojourn_quantile(0.5, 1.0, 0.0) == 0.0);
  // 99th percentile: ln(100) / 0.5.
  CHECK(an::mm1_sojourn_quantile(0.5, 1.0, 0.99) == Approx(9.210340371976184));
}

TEST_CASE("the M/M/c sojourn adds an exponential service to the Erlang C wait") {
  // One server: the sojourn is exponential with the spare capacity's rate.
  for (const double t : {0.5, 2.0, 9.0})
    CHECK(an::mmc_sojourn_exceeds(0.5, 1.0, 1, t) == Approx(std::exp(-0.5 * t)));
  CHECK(an::mmc_sojourn_quantile(0.5, 1.0, 1, 0.99) ==
        Approx(an::mm1_sojourn_quantile(0.5, 1.0, 0.99)).epsilon(1e-9));
  // c = 2, lambda = mu = 1: C = 1/3 and the wait drains at rate 1, the
  // service's own: an Erlang-2 tail for those who wait.
  const double t = 1.5;
  CHECK(an::mmc_sojourn_exceeds(1.0, 1.0, 2, t) ==
        Approx(2.0 / 3.0 * std::exp(-t) + (1.0 + t) * std::exp(-t) / 3.0));
  // The quantile inverts the tail.
  const double p99 = an::mmc_sojourn_quantile(7.2, 1.0, 8, 0.99);
  CHECK(an::mmc_sojourn_exceeds(7.2, 1.0, 8, p99) == Approx(0.01).epsilon(1e-9));
  // More servers never lengthen it.
  CHECK(an::mmc_sojourn_quantile(7.2, 1.0, 9, 0.99) < p99);
}

TEST_CASE("unstable queues and non-positive parameters are rejected") {
  CHECK_THROWS_AS(an::mm1(1.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(an::mm1(2.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(an::mm1(0.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(an::mm1(-1.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(an::mm1(0.5, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(an::mm1(std::numeric_limits<double>::quiet_NaN(), 1.0), std::invalid_argument);
  CHECK_THROWS_AS(an::mmc(4.0, 1.0, 4), std::invalid_argument);
  CHECK_THROWS_AS(an::mmc(1.0, 1.0, 0), std::invalid_argument);
  CHECK_THROWS_AS(an::md1(1.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(an::mg1(0.5, 1.0, -0.1), std::invalid_argument);
  CHECK_THROWS_AS(an::erlang_c(3.0, 3), std::invalid_argument);
  CHECK_THROWS_AS(an::mmc_wait_quantile(1.0, 1.0, 2, 1.0), std::invalid_argument);
}
