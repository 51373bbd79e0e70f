#include "sim/report/json.hpp"

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <map>

#include "sim/report/api_calls.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/format.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

Json per_thousand_json(std::uint64_t calls, std::uint64_t produced) {
  const auto v = per_thousand(calls, produced);
  return v ? json_number(*v, 3) : Json(nullptr);
}

Json calls_json(const model::RunResult& r, const CallSummary& calls) {
  Json j;
  j["total"] = calls.calls;
  Json by_service = Json::object();
  for (const auto& [service, units] : calls.billing_units_by_service)
    by_service[std::string(service_name(service))] = units;
  j["billing_units_by_service"] = std::move(by_service);
  j["total_per_1000_events"] = per_thousand_json(calls.calls, r.events.produced);
  Json by_kind = Json::object();
  Json units = Json::object();
  Json per_1000 = Json::object();
  Json service = Json::object();
  for (const KindTotal& k : calls.by_kind) {
    by_kind[k.kind] = k.calls;
    units[k.kind] = k.billing_units;
    per_1000[k.kind] = per_thousand_json(k.calls, r.events.produced);
    service[k.kind] = std::string(service_name(k.service));
  }
  j["by_kind"] = std::move(by_kind);
  j["billing_units_by_kind"] = std::move(units);
  j["per_1000_events"] = std::move(per_1000);
  j["service_by_kind"] = std::move(service);
  // Calls arrive sorted by component then kind; a map keeps that order even
  // if a producer of RunResult ever forgets to sort.
  std::map<std::string, std::map<std::string, std::uint64_t>> components;
  for (const model::CallLine& c : r.calls) components[c.component][c.kind] += c.calls;
  Json by_component = Json::object();
  for (const auto& [component, kinds] : components) {
    Json k = Json::object();
    for (const auto& [kind, n] : kinds) k[kind] = n;
    by_component[component] = std::move(k);
  }
  j["by_component"] = std::move(by_component);
  return j;
}

// A bill line's report.json keys and decimals, by its basis: its units in
// the run, in the month, and its price. Billing units are whole numbers
// (kWhole).
struct BasisKeys {
  const char* units;
  int units_decimals;
  const char* monthly;
  int monthly_decimals;
  const char* price;
  int price_decimals;
};
constexpr int kWhole = -1;

BasisKeys keys_of(Basis basis) {
  switch (basis) {
    case Basis::requests:
      return {"billing_units", kWhole, "monthly_billing_units", kWhole, "price_per_million_usd", 4};
    case Basis::compute:
      return {"gb_seconds", 3, "monthly_gb_seconds", 1, "price_per_gb_second_usd", 10};
    case Basis::capacity:
      return {"units", 3, "monthly_hours", 1, "price_per_hour_usd", 6};
    case Basis::instances:
      return {"instance_hours", 4, "monthly_instance_hours", 1, "price_per_hour_usd", 6};
  }
  return {};
}

Json bill_line_json(const BillLine& l) {
  const BasisKeys k = keys_of(l.basis);
  const auto figure = [](double value, int decimals) {
    return decimals == kWhole ? Json(static_cast<std::uint64_t>(std::llround(value)))
                              : json_number(value, decimals);
  };
  Json j;
  j[k.units] = figure(l.units, k.units_decimals);
  // A quota's one-off burst is counted in billing units.
  if (l.basis == Basis::requests) j["one_off_billing_units"] = figure(l.one_off_units, kWhole);
  j["run_usd"] = json_number(l.run_usd, 6);
  j[k.monthly] = figure(l.monthly_units, k.monthly_decimals);
  j[k.price] = json_number(l.price, k.price_decimals);
  j["monthly_usd"] = json_number(l.monthly_usd, 4);
  return j;
}

Json cost_json(const MonthlyCost& c) {
  Json j;
  j["basis"] =
      c.declared ? "run_total_usd: the simulated period's own bill; *monthly*: the month the "
                   "scenario declares in [cost] (declared_month); list prices; free tiers, data "
                   "transfer, unpriced components and the end-of-run backlog excluded"
      : c.extrapolated
          ? "run_total_usd: the simulated period's own bill; *monthly*: that period's "
            "average rate assumed for every second of 30 days, less what quotas' full buckets "
            "let through at the start (one_off_billing_units); list prices; free tiers, data "
            "transfer, unpriced components and the end-of-run backlog excluded"
          : "no simulated time: nothing to extrapolate";
  if (c.declared) {
    Json m;
    m["runs_per_month"] = json_number(c.runs_per_month, 6);
    m["rest_of_month"] = c.steady_rest ? "steady" : "idle";
    m["rest_hours"] = json_number(c.rest_hours, 3);
    if (c.steady_rest) {
      m["steady_window_seconds"] =
          Json::array({json_number(c.steady_from_seconds, 3), json_number(c.steady_to_seconds, 3)});
    }
    j["declared_month"] = std::move(m);
  } else {
    j["declared_month"] = nullptr;
  }
  j["extrapolated_from_seconds"] = json_number(c.from_seconds, 3);
  j["month_days"] = static_cast<int>(kMonthDays);
  for (const BillGroup& g : c.groups) {
    if (g.key.empty()) {
      for (const BillLine& l : g.lines) j[l.key] = bill_line_json(l);
      continue;
    }
    Json lines = Json::object();
    double usd = 0;
    for (const BillLine& l : g.lines) {
      lines[l.key] = bill_line_json(l);
      usd += l.monthly_usd;
    }
    j[g.key] = std::move(lines);
    if (!g.total_key.empty()) j[g.total_key] = json_number(usd, 4);
  }
  j["total_monthly_usd"] = json_number(c.total_usd, 4);
  j["run_total_usd"] = json_number(c.run_total_usd, 6);
  j["backlog_messages"] = c.backlog_messages;
  j["backlog_records"] = c.backlog_records;
  Json unpriced = Json::array();
  for (const std::string& n : c.unpriced) unpriced.push_back(n);
  j["unpriced"] = std::move(unpriced);
  return j;
}

