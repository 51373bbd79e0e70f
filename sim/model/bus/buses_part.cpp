// The buses of a system: each delivers to the components its rules target
// (queues, topics, streams, state machines, other buses), through the
// destinations their kinds' registrations make for a service; the targets of
// kinds built after buses, and other buses, are connected once every kind is
// built. Buses that rules link (one targets the other, directly or through
// others) share one path table, since a receiving bus matches the events
// its sender builds; a bus linked to none keeps a table of its own.
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/bus/bus.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/receiving_kind.hpp"

namespace edasim::model {

namespace {

// One path table for each set of buses that rules link, by bus; null for a
// bus linked to no other.
std::vector<std::shared_ptr<rules::PathTable>> shared_paths(const std::vector<BusConfig>& buses) {
  std::vector<std::size_t> set(buses.size());
  std::iota(set.begin(), set.end(), std::size_t{0});
  const auto root = [&set](std::size_t b) {
    while (set[b] != b) b = set[b] = set[set[b]];
    return b;
  };
  std::vector<bool> linked(buses.size(), false);
  for (std::size_t b = 0; b < buses.size(); ++b) {
    for (const RuleConfig& rule : buses[b].rules) {
      for (std::size_t t = 0; t < rule.targets.size(); ++t) {
        if (rule.table(t) != "buses") continue;
        for (std::size_t other = 0; other < buses.size(); ++other) {
          if (buses[other].name != rule.targets[t] || other == b) continue;
          set[root(other)] = root(b);
          linked[b] = linked[other] = true;
        }
      }
    }
  }
  std::vector<std::shared_ptr<rules::PathTable>> by_set(buses.size());
  std::vector<std::shared_ptr<rules::PathTable>> paths(buses.size());
  for (std::size_t b = 0; b < buses.size(); ++b) {
    if (!linked[b]) continue;
    auto& table = by_set[root(b)];
    if (table == nullptr) table = std::make_shared<rules::PathTable>();
    paths[b] = table;
  }
  return paths;
}

class Buses final : public Part {
 public:
  explicit Buses(Assembly& a) {
    const auto paths = shared_paths(a.config.buses);
    for (const BusConfig& bc : a.config.buses) {
      const auto index = static_cast<std::uint32_t>(buses_.size());
      const std::string component = "bus:" + bc.name;
      const MakeDelivery deliveries = [&a, &component](std::string_view table,
                                                       const std::string& name) {
        return make_destination(a, table, {&name, 1}, Sending{component, Sending::Role::service});
      };
      buses_.push_back(
          std::make_unique<Bus>(bc, index, a, a.all<Queue>(), deliveries, paths[index]));
      buses_.back()->attach(a.kernel.attach(*buses_.back()));
      a.add(*buses_.back());
    }
  }

  void connect(Assembly& a) override {
    for (auto& b : buses_) {
      const std::string component = "bus:" + b->name();
      b->connect([&a, &component](std::string_view table, const std::string& name) {
        return make_destination(a, table, {&name, 1}, Sending{component, Sending::Role::service});
      });
    }
  }

  void start(Time) override {
    for (auto& b : buses_) b->start();
  }
  void report(RunResult& r) override {
    for (auto& b : buses_) {
      r.events.in_flight += b->pending_deliveries();
      r.buses.push_back(b->result());
    }
  }

  // PutEvents quota: requests a second, each up to 10 entries; invocations
  // quota: target deliveries a second, delayed rather than dropped over it
  // (services.md §2.1, §2.2).
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (const auto& b : buses_) {
      const BusConfig& c = b->config();
      const ComponentLoad puts = load.peak("buses", c.name, LoadMeasure::requests);
      const double put_limit = c.put_events_rate.per_second;
      if (put_limit > 0 && puts.per_second.requests / put_limit > 0.8) {
        const double u = puts.per_second.requests / put_limit;
        std::string m = at_peak_text(puts.peak) + " producers make " +
                        count_text(puts.per_second.requests) + " PutEvents requests/s (" +
                        count_text(puts.per_second.events) + " events/s); the PutEvents quota is " +
                        count_text(put_limit) + " requests/s" + utilisation_text(u);
        m += u > 1 ? ": requests over it are throttled" : ": little headroom for bursts";
        out.limits.push_back({"buses", c.name, u, std::move(m)});
      }
      const ComponentLoad copies = load.peak("buses", c.name, LoadMeasure::deliveries);
      const double invocation_limit = c.invocations_rate.per_second;
      if (invocation_limit > 0 && copies.per_second.deliveries / invocation_limit > 0.8) {
        const double u = copies.per_second.deliveries / invocation_limit;
        std::string m = at_peak_text(copies.peak) + " its rules make " +
                        count_text(copies.per_second.deliveries) +
                        " target invocations/s; the invocations quota is " +
                        count_text(invocation_limit) + "/s" + utilisation_text(u);
        m += u > 1 ? ": deliveries over it are delayed" : ": little headroom for bursts";
        out.limits.push_back({"buses", c.name, u, std::move(m)});
      }
    }
  }

 private:
  std::vector<std::unique_ptr<Bus>> buses_;
};

}  // namespace

std::unique_ptr<Part> build_buses(Assembly& a) {
  return std::make_unique<Buses>(a);
}

}  // namespace edasim::model
