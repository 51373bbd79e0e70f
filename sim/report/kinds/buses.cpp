#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

std::string summary(const SystemConfig& config) {
  std::size_t rules = 0;
  for (const BusConfig& bus : config.buses) rules += bus.rules.size();
  std::string text = plural(config.buses.size(), "bus", "buses");
  if (rules > 0) text += " with " + plural(rules, "rule", "rules");
  return text;
}

// A bus, then each of its rules with where it routes.
void list_bus(TopologyListing& l, Topology::Vertex v) {
  l.out << "\n" << l.topology.label(v) << "\n";
  bool any = false;
  for (const auto e : boost::make_iterator_range(boost::out_edges(v, l.graph))) {
    if (l.graph[e].link != Topology::Link::has_rule) continue;
    any = true;
    const Topology::Vertex rule = boost::target(e, l.graph);
    const std::string to = join(l.targets(rule, Topology::Link::routes_to), l.missing(rule));
    l.out << "  rule " << l.graph[rule].name << " -> " << (to.empty() ? "no targets" : to) << "\n";
    const std::string dlqs = l.targets(rule, Topology::Link::fails_to);
    if (!dlqs.empty()) l.out << "    deliveries given up -> " << dlqs << "\n";
  }
  if (!any) l.out << "  no rules\n";
}

}  // namespace

const ReportKind buses_report{"bus", "buses", summary, list_bus};

}  // namespace edasim::report
