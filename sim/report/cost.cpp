#include "sim/report/cost.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "sim/metrics/call_ledger.hpp"

namespace edasim::report {

namespace {

// How a month is built from the run: `runs` times the run's own figures
// (less its one-off bursts when the run's average stands for the month),
// `steady` times the steady window's figures, and for fleets `idle_hours`
// at their minimum instances.
struct Month {
  double runs = 0;
  double steady = 0;
  bool drop_one_off = false;
  double idle_hours = 0;

  double of(double run, double window, double one_off) const {
    return runs * (drop_one_off ? std::max(0.0, run - one_off) : run) + steady * window;
  }
};

ServiceCost cost_of(std::uint64_t units, double window, double one_off, double price_per_million,
                    const Month& month) {
  ServiceCost c;
  c.billing_units = units;
  c.one_off_units = one_off;
  c.run_usd = static_cast<double>(units) / 1e6 * price_per_million;
  c.price_per_million = price_per_million;
  c.monthly_units = month.of(static_cast<double>(units), window, one_off);
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

// What the steady window billed: the counters at its end less those at its
// start.
struct Window {
  CallSummary calls;
  std::uint64_t put_units = 0;  // Kinesis PutRecords billing units
  std::uint64_t invocations = 0;
  double gb_seconds = 0;
  std::vector<double> fleet_instance_hours;
  std::vector<double> api_admitted;
};

Window window_between(const model::BillingSnapshot& from, const model::BillingSnapshot& to) {
  std::map<std::tuple<std::string, std::string, bool>, model::CallLine> before;
  for (const model::CallLine& c : from.calls) before[{c.component, c.kind, c.fifo}] = c;
  std::vector<model::CallLine> lines;
  Window w;
  for (const model::CallLine& c : to.calls) {
    model::CallLine d = c;
    if (const auto it = before.find({c.component, c.kind, c.fifo}); it != before.end()) {
      d.calls -= it->second.calls;
      d.billing_units -= it->second.billing_units;
    }
    if (d.kind == "PutRecords") w.put_units += d.billing_units;
    lines.push_back(std::move(d));
  }
  w.calls = summarize_calls(lines);
  const auto at = [](const auto& v, std::size_t i) {
    return i < v.size() ? static_cast<double>(v[i]) : 0.0;
  };
  for (std::size_t i = 0; i < to.function_invocations.size(); ++i) {
    w.invocations +=
        to.function_invocations[i] - static_cast<std::uint64_t>(at(from.function_invocations, i));
    w.gb_seconds += to.function_gb_seconds[i] - at(from.function_gb_seconds, i);
  }
  for (std::size_t i = 0; i < to.fleet_instance_hours.size(); ++i) {
    w.fleet_instance_hours.push_back(to.fleet_instance_hours[i] - at(from.fleet_instance_hours, i));
  }
  for (std::size_t i = 0; i < to.api_admitted.size(); ++i) {
    w.api_admitted.push_back(at(to.api_admitted, i) - at(from.api_admitted, i));
  }
  return w;
}

// The billing units a quota's full bucket let through at the start, beyond
// its rate: EventBridge events (PutEvents requests over the quota's rate,
// in the bus's units per request) and the SQS deliveries the bus or topic
// made of what that burst admitted.
struct OneOff {
  double eventbridge = 0;
  double sqs = 0, sqs_fifo = 0;
};

OneOff one_off_bursts(const model::RunResult& result, const CallSummary& calls) {
  OneOff o;
  const auto share = [](double beyond, double admitted) {
    return admitted > 0 ? std::min(1.0, beyond / admitted) : 0.0;
  };
  double requests = 0, beyond = 0;
  std::map<std::string, double> delivery_share;  // by calling component
  for (const model::BusResult& b : result.buses) {
    requests += static_cast<double>(b.put_events_requests);
    beyond += b.put_events_beyond_rate;
    delivery_share["bus:" + b.name] =
        share(b.put_events_beyond_rate, static_cast<double>(b.put_events_requests));
  }
  for (const model::TopicResult& t : result.topics) {
    delivery_share["topic:" + t.name] =
        share(t.published_beyond_rate, static_cast<double>(t.published));
  }
  o.eventbridge = static_cast<double>(calls.eventbridge_billing_units) * share(beyond, requests);
  for (const model::CallLine& c : result.calls) {
    if (c.kind != metrics::call_kind::kSnsDeliverSqs &&
        c.kind != metrics::call_kind::kEventBridgeDeliverSqs)
      continue;
    const auto it = delivery_share.find(c.component);
    if (it == delivery_share.end()) continue;
    (c.fifo ? o.sqs_fifo : o.sqs) += static_cast<double>(c.billing_units) * it->second;
  }
  return o;
}

}  // namespace

MonthlyCost estimate_monthly_cost(const model::RunResult& result, const CallSummary& calls) {
  MonthlyCost cost;
  cost.from_seconds = result.simulated.seconds();
  cost.extrapolated = result.simulated.ns > 0;
  const double run_hours = cost.from_seconds / 3600;
  Month month;
  Window window;
  if (cost.extrapolated && result.cost) {
    const model::CostConfig& declared = *result.cost;
    cost.declared = true;
    cost.runs_per_month = declared.runs_per_month;
    cost.steady_rest = declared.rest_of_month == model::CostConfig::RestOfMonth::steady;
    cost.rest_hours = std::max(0.0, kMonthDays * 24 - declared.runs_per_month * run_hours);
    month.runs = declared.runs_per_month;
    if (cost.steady_rest) {
      cost.steady_from_seconds = declared.steady_from.seconds();
      cost.steady_to_seconds = declared.steady_to.seconds();
      const double window_hours = (declared.steady_to - declared.steady_from).seconds() / 3600;
      window = window_between(result.steady_from, result.steady_to);
      month.steady = window_hours > 0 ? cost.rest_hours / window_hours : 0.0;
    } else {
      month.idle_hours = cost.rest_hours;
    }
  } else if (cost.extrapolated) {
    month.runs = kMonthSeconds / cost.from_seconds;
    month.drop_one_off = true;
  }
  const OneOff one_off = one_off_bursts(result, calls);
  const CallSummary& w = window.calls;
  cost.sqs = cost_of(calls.sqs_billing_units - calls.sqs_fifo_billing_units,
                     static_cast<double>(w.sqs_billing_units - w.sqs_fifo_billing_units),
                     one_off.sqs, result.prices.sqs_per_million, month);
  cost.sqs_fifo =
      cost_of(calls.sqs_fifo_billing_units, static_cast<double>(w.sqs_fifo_billing_units),
              one_off.sqs_fifo, result.prices.sqs_fifo_per_million, month);
  cost.eventbridge =
      cost_of(calls.eventbridge_billing_units, static_cast<double>(w.eventbridge_billing_units),
              one_off.eventbridge, result.prices.eventbridge_per_million, month);
  std::uint64_t invocations = 0;
  double gb_seconds = 0;
  for (const model::FunctionResult& f : result.functions) {
    invocations += f.invocations;
    gb_seconds += f.gb_seconds;
  }
  cost.lambda_requests = cost_of(invocations, static_cast<double>(window.invocations), 0,
                                 result.prices.lambda_requests_per_million, month);
  cost.lambda_compute.gb_seconds = gb_seconds;
  cost.lambda_compute.monthly_gb_seconds = month.of(gb_seconds, window.gb_seconds, 0);
  cost.lambda_compute.price_per_gb_second = result.prices.lambda_gb_second;
  cost.lambda_compute.monthly_usd =
      cost.lambda_compute.monthly_gb_seconds * result.prices.lambda_gb_second;
  cost.lambda_compute.run_usd = gb_seconds * result.prices.lambda_gb_second;
  double shards = 0, fan_out = 0, brokers = 0;
  std::uint64_t put_units = 0;
  for (const model::StreamResult& s : result.streams) {
    if (s.kind == "kinesis") {
      shards += s.partitions;
      fan_out += static_cast<double>(s.partitions) * s.enhanced_fan_out_consumers;
      put_units += s.put_units;
    } else {
      brokers += s.brokers;
    }
  }
  cost.kinesis_shards = capacity(shards, result.prices.kinesis_shard_hour, run_hours);
  cost.kinesis_put_units = cost_of(put_units, static_cast<double>(window.put_units), 0,
                                   result.prices.kinesis_put_units_per_million, month);
  cost.kinesis_fan_out =
      capacity(fan_out, result.prices.kinesis_fan_out_consumer_shard_hour, run_hours);
  cost.kafka_brokers = capacity(brokers, result.prices.kafka_broker_hour, run_hours);
  cost.sns_publish =
      cost_of(calls.sns_publish_billing_units, static_cast<double>(w.sns_publish_billing_units), 0,
              result.prices.sns_publish_per_million, month);
  cost.sns_http_delivery =
      cost_of(calls.sns_http_billing_units, static_cast<double>(w.sns_http_billing_units), 0,
              result.prices.sns_http_delivery_per_million, month);
  cost.s3_put = cost_of(calls.s3_puts, static_cast<double>(w.s3_puts), 0,
                        result.prices.s3_put_per_million, month);
  cost.s3_get = cost_of(calls.s3_gets, static_cast<double>(w.s3_gets), 0,
                        result.prices.s3_get_per_million, month);
  double fleets_usd = 0;
  double fleets_run_usd = 0, apis_run_usd = 0;
  for (std::size_t i = 0; i < result.fleets.size(); ++i) {
    const model::FleetResult& f = result.fleets[i];
    if (f.price_per_instance_hour <= 0) {
      cost.unpriced.push_back("consumers " + f.name);
      continue;
    }
    FleetCost c;
    c.name = f.name;
    c.instance_hours = f.instance_hours;
    c.run_usd = f.instance_hours * f.price_per_instance_hour;
    const double window_hours =
        i < window.fleet_instance_hours.size() ? window.fleet_instance_hours[i] : 0.0;
    c.monthly_instance_hours = month.of(f.instance_hours, window_hours, 0) +
                               month.idle_hours * static_cast<double>(f.min_instances);
    c.price_per_hour = f.price_per_instance_hour;
    c.monthly_usd = c.monthly_instance_hours * c.price_per_hour;
    fleets_usd += c.monthly_usd;
    fleets_run_usd += c.run_usd;
    cost.fleets.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < result.apis.size(); ++i) {
    const model::ApiResult& api = result.apis[i];
    if (api.price_per_million <= 0) cost.unpriced.push_back("API " + api.name);
    const double admitted = i < window.api_admitted.size() ? window.api_admitted[i] : 0.0;
    ApiCost c{api.name,
              cost_of(api.calls - api.rejected, admitted, 0, api.price_per_million, month)};
    cost.apis_usd += c.cost.monthly_usd;
    apis_run_usd += c.cost.run_usd;
    cost.apis.push_back(std::move(c));
  }
  for (const model::QueueResult& q : result.queues) {
    if (q.dead_letter_queue) continue;
    cost.backlog_messages += q.final_visible + q.final_in_flight + q.final_delayed;
  }
  for (const model::ConsumerGroupResult& g : result.groups) cost.backlog_records += g.final_lag;
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
