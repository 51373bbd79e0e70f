// Student's t distribution with an integer number of degrees of freedom:
// the CDF and quantile that confidence intervals need.
//
// Promises: for dof <= 1000 the CDF is a finite series with no truncation
// error, and a quantile is the t whose CDF is p to within about 1e-12; above
// 1000 dof quantiles come from an expansion whose error is below 1e-12. Far
// tails (p within 1e-9 of 0 or 1) lose relative precision to the rounding
// of p itself. Arguments outside the domain throw std::invalid_argument.
#pragma once

#include <cstddef>

namespace edasim::metrics {

// P(T <= t) for T ~ t(dof).
double student_t_cdf(double t, std::size_t dof);
// The t with P(T <= t) = p, p in (0, 1).
double student_t_quantile(double p, std::size_t dof);
// The standard normal quantile, p in (0, 1): the limit of the above as dof
// grows.
double normal_quantile(double p);

}  // namespace edasim::metrics
