// A declared typical month (the scenario's [cost] table): how a month's bill
// is built from this run, instead of assuming every second of 30 days is
// like the run's average.
//
// Promises: a month is runs_per_month times this run's bill, plus the rest
// of the month's hours billed at the steady window's rates (rest_of_month
// steady) or at nothing but what is held all month (idle: shards, brokers,
// fan-out, and each fleet's minimum instances). The reader guarantees
// runs_per_month x the run's duration fits in 30 days and the steady window
// lies inside the run.
#pragma once

#include "sim/core/time.hpp"

namespace edasim::model {

struct CostConfig {
  enum class RestOfMonth { steady, idle };
  double runs_per_month = 1;  // > 0: how often the simulated window happens in 30 days
  RestOfMonth rest_of_month = RestOfMonth::idle;
  // rest_of_month steady: the part of the run that is typical traffic.
  Duration steady_from, steady_to;
};

}  // namespace edasim::model
