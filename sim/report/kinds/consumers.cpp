#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_fleet(TopologyListing& l, Topology::Vertex v) {
  const FleetConfig& f = l.config.fleets[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (" << plural(f.instances, "instance", "instances") << " x "
        << plural(f.pollers_per_instance, "poller", "pollers") << ", batch " << f.batch_size;
  if (f.autoscaling.enabled) {
    l.out << ", autoscaled " << f.autoscaling.min_instances << ".." << f.autoscaling.max_instances;
  }
  l.out << ")\n";
  l.out << "  reads " << join(l.sources(v), l.missing(v)) << "\n";
  for (const auto& [call, count] : f.calls) l.out << "  calls " << call << " x " << count << "\n";
}

}  // namespace

const ReportKind consumers_report{"consumer fleet", "consumer fleets", nullptr, list_fleet};

}  // namespace edasim::report
