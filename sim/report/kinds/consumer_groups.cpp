#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_group(TopologyListing& l, Topology::Vertex v) {
  const ConsumerGroupConfig& g = l.config.groups[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (" << plural(g.consumers, "consumer", "consumers") << ", batch "
        << g.batch << ")\n";
  l.out << "  reads " << join(l.sources(v), l.missing(v)) << "\n";
}

}  // namespace

const ReportKind consumer_groups_report{"consumer group", "consumer groups", nullptr, list_group};

}  // namespace edasim::report
