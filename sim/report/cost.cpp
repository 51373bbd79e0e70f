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

CapacityCost capacity(double units, double price_per_hour) {
  CapacityCost c;
  c.units = units;
  c.monthly_hours = units * kMonthDays * 24;
  c.price_per_hour = price_per_hour;
  c.monthly_usd = c.monthly_hours * price_per_hour;
  return c;
}

}  // namespace

MonthlyCost estimate_monthly_cost(const RunResult& result, const CallSummary& calls) {
  MonthlyCost cost;
  cost.from_seconds = result.simulated.seconds();
  cost.extrapolated = result.simulated.ns > 0;
  const double scale = cost.extrapolated ? kMonthSeconds / cost.from_seconds : 0.0;
  cost.sqs = cost_of(calls.sqs_billing_units - calls.sqs_fifo_billing_units,
                     result.prices.sqs_per_million, scale);
  cost.sqs_fifo = cost_of(calls.sqs_fifo_billing_units, result.prices.sqs_fifo_per_million, scale);
  cost.eventbridge =
      cost_of(calls.eventbridge_billing_units, result.prices.eventbridge_per_million, scale);
  std::uint64_t invocations = 0;
  double gb_seconds = 0;
  for (const FunctionResult& f : result.functions) {
    invocations += f.invocations;
    gb_seconds += f.gb_seconds;
  }
  cost.lambda_requests = cost_of(invocations, result.prices.lambda_requests_per_million, scale);
  cost.lambda_compute.gb_seconds = gb_seconds;
  cost.lambda_compute.monthly_gb_seconds = gb_seconds * scale;
  cost.lambda_compute.price_per_gb_second = result.prices.lambda_gb_second;
  cost.lambda_compute.monthly_usd = gb_seconds * scale * result.prices.lambda_gb_second;
  double shards = 0, fan_out = 0, brokers = 0;
  std::uint64_t put_units = 0;
  for (const StreamResult& s : result.streams) {
    if (s.kind == "kinesis") {
      shards += s.partitions;
      fan_out += static_cast<double>(s.partitions) * s.enhanced_fan_out_consumers;
      put_units += s.put_units;
    } else {
      brokers += s.brokers;
    }
  }
  cost.kinesis_shards = capacity(shards, result.prices.kinesis_shard_hour);
  cost.kinesis_put_units = cost_of(put_units, result.prices.kinesis_put_units_per_million, scale);
  cost.kinesis_fan_out = capacity(fan_out, result.prices.kinesis_fan_out_consumer_shard_hour);
  cost.kafka_brokers = capacity(brokers, result.prices.kafka_broker_hour);
  cost.sns_publish =
      cost_of(calls.sns_publish_billing_units, result.prices.sns_publish_per_million, scale);
  cost.sns_http_delivery =
      cost_of(calls.sns_http_billing_units, result.prices.sns_http_delivery_per_million, scale);
  cost.s3_put = cost_of(calls.s3_puts, result.prices.s3_put_per_million, scale);
  cost.s3_get = cost_of(calls.s3_gets, result.prices.s3_get_per_million, scale);
  for (const ApiResult& api : result.apis) {
    ApiCost c{api.name, cost_of(api.calls - api.rejected, api.price_per_million, scale)};
    cost.apis_usd += c.cost.monthly_usd;
    cost.apis.push_back(std::move(c));
  }
  cost.total_usd = cost.apis_usd + cost.sqs.monthly_usd + cost.sqs_fifo.monthly_usd +
                   cost.eventbridge.monthly_usd + cost.sns_publish.monthly_usd +
                   cost.sns_http_delivery.monthly_usd + cost.s3_put.monthly_usd +
                   cost.s3_get.monthly_usd + cost.lambda_requests.monthly_usd +
                   cost.lambda_compute.monthly_usd + cost.kinesis_shards.monthly_usd +
                   cost.kinesis_put_units.monthly_usd + cost.kinesis_fan_out.monthly_usd +
                   cost.kafka_brokers.monthly_usd;
  return cost;
}

}  // namespace edasim::report
