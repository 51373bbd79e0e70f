#include "sim/report/cost.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <tuple>

#include "sim/metrics/call_ledger.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

// The billing units of each (component, kind, FIFO) call line between two
// snapshots: the steady window's calls.
std::vector<model::CallLine> calls_between(const model::BillingSnapshot& from,
                                           const model::BillingSnapshot& to) {
  std::map<std::tuple<std::string, std::string, bool>, model::CallLine> before;
  for (const model::CallLine& c : from.calls) before[{c.component, c.kind, c.fifo}] = c;
  std::vector<model::CallLine> lines;
  for (const model::CallLine& c : to.calls) {
    model::CallLine d = c;
    if (const auto it = before.find({c.component, c.kind, c.fifo}); it != before.end()) {
      d.calls -= it->second.calls;
      d.billing_units -= it->second.billing_units;
    }
    lines.push_back(std::move(d));
  }
  return lines;
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

// The call ledger's services: SQS, EventBridge, SNS and S3 bill the calls
// components make of them, whichever kind made them.
void ledger_lines(Bill& bill, const CallSummary& calls, const CallSummary& w) {
  const model::RunResult& r = bill.run();
  const model::Prices& p = r.prices;
  const OneOff one_off = one_off_bursts(r, calls);
  const auto units = [](std::uint64_t n) { return static_cast<double>(n); };
  bill.requests(
          "SQS requests", "sqs", units(calls.sqs_billing_units - calls.sqs_fifo_billing_units),
          units(w.sqs_billing_units - w.sqs_fifo_billing_units), one_off.sqs, p.sqs_per_million)
      .measure = "cost.sqs";
  BillLine& fifo =
      bill.requests("SQS FIFO requests", "sqs_fifo", units(calls.sqs_fifo_billing_units),
                    units(w.sqs_fifo_billing_units), one_off.sqs_fifo, p.sqs_fifo_per_million);
  fifo.measure = "cost.sqs";
  fifo.shown = calls.sqs_fifo_billing_units > 0;
  bill.requests("EventBridge events", "eventbridge", units(calls.eventbridge_billing_units),
                units(w.eventbridge_billing_units), one_off.eventbridge, p.eventbridge_per_million)
      .measure = "cost.eventbridge";
  // Which services a design uses is a matter of its topology, so whether a
  // measure exists never depends on a replication's draws; a design without
  // a service pays nothing for it (plan::compare reads an absent cost as 0).
  const std::string sns = r.topics.empty() ? "" : "cost.sns";
  const std::string s3 = uses(calls, Service::s3) ? "cost.s3" : "";
  const auto line = [&](const char* label, const char* key, std::uint64_t run, std::uint64_t window,
                        double price, const std::string& measure) {
    BillLine& l = bill.requests(label, key, units(run), units(window), 0, price);
    l.shown = run > 0;
    l.measure = measure;
  };
  line("SNS publishes", "sns_publish", calls.sns_publish_billing_units, w.sns_publish_billing_units,
       p.sns_publish_per_million, sns);
  line("SNS HTTP/S deliveries", "sns_http_delivery", calls.sns_http_billing_units,
       w.sns_http_billing_units, p.sns_http_delivery_per_million, sns);
  line("S3 PUT (claim check)", "s3_put", calls.s3_puts, w.s3_puts, p.s3_put_per_million, s3);
  line("S3 GET (claim check)", "s3_get", calls.s3_gets, w.s3_gets, p.s3_get_per_million, s3);
}

}  // namespace

double Month::of(double run, double window, double one_off) const {
  return runs * (drop_one_off ? std::max(0.0, run - one_off) : run) + steady * window;
}

const BillLine& MonthlyCost::line(std::string_view key, std::string_view group) const {
  for (const BillGroup& g : groups) {
    if (g.key != group) continue;
    for (const BillLine& l : g.lines)
      if (l.key == key) return l;
  }
  throw std::out_of_range("no bill line " + std::string(key));
}

std::vector<BillLine> MonthlyCost::lines_of(std::string_view group) const {
  std::vector<BillLine> out;
  for (const BillGroup& g : groups) {
    if (g.key == group) out.insert(out.end(), g.lines.begin(), g.lines.end());
  }
  return out;
}

double MonthlyCost::group_usd(std::string_view group) const {
  double usd = 0;
  for (const BillLine& l : lines_of(group)) usd += l.monthly_usd;
  return usd;
}

