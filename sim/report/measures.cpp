#include "sim/report/measures.hpp"

#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <variant>
#include <vector>

#include "sim/report/api_calls.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/format.hpp"

namespace edasim::report {

namespace {

using plan::Unit;

void add(plan::Measures& out, std::string name, Unit unit, double value,
         bool lower_is_better = true, double resolution = 0) {
  out.push_back({std::move(name), unit, value, lower_is_better, resolution});
}

Unit unit_of(FieldKind kind) {
  switch (kind) {
    case FieldKind::count:
      return Unit::count;
    case FieldKind::duration:
      return Unit::seconds;
    case FieldKind::ratio:
      return Unit::ratio;
    default:
      return Unit::number;
  }
}

// A figure never measured (a latency of no samples) is not a number, so a
// study leaves its cell empty rather than averaging in a 0; the name still
// exists for SLOs to refer to. Durations are compared in seconds.
double measure_value(const FieldValue& value) {
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  if (const auto* u = std::get_if<std::uint64_t>(&value)) return static_cast<double>(*u);
  if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&value)) return *d;
  if (const auto* t = std::get_if<Nanoseconds>(&value)) return t->ns * 1e-9;
  return nan;
}

// The measure of field `f` of `result`, named `prefix` + its key without the
// unit suffix: its report.json path.
template <class R>
void add_field(plan::Measures& out, const std::string& prefix, const Field<R>& f, const R& result,
               const RunResult& run) {
  if (f.measure == Better::not_a_measure) return;
  if (f.measured != nullptr && !f.measured(result)) return;
  const double scale = f.kind == FieldKind::duration ? 1e-9 : 1.0;
  const double resolution = f.resolution != nullptr ? f.resolution(result) * scale : 0;
  add(out, prefix + std::string(measure_segment(f.key)), unit_of(f.kind),
      measure_value(f.read(result, run)), f.measure == Better::lower, resolution);
}

// The measure fields of `fields`: those named in `first`, in that order,
// then the others in table order. Studies have always listed some families
// in an order of their own, not report.json's; keeping it keeps comparisons
// of one version readable beside the last.
template <class T>
std::vector<const T*> in_order(std::span<const T> fields,
                               std::initializer_list<std::string_view> first = {}) {
  std::vector<const T*> out;
  for (const std::string_view key : first) {
    for (const T& f : fields) {
      if (f.key == key) out.push_back(&f);
    }
  }
  for (const T& f : fields) {
    bool listed = false;
    for (const std::string_view key : first) listed = listed || f.key == key;
    if (!listed) out.push_back(&f);
  }
  return out;
}

// The mean and quantiles of a latency block, as `prefix`.mean, .p50, ...
void add_latency(plan::Measures& out, const std::string& prefix, const Histogram& h,
                 const RunResult& run) {
  for (const Field<Histogram>& f : quantile_fields()) add_field(out, prefix + ".", f, h, run);
}

// Each measured latency block of `results`, block by block in `order`.
template <class R>
void add_latencies(plan::Measures& out, const std::string& family, const std::vector<R>& results,
                   std::span<const LatencyField<R>> latencies, std::string_view group,
                   const RunResult& run, std::initializer_list<std::string_view> order = {}) {
  for (const LatencyField<R>* l : in_order(latencies, order)) {
    if (!l->measure) continue;
    for (const R& r : results) {
      std::string prefix = family + "." + r.name + ".";
      if (!group.empty()) prefix += std::string(measure_segment(group)) + ".";
      add_latency(out, prefix + std::string(measure_segment(l->key)), l->read(r), run);
    }
  }
}

template <class R>
void add_fields(plan::Measures& out, const std::string& prefix, const R& result,
                std::span<const Field<R>> fields, const RunResult& run,
                std::initializer_list<std::string_view> order = {}) {
  for (const Field<R>* f : in_order(fields, order)) add_field(out, prefix, *f, result, run);
}

// Counters are made when a component is built, so a service's kinds are
// listed, possibly at 0 calls, whenever the topology uses the service.
bool uses(const CallSummary& calls, Service service) {
  for (const KindTotal& k : calls.by_kind) {
    if (k.service == service) return true;
  }
  return false;
}

double count(std::uint64_t n) {
  return static_cast<double>(n);
}

// report.json's block of latencies in a component's object.
constexpr std::string_view kLatencyBlock = "latency_ms";

// The dot-separated segments of a measure name. Component names hold no
// dots, so an old name splits cleanly into family, component and figure.
std::vector<std::string> split(const std::string& name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    parts.push_back(name.substr(start, dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < parts.size(); ++i) out += (out.empty() ? "" : ".") + parts[i];
  return out;
}

// A latency's old tail ("p99.9") as it is now ("p999").
std::string quantile_now(std::string tail) {
  if (tail == "p99.9") return "p999";
  return tail;
}

}  // namespace

