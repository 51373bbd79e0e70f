#include "sim/plan/warm_start.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "sim/analytic/queueing.hpp"
#include "sim/model/support/offered_load.hpp"
#include "sim/model/system.hpp"

namespace edasim::plan {

namespace {

constexpr std::string_view kPrefix = "consumers.";
constexpr std::string_view kSuffix = ".instances";

// The fleet a knob sizes by its instances, or nothing.
const model::FleetConfig* fleet_of(const Knob& knob, const model::SystemConfig& base) {
  const std::string& p = knob.path;
  if (!p.starts_with(kPrefix) || !p.ends_with(kSuffix)) return nullptr;
  const std::string name = p.substr(kPrefix.size(), p.size() - kPrefix.size() - kSuffix.size());
  for (const model::FleetConfig& f : base.fleets) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// How many events each producer draws to find the offered load, as
// `edasim check` does.
constexpr std::uint64_t kSamples = 2000;

// The fleet's station at the producers' peak, from the offered load routed
// as the run would route it (bus rules, topic filter policies, wants).
const model::ServerLoad* station_of(const model::FleetConfig& fleet,
                                    const model::Capacity& capacity) {
  for (const model::ServerLoad& s : capacity.stations) {
    if (s.table == "consumers" && s.name == fleet.name) return &s;
  }
  return nullptr;
}

// The latency quantile an SLO bounds for `fleet`: its own end to end, or the
// run's when the fleet is the only consumer.
std::optional<std::pair<double, double>> latency_slo(const model::FleetConfig& fleet,
                                                     std::span<const Slo> slos,
                                                     const model::SystemConfig& base) {
  const std::string own = "consumers." + fleet.name + ".latency.end_to_end.p";
  const bool only = base.fleets.size() == 1 && base.functions.empty() && base.groups.empty();
  std::optional<std::pair<double, double>> tightest;
  for (const Slo& s : slos) {
    if (!s.at_most) continue;
    std::string tail;
    if (s.measure.starts_with(own)) tail = s.measure.substr(own.size());
    if (only && s.measure.starts_with("latency.end_to_end.p"))
      tail = s.measure.substr(std::string("latency.end_to_end.p").size());
    if (tail.empty() || tail.find_first_not_of("0123456789") != std::string::npos) continue;
    // p99 -> 0.99, p999 -> 0.999, p50 -> 0.5.
    const double q = std::stod("0." + tail);
    if (!tightest || s.bound < tightest->second) tightest = std::make_pair(q, s.bound);
  }
  return tightest;
}

}  // namespace

WarmStart warm_start(const PlanConfig& plan, std::span<const Slo> slos,
                     const model::SystemConfig& base) {
  WarmStart out;
  model::System system(base);
  const model::Capacity capacity = system.capacity(system.offered_load(kSamples));
  for (const Knob& knob : plan.knobs) {
    std::optional<std::size_t> guess;
    std::string basis = "no closed form sizes this knob";
    const model::FleetConfig* fleet = fleet_of(knob, base);
    const model::ServerLoad* station = fleet != nullptr ? station_of(*fleet, capacity) : nullptr;
    if (fleet != nullptr && fleet->autoscaling.enabled) {
      basis = "the fleet autoscales: its size is the policy's, not the knob's";
    } else if (fleet != nullptr && station == nullptr) {
      basis = "no load reaches the fleet at the producers' peak";
    } else if (station != nullptr && station->mean_service > 0) {
      const double lambda = station->arrival_rate;
      const double mu = 1.0 / station->mean_service;
      const auto slo = latency_slo(*fleet, slos, base);
      for (std::size_t i = 0; i < knob.size() && !guess; ++i) {
        const auto servers =
            static_cast<std::size_t>(std::max(0.0, knob.value(i)) * fleet->pollers_per_instance);
        if (servers == 0 || lambda >= static_cast<double>(servers) * mu) continue;
        if (slo && analytic::mmc_sojourn_quantile(lambda, mu, servers, slo->first) > slo->second)
          continue;
        guess = i;
      }
      basis = fmt::format(
          "{:.6g} messages/s at the peak, {:.6g} ms per message (processing, calls and its share "
          "of a receive), {} pollers per instance: ",
          lambda, station->mean_service * 1e3, fleet->pollers_per_instance);
      if (!guess) {
        basis += "no value of the knob keeps M/M/c within the SLO";
      } else if (slo) {
        basis += fmt::format("M/M/c p{:g} sojourn within {:.6g} ms from {} instances (Erlang C)",
                             slo->first * 100, slo->second * 1e3, knob.text(*guess));
      } else {
        basis += fmt::format("stable (utilisation below 1) from {} instances", knob.text(*guess));
      }
    }
    out.guess.push_back(guess);
    out.basis.push_back(std::move(basis));
  }
  return out;
}

}  // namespace edasim::plan
