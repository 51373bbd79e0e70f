#include "sim/plan/warm_start.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <optional>
#include <string>
#include <utility>

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

struct CapacityLimitAt {
  double utilisation = 0;
  std::string message;
};

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

// The component a knob's path names ("streams.events.partitions" ->
// streams, events).
std::pair<std::string, std::string> component_of(const Knob& knob) {
  const std::size_t first = knob.path.find('.');
  const std::size_t second =
      first == std::string::npos ? std::string::npos : knob.path.find('.', first + 1);
  if (second == std::string::npos) return {};
  return {knob.path.substr(0, first), knob.path.substr(first + 1, second - first - 1)};
}

// The most utilised limit of one component at its peak, as `edasim check`
// finds it in the design at `point` (0 when none is over 80 %, the least the
// check lists); nothing when the design cannot be made.
std::optional<CapacityLimitAt> worst_limit(const DesignAt& design_at, const Point& point,
                                           const std::pair<std::string, std::string>& component) {
  model::SystemConfig config;
  try {
    config = design_at(point);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  model::System system(config);
  const model::Capacity capacity = system.capacity(system.offered_load(kSamples));
  CapacityLimitAt worst;
  for (const model::CapacityLimit& l : capacity.limits) {
    if (l.table != component.first || l.name != component.second) continue;
    if (l.utilisation > worst.utilisation) worst = {l.utilisation, l.message};
  }
  return worst;
}

// Sizes a knob by its component's checked limits: the fewest value with none
// over 100 %, others at their top.
void size_by_limits(const PlanConfig& plan, std::size_t k, const DesignAt& design_at,
                    std::optional<std::size_t>& guess, std::string& basis) {
  const Knob& knob = plan.knobs[k];
  const auto component = component_of(knob);
  if (component.first.empty()) return;
  Point point;
  for (const Knob& other : plan.knobs) point.push_back(other.size() - 1);
  const auto at = [&](std::size_t i) {
    point[k] = i;
    return worst_limit(design_at, point, component);
  };
  const auto lowest = at(0);
  if (!lowest || lowest->utilisation <= 1) return;
  const auto highest = at(knob.size() - 1);
  if (!highest) return;
  if (highest->utilisation > 1) {
    basis = fmt::format(
        "`edasim check` at the producers' peak: even at {} a limit of {}.{} is over "
        "100 % ({})",
        knob.text(knob.size() - 1), component.first, component.second, highest->message);
    return;
  }
  // Over 100 % at lo, within it at hi.
  std::size_t lo = 0, hi = knob.size() - 1;
  std::string over = lowest->message;
  while (hi - lo > 1) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const auto m = at(mid);
    if (m && m->utilisation <= 1) {
      hi = mid;
    } else {
      lo = mid;
      if (m) over = m->message;
    }
  }
  guess = hi;
  basis = fmt::format(
      "`edasim check` at the producers' peak: no limit of {}.{} over 100 % from {} (at {}: {})",
      component.first, component.second, knob.text(hi), knob.text(lo), over);
}

}  // namespace

WarmStart warm_start(const PlanConfig& plan, std::span<const Slo> slos,
                     const model::SystemConfig& base, const DesignAt& design_at) {
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
    if (fleet == nullptr && design_at)
      size_by_limits(plan, out.guess.size(), design_at, guess, basis);
    out.guess.push_back(guess);
    out.basis.push_back(std::move(basis));
  }
  return out;
}

}  // namespace edasim::plan