Json seconds_or_null(const std::optional<Duration>& d) {
  return d ? json_number(d->seconds(), 3) : Json(nullptr);
}

Json alarm_json(const model::AlarmResult& a) {
  Json j;
  j["name"] = a.config.name;
  j["metric"] = a.config.metric;
  j["statistic"] = std::string(metrics::statistic_name(a.config.statistic));
  j["threshold"] = json_number(a.config.threshold, 6);
  j["comparison"] = std::string(model::comparison_name(a.config.comparison));
  j["evaluation_periods"] = a.config.evaluation_periods;
  j["datapoints_to_alarm"] = a.config.datapoints_to_alarm;
  j["treat_missing_data"] = std::string(model::missing_data_name(a.config.treat_missing_data));
  j["final_state"] = std::string(model::alarm_state_name(a.final_state));
  Json transitions = Json::array();
  for (const model::AlarmTransition& t : a.transitions) {
    Json tj;
    tj["at_s"] = json_number(t.at.seconds(), 3);
    tj["from"] = std::string(model::alarm_state_name(t.from));
    tj["to"] = std::string(model::alarm_state_name(t.to));
    tj["value"] = json_number(t.value, 6);
    transitions.push_back(std::move(tj));
  }
  j["transitions"] = std::move(transitions);
  return j;
}

Json fault_impact_json(const model::RunResult& r, std::size_t i) {
  const model::FaultWindow& f = r.faults[i];
  const model::FaultImpact& x = r.fault_impacts[i];
  Json j;
  j["fault"] = f.name;
  j["kind"] = f.kind;
  j["target"] = f.target;
  j["start_s"] = json_number(f.start.seconds(), 3);
  j["duration_s"] = json_number(f.duration.seconds(), 3);
  j["time_to_detect_s"] = seconds_or_null(x.time_to_detect);
  Json by_alarm = Json::object();
  for (std::size_t a = 0; a < r.alarms.size() && a < x.detect_by_alarm.size(); ++a) {
    by_alarm[r.alarms[a].config.name] = seconds_or_null(x.detect_by_alarm[a]);
  }
  j["time_to_detect_by_alarm_s"] = std::move(by_alarm);
  write_fields(j, x, r, model::fault_impact_fields());
  return j;
}

// Each end-of-run invariant with its verdict, and whether all hold.
Json invariants_json(const model::RunResult& r) {
  Json checks = Json::array();
  // A result no run checked (empty) claims nothing.
  bool all = !r.invariants.empty();
  for (const model::InvariantCheck& c : r.invariants) {
    all = all && c.holds();
    checks.push_back(Json{{"name", c.name},
                          {"description", c.description},
                          {"holds", c.holds()},
                          {"failures", c.failures}});
  }
  Json j;
  j["hold"] = all;
  j["checks"] = std::move(checks);
  return j;
}

}  // namespace

Json to_json(const model::RunResult& r) {
  const CallSummary calls = summarize_calls(r.calls);
  Json j;
  j["schema"] = kJsonSchema;
  j["scenario"] = r.scenario;
  j["question"] = r.question;
  j["seed"] = r.seed;
  j["sim_seconds"] = json_number(r.simulated.seconds(), 3);
  j["kernel_events"] = r.kernel_events;
  j["warmup_seconds"] = json_number(r.warmup.seconds(), 3);
  Json events;
  write_fields(events, r.events, r, model::event_fields());
  j["events"] = std::move(events);
  j["api_calls"] = calls_json(r, calls);
  Json latency;
  latency["end_to_end"] = quantiles_json(r.end_to_end, r);
  j["latency_ms"] = std::move(latency);
  if (r.emits) {
    Json flows = Json::array();
    for (const model::FlowResult& f : r.flows) {
      Json flow;
      flow["producer"] = f.producer;
      flow[f.kind] = f.component;
      flow["latency_ms"] = quantiles_json(f.latency, r);
      flows.push_back(std::move(flow));
    }
    j["flows"] = std::move(flows);
  }
  j["cost"] = cost_json(estimate_monthly_cost(r, calls));
  for (const RegisteredReportKind& k : reading_order()) {
    if (k.kind->json != nullptr) k.kind->json(j, r);
  }
  Json monitoring;
  monitoring["period_s"] = json_number(r.metrics.period().seconds(), 3);
  monitoring["periods"] = r.metrics.period_count();
  monitoring["metrics"] = r.metrics.names();
  j["monitoring"] = std::move(monitoring);
  Json alarms = Json::array();
  for (const model::AlarmResult& a : r.alarms) alarms.push_back(alarm_json(a));
  j["alarms"] = std::move(alarms);
  Json impacts = Json::array();
  for (std::size_t i = 0; i < r.faults.size() && i < r.fault_impacts.size(); ++i) {
    impacts.push_back(fault_impact_json(r, i));
  }
  j["fault_impacts"] = std::move(impacts);
  j["amplification"] = r.amplification ? json_number(*r.amplification, 4) : Json(nullptr);
  j["invariants"] = invariants_json(r);
  return j;
}

std::string to_json_text(const model::RunResult& result) {
  // Names come from the scenario; one stray invalid byte must not make the
  // whole report fail to serialize.
  return to_json(result).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace edasim::report
