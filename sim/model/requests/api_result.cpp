// The fields of a downstream API's result, in report.json order.
#include "sim/model/requests/api_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using A = ApiResult;

const Field<A> kApiFields[] = {
    {.key = "calls",
     .unit = "calls",
     .meaning = "calls made to the downstream API (all outcomes)",
     .read = member<&A::calls>,
     .column = "calls"},
    {.key = "succeeded",
     .unit = "calls",
     .meaning = "calls that succeeded",
     .read = member<&A::succeeded>,
     .column = "succeeded"},
    {.key = "failed",
     .unit = "calls",
     .meaning = "calls that failed: the API's own errors, a brownout's or an outage's",
     .read = member<&A::failed>,
     .column = "failed"},
    {.key = "rejected",
     .unit = "calls",
     .meaning = "calls rejected over the concurrency limit",
     .read = member<&A::rejected>,
     .column = "rejected"},
    {.key = "peak_concurrency",
     .unit = "calls",
     .meaning = "the most admitted calls running at once",
     .read = member<&A::peak_concurrency>,
     .column = "peak concurrency"},
};

}  // namespace

std::span<const Field<ApiResult>> api_fields() {
  return kApiFields;
}

}  // namespace edasim::model
