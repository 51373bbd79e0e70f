#include "sim/metrics/student_t.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using Catch::Detail::Approx;
using edasim::metrics::normal_quantile;
using edasim::metrics::student_t_cdf;
using edasim::metrics::student_t_quantile;

namespace {

// Reference quantiles found independently: by integrating the t density
// numerically (Simpson's rule) and bisecting the integral. They agree with
// printed t tables to every digit the tables give.
struct Reference {
  double p;
  std::size_t dof;
  double t;
};
constexpr Reference kReferences[] = {
    {0.975, 1, 12.70620474},   {0.975, 2, 4.30265273},    {0.975, 3, 3.18244631},
    {0.975, 4, 2.77644511},    {0.975, 5, 2.57058184},    {0.975, 10, 2.22813885},
    {0.975, 20, 2.08596345},   {0.975, 30, 2.04227246},   {0.975, 100, 1.98397152},
    {0.95, 1, 6.31375151},     {0.95, 2, 2.91998558},     {0.95, 10, 1.81246112},
    {0.95, 30, 1.69726089},    {0.995, 1, 63.65674116},   {0.995, 2, 9.92484320},
    {0.995, 10, 3.16927267},   {0.995, 30, 2.74999565},   {0.9995, 3, 12.92397864},
    {0.975, 1000, 1.96233908}, {0.975, 1001, 1.96233671}, {0.975, 5000, 1.96043855},
};

}  // namespace

TEST_CASE("t quantiles match independently integrated values to 1e-7") {
  for (const auto& r : kReferences) {
    INFO("p=" << r.p << " dof=" << r.dof);
    CHECK(student_t_quantile(r.p, r.dof) == Approx(r.t).margin(1e-7));
  }
}

TEST_CASE("the t distribution is symmetric about zero") {
  CHECK(student_t_quantile(0.5, 7) == 0.0);
  CHECK(student_t_quantile(0.025, 4) == Approx(-2.77644511).margin(1e-7));
  CHECK(student_t_cdf(0.0, 3) == 0.5);
  CHECK(student_t_cdf(-1.3, 9) == Approx(1.0 - student_t_cdf(1.3, 9)).margin(1e-15));
}

TEST_CASE("the t CDF has the closed forms of one and two degrees of freedom") {
  // dof 1 is the Cauchy distribution: F(1) = 3/4. dof 2: F(t) = 1/2 + t / (2 sqrt(t^2 + 2)),
  // so F(1) = 1/2 + 1 / (2 sqrt 3).
  CHECK(student_t_cdf(1.0, 1) == Approx(0.75).margin(1e-15));
  CHECK(student_t_cdf(1.0, 2) == Approx(0.7886751345948129).margin(1e-15));
}

TEST_CASE("the CDF inverts the quantile") {
  for (std::size_t dof : {1u, 2u, 3u, 8u, 51u, 999u}) {
    for (double p : {0.001, 0.1, 0.6, 0.9, 0.99}) {
      CHECK(student_t_cdf(student_t_quantile(p, dof), dof) == Approx(p).margin(1e-12));
    }
  }
}

TEST_CASE("normal quantiles match the standard table") {
  CHECK(normal_quantile(0.5) == Approx(0.0).margin(1e-14));
  CHECK(normal_quantile(0.95) == Approx(1.6448536269514722).margin(1e-12));
  CHECK(normal_quantile(0.975) == Approx(1.959963984540054).margin(1e-12));
  CHECK(normal_quantile(0.995) == Approx(2.5758293035489004).margin(1e-12));
  CHECK(normal_quantile(0.025) == Approx(-1.959963984540054).margin(1e-12));
}

TEST_CASE("probabilities outside (0, 1) and zero degrees of freedom are rejected") {
  CHECK_THROWS_AS(student_t_quantile(0.0, 3), std::invalid_argument);
  CHECK_THROWS_AS(student_t_quantile(1.0, 3), std::invalid_argument);
  CHECK_THROWS_AS(student_t_quantile(0.9, 0), std::invalid_argument);
  CHECK_THROWS_AS(student_t_cdf(1.0, 0), std::invalid_argument);
  CHECK_THROWS_AS(normal_quantile(1.5), std::invalid_argument);
}
