// The configuration of a downstream API that fleets and chains call
// ([apis.NAME]): what one call takes and how often it fails, and what the
// API's owner pays per call. The API itself is sim/model/requests/api.hpp.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/distribution.hpp"

namespace edasim::model {

struct ApiConfig {
  std::string name;
  core::DurationDistribution latency{core::Distribution::constant(0.0)};
  double error_probability = 0.0;
  std::int32_t concurrency = 0;  // calls running at once; 0: no limit
  // What the API's owner pays per million admitted calls (a third party's
  // per-call fee, or the compute a call costs in-house). Calls rejected
  // over the concurrency limit are not billed, as a 429 is not.
  double price_per_million = 0.0;
};

}  // namespace edasim::model
