// The settings of one read workload ([reads.NAME]): the queries customers
// make of a read model after they write, each reading a view that a
// projection (a consumer fleet or a Lambda function) keeps up to date.
#pragma once

#include <string>
#include <vector>

#include "sim/core/distribution.hpp"

namespace edasim::model {

struct ReadConfig {
  std::string name;
  // The component whose successful processing of an event updates the read
  // model: its table ("functions" or "consumers") and name.
  std::string view_kind;
  std::string view;
  // The root producers whose events are written and then read; the reader
  // fills in, by default, every producer whose events reach the view.
  std::vector<std::string> from;
  // The probability that a written event is followed by a query.
  double share = 1.0;
  // From the root event's production to its query.
  core::DurationDistribution after;
};

}  // namespace edasim::model
