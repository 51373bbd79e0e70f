// The fields of a call chain's result, in report.json order.
#include "sim/model/requests/chain_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using C = ChainResult;

const Field<C> kChainFields[] = {
    {.key = "requests",
     .unit = "requests",
     .meaning = "requests the chain started",
     .read = member<&C::requests>,
     .column = "requests"},
    {.key = "succeeded",
     .unit = "requests",
     .meaning = "requests answered successfully",
     .read = member<&C::succeeded>,
     .column = "succeeded"},
    {.key = "failed",
     .unit = "requests",
     .meaning = "requests that failed (the caller got an error)",
     .read = member<&C::failed>,
     .measure = Better::lower,
     .column = "failed"},
    {.key = "failed_errors",
     .unit = "requests",
     .meaning = "of `failed`, those a call's error failed",
     .read = member<&C::failed_errors>,
     .column = "errors"},
    {.key = "failed_timeouts",
     .unit = "requests",
     .meaning = "of `failed`, those a call's timeout failed",
     .read = member<&C::failed_timeouts>,
     .column = "timeouts"},
    {.key = "failed_rejections",
     .unit = "requests",
     .meaning = "of `failed`, those a call's rejection (over a concurrency limit or quota) failed",
     .read = member<&C::failed_rejections>,
     .column = "rejected"},
    {.key = "in_progress",
     .unit = "requests",
     .meaning = "requests still in progress when the run ended",
     .read = member<&C::in_progress>},
    {.key = "calls",
     .unit = "calls",
     .meaning = "call attempts, retries included",
     .read = member<&C::calls>},
    {.key = "failed_calls",
     .unit = "calls",
     .meaning = "call attempts that failed (error, timeout, rejection)",
     .read = member<&C::failed_calls>},
    {.key = "retries",
     .unit = "calls",
     .meaning = "call attempts beyond a step's first",
     .read = member<&C::retries>,
     .measure = Better::lower,
     .column = "retries"},
    {.key = "optional_given_up",
     .unit = "calls",
     .meaning = "optional calls that failed for good (the request went on without them)",
     .read = member<&C::optional_given_up>},
};

const LatencyField<C> kChainLatencies[] = {
    {.key = "latency_ms",
     .meaning = "time from request to answer, of the requests that succeeded",
     .read = [](const C& c) -> const metrics::Histogram& { return c.latency; },
     .measure = true},
    {.key = "failed_latency_ms",
     .meaning = "time from request to error, of the requests that failed",
     .read = [](const C& c) -> const metrics::Histogram& { return c.failed_latency; }},
};

}  // namespace

std::span<const Field<ChainResult>> chain_fields() {
  return kChainFields;
}

std::span<const LatencyField<ChainResult>> chain_latencies() {
  return kChainLatencies;
}

}  // namespace edasim::model
