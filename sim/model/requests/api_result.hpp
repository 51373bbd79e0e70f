// What a downstream API measured: its calls by outcome, and the fields that
// report.json shows of them (sim/model/requests/api_result.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// Cumulative counts of one API's calls by outcome.
struct ApiResult {
  std::string name;
  std::uint64_t calls = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;    // errors, the API's own or a fault's
  std::uint64_t rejected = 0;  // over the concurrency limit
  std::int32_t peak_concurrency = 0;
  double price_per_million = 0.0;  // from ApiConfig
};

// report.json's fields of a downstream API, in order.
std::span<const Field<ApiResult>> api_fields();

}  // namespace edasim::model
