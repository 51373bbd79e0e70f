#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_producer(TopologyListing& l, Topology::Vertex v) {
  const ProducerConfig& p = l.config.producers[l.graph[v].index];
  l.out << "\n" << l.topology.label(v) << " (" << format_rate(p.arrival.rate) << ")\n";
  l.out << "  -> " << join(l.targets(v, Topology::Link::sends_to), l.missing(v)) << "\n";
}

}  // namespace

const ReportKind producers_report{"producer", "producers", nullptr, list_producer};

}  // namespace edasim::report
