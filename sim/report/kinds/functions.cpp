#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_function(TopologyListing& l, Topology::Vertex v) {
  const FunctionConfig& f = l.config.functions[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (Lambda, " << f.memory_mb << " MB, timeout "
        << format_duration(f.timeout) << ", batch " << f.batch_size << ", up to "
        << f.concurrency_cap() << " concurrent)\n";
  l.out << "  reads " << join(l.sources(v), l.missing(v)) << "\n";
}

}  // namespace

const ReportKind functions_report{"function", "functions", nullptr, list_function};

}  // namespace edasim::report
