#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_queue(TopologyListing& l, Topology::Vertex v) {
  const QueueConfig& q = l.config.queues[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (visibility " << format_duration(q.visibility_timeout)
        << ", retention " << format_duration(q.retention) << ")\n";
  std::string sources;
  for (const auto e : boost::make_iterator_range(boost::in_edges(v, l.graph))) {
    if (l.graph[e].link != Topology::Link::redrives_to) continue;
    sources += (sources.empty() ? "" : ", ") + l.graph[boost::source(e, l.graph)].name;
  }
  if (!sources.empty()) l.out << "  dead-letter queue of " << sources << "\n";
  const std::string consumers = l.targets(v, Topology::Link::feeds);
  l.out << "  " << (consumers.empty() ? "no consumer" : "consumed by " + consumers) << "\n";
  if (q.dead_letter_queue) {
    const std::string dlq = join(l.targets(v, Topology::Link::redrives_to), l.missing(v));
    l.out << "  after " << q.max_receive_count << " receives -> " << dlq << "\n";
  }
}

}  // namespace

const ReportKind queues_report{"queue", "queues", nullptr, list_queue};

}  // namespace edasim::report
