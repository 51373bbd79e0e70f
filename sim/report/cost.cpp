#include "sim/report/cost.hpp"

namespace edasim::report {

namespace {

ServiceCost cost_of(std::uint64_t units, double price_per_million, double scale) {
  ServiceCost c;
  c.billing_units = units;
  c.price_per_million = price_per_million;
  c.monthly_units = static_cast<double>(units) * scale;
  c.monthly_usd = c.monthly_units / 1e6 * price_per_million;
  return c;
}

}  // namespace

MonthlyCost estimate_monthly_cost(const RunResult& result, const CallSummary& calls) {
  MonthlyCost cost;
  cost.from_seconds = result.simulated.seconds();
  cost.extrapolated = result.simulated.ns > 0;
  const double scale = cost.extrapolated ? kMonthSeconds / cost.from_seconds : 0.0;
  cost.sqs = cost_of(calls.sqs_billing_units, result.prices.sqs_per_million, scale);
  cost.eventbridge =
      cost_of(calls.eventbridge_billing_units, result.prices.eventbridge_per_million, scale);
  cost.sns_publish =
      cost_of(calls.sns_publish_billing_units, result.prices.sns_publish_per_million, scale);
  cost.sns_http_delivery =
      cost_of(calls.sns_http_billing_units, result.prices.sns_http_delivery_per_million, scale);
  cost.s3_put = cost_of(calls.s3_puts, result.prices.s3_put_per_million, scale);
  cost.s3_get = cost_of(calls.s3_gets, result.prices.s3_get_per_million, scale);
  cost.total_usd = cost.sqs.monthly_usd + cost.eventbridge.monthly_usd +
                   cost.sns_publish.monthly_usd + cost.sns_http_delivery.monthly_usd +
                   cost.s3_put.monthly_usd + cost.s3_get.monthly_usd;
  return cost;
}

}  // namespace edasim::report