namespace {

BillLine blank_line(std::string label, std::string key, Basis basis) {
  BillLine l;
  l.label = std::move(label);
  l.key = std::move(key);
  l.basis = basis;
  return l;
}

}  // namespace

Bill::Bill(const model::RunResult& run, MonthlyCost& cost, const Month& month)
    : run_(run), cost_(cost), month_(month), run_hours_(cost.from_seconds / 3600) {}

void Bill::group(std::string key, std::string total_key) {
  cost_.groups.push_back({std::move(key), std::move(total_key), {}});
}

BillLine& Bill::add(BillLine line) {
  if (cost_.groups.empty()) group();
  cost_.groups.back().lines.push_back(std::move(line));
  return cost_.groups.back().lines.back();
}

BillLine& Bill::requests(std::string label, std::string key, double units, double window,
                         double one_off, double price_per_million) {
  BillLine l = blank_line(std::move(label), std::move(key), Basis::requests);
  l.units = units;
  l.one_off_units = one_off;
  l.price = price_per_million;
  l.run_usd = units / 1e6 * price_per_million;
  l.monthly_units = month_.of(units, window, one_off);
  l.monthly_usd = l.monthly_units / 1e6 * price_per_million;
  return add(std::move(l));
}

BillLine& Bill::compute(std::string label, std::string key, double gb_seconds, double window,
                        double price_per_gb_second) {
  BillLine l = blank_line(std::move(label), std::move(key), Basis::compute);
  l.units = gb_seconds;
  l.price = price_per_gb_second;
  l.run_usd = gb_seconds * price_per_gb_second;
  l.monthly_units = month_.of(gb_seconds, window, 0);
  l.monthly_usd = l.monthly_units * price_per_gb_second;
  return add(std::move(l));
}

// Capacity is held every hour of the month, whatever the month's traffic.
BillLine& Bill::capacity(std::string label, std::string key, double units, double price_per_hour) {
  BillLine l = blank_line(std::move(label), std::move(key), Basis::capacity);
  l.units = units;
  l.price = price_per_hour;
  l.run_usd = units * run_hours_ * price_per_hour;
  l.monthly_units = units * kMonthDays * 24;
  l.monthly_usd = l.monthly_units * price_per_hour;
  return add(std::move(l));
}

BillLine& Bill::instances(std::string label, std::string key, double instance_hours,
                          double window_hours, double min_instances, double price_per_hour) {
  BillLine l = blank_line(std::move(label), std::move(key), Basis::instances);
  l.units = instance_hours;
  l.price = price_per_hour;
  l.run_usd = instance_hours * price_per_hour;
  l.monthly_units = month_.of(instance_hours, window_hours, 0) + month_.idle_hours * min_instances;
  l.monthly_usd = l.monthly_units * price_per_hour;
  return add(std::move(l));
}

double Bill::window(std::string_view component, std::string_view quantity) const {
  if (!cost_.steady_rest) return 0;
  return run_.steady_to.reading(component, quantity) -
         run_.steady_from.reading(component, quantity);
}

double Bill::window_billing_units(std::string_view call_kind) const {
  if (!cost_.steady_rest) return 0;
  double units = 0;
  for (const model::CallLine& c : calls_between(run_.steady_from, run_.steady_to)) {
    if (c.kind == call_kind) units += static_cast<double>(c.billing_units);
  }
  return units;
}

MonthlyCost estimate_monthly_cost(const model::RunResult& result, const CallSummary& calls) {
  MonthlyCost cost;
  cost.from_seconds = result.simulated.seconds();
  cost.extrapolated = result.simulated.ns > 0;
  const double run_hours = cost.from_seconds / 3600;
  Month month;
  CallSummary window;
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
      window = summarize_calls(calls_between(result.steady_from, result.steady_to));
      month.steady = window_hours > 0 ? cost.rest_hours / window_hours : 0.0;
    } else {
      month.idle_hours = cost.rest_hours;
    }
  } else if (cost.extrapolated) {
    month.runs = kMonthSeconds / cost.from_seconds;
    month.drop_one_off = true;
  }
  Bill bill(result, cost, month);
  ledger_lines(bill, calls, window);
  for (const RegisteredReportKind& k : reading_order()) {
    if (!k.kind->bill) continue;
    bill.group();
    k.kind->bill(bill);
  }
  for (const BillGroup& g : cost.groups) {
    for (const BillLine& l : g.lines) {
      cost.total_usd += l.monthly_usd;
      cost.run_total_usd += l.run_usd;
    }
  }
  return cost;
}

}  // namespace edasim::report