plan::Measures measures_of(const RunResult& r) {
  plan::Measures out;
  add_latency(out, std::string(measure_segment(kLatencyBlock)) + ".end_to_end", r.end_to_end, r);
  // The wait until processing starts (queue wait, the receive's latency, the
  // batch's earlier messages): what a consumer's backlog costs an event.
  add_latencies(out, "consumers", r.fleets, fleet_latencies(), kLatencyBlock, r,
                {"end_to_end", "wait_to_start"});
  add_latencies(out, "chains", r.chains, chain_latencies(), "", r);

  add_fields(out, "events.", r.events, event_fields(), r,
             {"produced", "processed", "dlq", "lost", "throttled", "unrouted", "discarded",
              "failed_requests", "in_flight", "duplicates_delivered", "duplicates_processed",
              "duplicates_suppressed", "recovered_by_redrive"});

  for (const QueueResult& q : r.queues)
    add_fields(out, "queues." + q.name + ".", q, queue_fields(), r);
  for (const FleetResult& f : r.fleets) {
    add_fields(out, "consumers." + f.name + ".", f, fleet_fields(), r,
               {"utilization", "utilization_with_sqs", "failed", "instance_hours"});
    add_fields(out, "consumers." + f.name + ".autoscaling.", f, fleet_autoscaling_fields(), r);
  }
  for (const ChainResult& c : r.chains)
    add_fields(out, "chains." + c.name + ".", c, chain_fields(), r);

  const EventTotals& e = r.events;
  const CallSummary calls = summarize_calls(r.calls);
  add(out, "calls.total", Unit::count, count(calls.calls));
  if (const auto per = per_thousand(calls.calls, e.produced))
    add(out, "calls.per_1000_events", Unit::number, *per);
  for (const KindTotal& k : calls.by_kind) add(out, "calls." + k.kind, Unit::count, count(k.calls));
  for (const KindTotal& k : calls.by_kind) {
    if (const auto per = per_thousand(k.calls, e.produced))
      add(out, "calls.per_1000_events." + k.kind, Unit::number, *per);
  }

  const MonthlyCost cost = estimate_monthly_cost(r, calls);
  if (cost.extrapolated) {
    add(out, "cost.total", Unit::usd, cost.total_usd);
    // The bill of the simulated window itself, free of the assumption that
    // every second of a month is like the window's average.
    add(out, "cost.run", Unit::usd, cost.run_total_usd);
    add(out, "cost.sqs", Unit::usd, cost.sqs.monthly_usd + cost.sqs_fifo.monthly_usd);
    add(out, "cost.eventbridge", Unit::usd, cost.eventbridge.monthly_usd);
    // Which services a design uses is a matter of its topology, so whether
    // a line exists never depends on a replication's draws; a design
    // without a service pays nothing for it (plan::compare reads an absent
    // cost as 0).
    if (!r.topics.empty()) {
      add(out, "cost.sns", Unit::usd,
          cost.sns_publish.monthly_usd + cost.sns_http_delivery.monthly_usd);
    }
    if (uses(calls, Service::s3)) {
      add(out, "cost.s3", Unit::usd, cost.s3_put.monthly_usd + cost.s3_get.monthly_usd);
    }
    if (!r.functions.empty()) {
      add(out, "cost.lambda", Unit::usd,
          cost.lambda_requests.monthly_usd + cost.lambda_compute.monthly_usd);
    }
    if (cost.kinesis_shards.units > 0) {
      add(out, "cost.kinesis", Unit::usd,
          cost.kinesis_shards.monthly_usd + cost.kinesis_put_units.monthly_usd +
              cost.kinesis_fan_out.monthly_usd);
    }
    if (cost.kafka_brokers.units > 0)
      add(out, "cost.kafka", Unit::usd, cost.kafka_brokers.monthly_usd);
    for (const FleetCost& f : cost.fleets)
      add(out, "cost.fleet." + f.name, Unit::usd, f.monthly_usd);
    for (const ApiCost& api : cost.apis) {
      if (api.cost.price_per_million > 0)
        add(out, "cost.api." + api.name, Unit::usd, api.cost.monthly_usd);
    }
  }
  return out;
}

std::optional<std::string> renamed_measure(const std::string& name,
                                           const std::set<std::string>& known) {
  const std::vector<std::string> p = split(name);
  std::vector<std::string> candidates;
  if (p.size() >= 3 && p[0] == "queue") candidates.push_back("queues." + join(p, 1));
  if (p.size() >= 3 && p[0] == "chain") candidates.push_back("chains." + join(p, 1));
  if (p.size() == 3 && p[0] == "consumer" && p[2] == "failed_attempts")
    candidates.push_back("consumers." + p[1] + ".failed");
  if (p.size() == 3 && p[0] == "consumer" && p[2] == "peak_instances")
    candidates.push_back("consumers." + p[1] + ".autoscaling.peak_instances");
  if (p.size() >= 3 && p[0] == "consumer") candidates.push_back("consumers." + join(p, 1));
  if (p.size() >= 3 && p[0] == "latency") {
    const std::string tail = quantile_now(join(p, p[2] == "wait_to_start" ? 3 : 2));
    if (p[1] == "end_to_end") candidates.push_back("latency.end_to_end." + tail);
    if (p[2] == "wait_to_start") {
      candidates.push_back("consumers." + p[1] + ".latency.wait_to_start." + tail);
    } else {
      candidates.push_back("consumers." + p[1] + ".latency.end_to_end." + tail);
      candidates.push_back("chains." + p[1] + ".latency." + tail);
    }
  }
  for (std::string& c : candidates) {
    if (c != name && known.contains(c)) return std::move(c);
  }
  return std::nullopt;
}

}  // namespace edasim::report
