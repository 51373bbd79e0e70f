#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_stream(TopologyListing& l, Topology::Vertex v) {
  const StreamConfig& s = l.config.streams[l.graph[v].index];
  const bool kinesis = s.kind == StreamConfig::Kind::kinesis;
  l.out << "\n"
        << l.topology.label(v) << " (" << (kinesis ? "Kinesis, " : "Kafka, ")
        << plural(s.partitions, kinesis ? "shard" : "partition", kinesis ? "shards" : "partitions")
        << ", retention " << format_duration(s.retention) << ")\n";
  const std::string groups = l.targets(v, Topology::Link::feeds);
  l.out << "  " << (groups.empty() ? "no consumer group" : "read by " + groups) << "\n";
}

}  // namespace

const ReportKind streams_report{"stream", "streams", nullptr, list_stream};

}  // namespace edasim::report
