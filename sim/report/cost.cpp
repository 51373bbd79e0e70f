#include "sim/report/cost.hpp"

namespace edasim::report {

namespace {

ServiceCost cost_of(std::uint64_t units, double price_per_million, double scale) {
  ServiceCost c;
  c.billing_units = units;
  c.run_usd = static_cast<double>(units) / 1e6 * price_per_million;
  c.price_per_million = price_per_million;
  c.monthly_units = static_cast<double>(units) * scale;
  c.monthly_usd = c.monthly_units / 1e6 * price_per_million;
  return c;
}

CapacityCost capacity(double units, double price_per_hour, double run_hours) {
  CapacityCost c;
  c.units = units;
  c.run_usd = units * run_hours * price_per_hour;
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
  const double run_hours = cost.from_seconds / 3600;
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
  cost.lambda_compute.run_usd = gb_seconds * result.prices.lambda_gb_second;
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
  cost.kinesis_shards = capacity(shards, result.prices.kinesis_shard_hour, run_hours);
  cost.kinesis_put_units = cost_of(put_units, result.prices.kinesis_put_units_per_million, scale);
  cost.kinesis_fan_out =
      capacity(fan_out, result.prices.kinesis_fan_out_consumer_shard_hour, run_hours);
  cost.kafka_brokers = capacity(brokers, result.prices.kafka_broker_hour, run_hours);
  cost.sns_publish =
      cost_of(calls.sns_publish_billing_units, result.prices.sns_publish_per_million, scale);
  cost.sns_http_delivery =
      cost_of(calls.sns_http_billing_units, result.prices.sns_http_delivery_per_million, scale);
  cost.s3_put = cost_of(calls.s3_puts, result.prices.s3_put_per_million, scale);
  cost.s3_get = cost_of(calls.s3_gets, result.prices.s3_get_per_million, scale);
  double fleets_usd = 0;
  double fleets_run_usd = 0, apis_run_usd = 0;
  for (const FleetResult& f : result.fleets) {
    if (f.price_per_instance_hour <= 0) {
      cost.unpriced.push_back("consumers " + f.name);
      continue;
    }
    FleetCost c;
    c.name = f.name;
    c.instance_hours = f.instance_hours;
    c.run_usd = f.instance_hours * f.price_per_instance_hour;
    c.monthly_instance_hours = f.instance_hours * scale;
    c.price_per_hour = f.price_per_instance_hour;
    c.monthly_usd = c.monthly_instance_hours * c.price_per_hour;
    fleets_usd += c.monthly_usd;
    fleets_run_usd += c.run_usd;
    cost.fleets.push_back(std::move(c));
  }
  for (const ApiResult& api : result.apis) {
    if (api.price_per_million <= 0) cost.unpriced.push_back("API " + api.name);
    ApiCost c{api.name, cost_of(api.calls - api.rejected, api.price_per_million, scale)};
    cost.apis_usd += c.cost.monthly_usd;
    apis_run_usd += c.cost.run_usd;
    cost.apis.push_back(std::move(c));
  }
  for (const QueueResult& q : result.queues) {
    if (q.is_dead_letter_queue) continue;
    cost.backlog_messages += q.final_visible + q.final_in_flight + q.final_delayed;
  }
  for (const ConsumerGroupResult& g : result.groups) cost.backlog_records += g.final_lag;
  cost.total_usd = fleets_usd + cost.apis_usd + cost.sqs.monthly_usd + cost.sqs_fifo.monthly_usd +
                   cost.eventbridge.monthly_usd + cost.sns_publish.monthly_usd +
                   cost.sns_http_delivery.monthly_usd + cost.s3_put.monthly_usd +
                   cost.s3_get.monthly_usd + cost.lambda_requests.monthly_usd +
                   cost.lambda_compute.monthly_usd + cost.kinesis_shards.monthly_usd +
                   cost.kinesis_put_units.monthly_usd + cost.kinesis_fan_out.monthly_usd +
                   cost.kafka_brokers.monthly_usd;
  cost.run_total_usd = fleets_run_usd + apis_run_usd + cost.sqs.run_usd + cost.sqs_fifo.run_usd +
                       cost.eventbridge.run_usd + cost.sns_publish.run_usd +
                       cost.sns_http_delivery.run_usd + cost.s3_put.run_usd + cost.s3_get.run_usd +
                       cost.lambda_requests.run_usd + cost.lambda_compute.run_usd +
                       cost.kinesis_shards.run_usd + cost.kinesis_put_units.run_usd +
                       cost.kinesis_fan_out.run_usd + cost.kafka_brokers.run_usd;
  return cost;
}

}  // namespace edasim::report
