#include "sim/analytic/jackson.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

using Catch::Detail::Approx;
namespace an = edasim::analytic;

namespace {

Eigen::VectorXd vec(std::initializer_list<double> xs) {
  Eigen::VectorXd v(static_cast<Eigen::Index>(xs.size()));
  Eigen::Index i = 0;
  for (double x : xs) v(i++) = x;
  return v;
}

}  // namespace

TEST_CASE("a two-station tandem behaves as two M/M/1 queues in sequence") {
  // Station 0: lambda 1, mu 2 -> L = 1, W = 1. Station 1: lambda 1, mu 4 ->
  // L = 1/3, W = 1/3. End to end: 4/3.
  Eigen::MatrixXd p(2, 2);
  p << 0, 1, 0, 0;
  const std::vector<std::size_t> c = {1, 1};
  const auto net = an::jackson(vec({1, 0}), p, vec({2, 4}), c);
  REQUIRE(net.stations.size() == 2);
  CHECK(net.stations[0].arrival_rate == Approx(1.0));
  CHECK(net.stations[1].arrival_rate == Approx(1.0));
  CHECK(net.stations[0].mean_in_system == Approx(1.0));
  CHECK(net.stations[0].mean_sojourn == Approx(1.0));
  CHECK(net.stations[1].utilisation == Approx(0.25));
  CHECK(net.stations[1].mean_in_system == Approx(1.0 / 3.0));
  CHECK(net.throughput == Approx(1.0));
  CHECK(net.mean_in_system == Approx(4.0 / 3.0));
  CHECK(net.mean_sojourn == Approx(4.0 / 3.0));
}

TEST_CASE("feedback to the same station doubles its load when half the jobs return") {
  // lambda = 1 / (1 - 0.5) = 2, mu = 4: rho = 1/2, L = 1. Two visits of 0.5
  // each make a sojourn of 1.
  Eigen::MatrixXd p(1, 1);
  p << 0.5;
  const std::vector<std::size_t> c = {1};
  const auto net = an::jackson(vec({1}), p, vec({4}), c);
  CHECK(net.stations[0].arrival_rate == Approx(2.0));
  CHECK(net.stations[0].utilisation == Approx(0.5));
  CHECK(net.mean_in_system == Approx(1.0));
  CHECK(net.mean_sojourn == Approx(1.0));
}

TEST_CASE("a retry loop between two stations is solved from the traffic equations") {
  // 0 -> 1 always; 1 -> 0 with 1/4. lambda0 = 1 + lambda1 / 4 and lambda1 =
  // lambda0, so both are 4/3. mu0 = 2: rho 2/3, L 2. mu1 = 3: rho 4/9, L 0.8.
  Eigen::MatrixXd p(2, 2);
  p << 0, 1, 0.25, 0;
  const std::vector<std::size_t> c = {1, 1};
  const auto net = an::jackson(vec({1, 0}), p, vec({2, 3}), c);
  CHECK(net.stations[0].arrival_rate == Approx(4.0 / 3.0));
  CHECK(net.stations[1].arrival_rate == Approx(4.0 / 3.0));
  CHECK(net.stations[0].mean_in_system == Approx(2.0));
  CHECK(net.stations[1].mean_in_system == Approx(0.8));
  CHECK(net.mean_sojourn == Approx(2.8));
}

TEST_CASE("a fan-out station with several servers matches M/M/c") {
  // Station 0 splits 30/70 to stations 1 and 2. Station 2 has 2 servers at
  // mu 1 and gets 0.7 * 2 = 1.4.
  Eigen::MatrixXd p(3, 3);
  p << 0, 0.3, 0.7, 0, 0, 0, 0, 0, 0;
  const std::vector<std::size_t> c = {1, 1, 2};
  const auto net = an::jackson(vec({2, 0, 0}), p, vec({5, 1, 1}), c);
  CHECK(net.stations[1].arrival_rate == Approx(0.6));
  CHECK(net.stations[2].arrival_rate == Approx(1.4));
  const auto alone = an::mmc(1.4, 1.0, 2);
  CHECK(net.stations[2].p_wait == Approx(alone.p_wait));
  CHECK(net.stations[2].mean_in_system == Approx(alone.mean_in_system));
  CHECK(net.mean_in_system == Approx(an::mm1(2, 5).mean_in_system + an::mm1(0.6, 1).mean_in_system +
                                     alone.mean_in_system));
}

TEST_CASE("a station no traffic reaches is idle and does not break the network") {
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(2, 2);
  const std::vector<std::size_t> c = {1, 1};
  const auto net = an::jackson(vec({1, 0}), p, vec({2, 4}), c);
  CHECK(net.stations[1].arrival_rate == 0.0);
  CHECK(net.stations[1].mean_in_system == 0.0);
  CHECK(net.stations[1].mean_sojourn == Approx(0.25));
  CHECK(net.mean_sojourn == Approx(1.0));
}

TEST_CASE("an overloaded station or a loop with no exit is rejected") {
  const std::vector<std::size_t> c = {1, 1};
  Eigen::MatrixXd feedback(2, 2);
  feedback << 0, 1, 0.5, 0;  // lambda = 2 at both stations
  CHECK_THROWS_AS(an::jackson(vec({1, 0}), feedback, vec({3, 2}), c), std::invalid_argument);
  Eigen::MatrixXd closed(2, 2);
  closed << 0, 1, 1, 0;
  CHECK_THROWS_AS(an::jackson(vec({1, 0}), closed, vec({3, 3}), c), std::invalid_argument);
}

TEST_CASE("malformed network inputs are rejected") {
  const std::vector<std::size_t> one = {1, 1};
  const std::vector<std::size_t> zero = {1, 0};
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(2, 2);
  Eigen::MatrixXd over(2, 2);
  over << 0.5, 0.6, 0, 0;  // row 0 sends 110% of its jobs somewhere
  CHECK_THROWS_AS(an::jackson(vec({1, 0}), p, vec({2}), one), std::invalid_argument);
  CHECK_THROWS_AS(an::jackson(vec({1, 0}), Eigen::MatrixXd::Zero(3, 3), vec({2, 2}), one),
                  std::invalid_argument);
  CHECK_THROWS_AS(an::jackson(vec({-1, 2}), p, vec({2, 4}), one), std::invalid_argument);
  CHECK_THROWS_AS(an::jackson(vec({0, 0}), p, vec({2, 4}), one), std::invalid_argument);
  CHECK_THROWS_AS(an::jackson(vec({1, 0}), p, vec({2, 0}), one), std::invalid_argument);
  CHECK_THROWS_AS(an::jackson(vec({1, 0}), p, vec({2, 4}), zero), std::invalid_argument);
  CHECK_THROWS_AS(an::jackson(vec({1, 0}), over, vec({2, 4}), one), std::invalid_argument);
}

TEST_CASE("routing rows that add up to one up to rounding are accepted") {
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(5, 5);
  p.row(0) << 0, 0.05, 0.55, 0.3, 0.1;
  // The premise: in doubles this row sums to just over 1.
  CHECK(0.05 + 0.55 + 0.3 + 0.1 > 1.0);
  const std::vector<std::size_t> c = {1, 1, 1, 1, 1};
  const auto net = an::jackson(vec({1, 0, 0, 0, 0}), p, vec({2, 2, 2, 2, 2}), c);
  CHECK(net.stations[2].arrival_rate == Approx(0.55));
}
