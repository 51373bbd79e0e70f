#include "sim/report/measures.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "sim/report/api_calls.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/format.hpp"
#include "sim/report/measure_fields.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

using plan::Unit;

double count(std::uint64_t n) {
  return static_cast<double>(n);
}

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

plan::Measures measures_of(const model::RunResult& r) {
  plan::Measures out;
  add_latency(out, std::string(model::measure_segment(kLatencyBlock)) + ".end_to_end", r.end_to_end,
              r);
  for (const RegisteredReportKind& k : reading_order()) {
    if (k.kind->latency_measures != nullptr) k.kind->latency_measures(out, r);
  }

  add_fields(out, "events.", r.events, model::event_fields(), r,
             {"produced", "processed", "dlq", "lost", "throttled", "unrouted", "discarded",
              "failed_requests", "in_flight", "duplicates_delivered", "duplicates_processed",
              "duplicates_suppressed", "recovered_by_redrive"});
  for (const RegisteredReportKind& k : reading_order()) {
    if (k.kind->measures != nullptr) k.kind->measures(out, r);
  }

  const model::EventTotals& e = r.events;
  const CallSummary calls = summarize_calls(r.calls);
  add_measure(out, "calls.total", Unit::count, count(calls.calls));
  if (const auto per = per_thousand(calls.calls, e.produced))
    add_measure(out, "calls.per_1000_events", Unit::number, *per);
  for (const KindTotal& k : calls.by_kind)
    add_measure(out, "calls." + k.kind, Unit::count, count(k.calls));
  for (const KindTotal& k : calls.by_kind) {
    if (const auto per = per_thousand(k.calls, e.produced))
      add_measure(out, "calls.per_1000_events." + k.kind, Unit::number, *per);
  }

  const MonthlyCost cost = estimate_monthly_cost(r, calls);
  if (cost.extrapolated) {
    add_measure(out, "cost.total", Unit::usd, cost.total_usd);
    // The bill of the simulated window itself, free of the assumption that
    // every second of a month is like the window's average.
    add_measure(out, "cost.run", Unit::usd, cost.run_total_usd);
    // Each line's measure, lines of the same measure added up, in the
    // bill's order.
    std::vector<std::pair<std::string, double>> by_measure;
    for (const BillGroup& g : cost.groups) {
      for (const BillLine& l : g.lines) {
        if (l.measure.empty()) continue;
        auto it = std::find_if(by_measure.begin(), by_measure.end(),
                               [&](const auto& m) { return m.first == l.measure; });
        if (it == by_measure.end()) it = by_measure.insert(by_measure.end(), {l.measure, 0.0});
        it->second += l.monthly_usd;
      }
    }
    for (const auto& [name, usd] : by_measure) add_measure(out, name, Unit::usd, usd);
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
