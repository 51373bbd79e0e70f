#include "sim/report/topology_listing.hpp"

#include <algorithm>
#include <deque>
#include <ostream>
#include <vector>

#include "sim/report/report_kind.hpp"

namespace edasim::report {

std::string TopologyListing::targets(Topology::Vertex v, Topology::Link link) const {
  std::string text;
  for (const auto e : boost::make_iterator_range(boost::out_edges(v, graph))) {
    if (graph[e].link != link) continue;
    text += (text.empty() ? "" : ", ") + topology.label(boost::target(e, graph));
  }
  return text;
}

std::string TopologyListing::sources(Topology::Vertex v) const {
  std::string text;
  for (const auto e : boost::make_iterator_range(boost::in_edges(v, graph))) {
    text += (text.empty() ? "" : ", ") + topology.label(boost::source(e, graph));
  }
  return text;
}

std::string TopologyListing::missing(Topology::Vertex v) const {
  std::string text;
  for (const Topology::Unresolved& u : topology.unresolved()) {
    if (u.from != v) continue;
    text += (text.empty() ? "" : ", ") + topology.noun(u.kind) + " " + u.name + " (does not exist)";
  }
  return text;
}

std::string join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + ", " + b;
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

namespace {

const ReportKind* kind_of(std::string_view table) {
  for (const RegisteredReportKind& k : report_kinds()) {
    if (k.table == table) return k.kind;
  }
  return nullptr;
}

// Vertices in the order events flow: breadth first from the components
// nothing sends to but that send somewhere (producers, mostly), then what no
// flow reaches, in vertex order. Ties keep vertex and edge order, so the
// order is the same every time.
std::vector<Topology::Vertex> flow_order(const Topology::Graph& g) {
  const std::size_t n = boost::num_vertices(g);
  std::vector<bool> seen(n, false);
  std::vector<Topology::Vertex> order;
  std::deque<Topology::Vertex> next;
  for (const auto v : boost::make_iterator_range(boost::vertices(g))) {
    if (boost::in_degree(v, g) == 0 && boost::out_degree(v, g) > 0) {
      seen[v] = true;
      next.push_back(v);
    }
  }
  while (!next.empty()) {
    const Topology::Vertex v = next.front();
    next.pop_front();
    order.push_back(v);
    for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      const Topology::Vertex to = boost::target(e, g);
      if (seen[to]) continue;
      seen[to] = true;
      next.push_back(to);
    }
  }
  for (const auto v : boost::make_iterator_range(boost::vertices(g))) {
    if (!seen[v]) order.push_back(v);
  }
  return order;
}

}  // namespace

void print(std::ostream& out, const model::SystemConfig& config, const Topology& topology) {
  const Topology::Graph& g = topology.graph();
  const std::vector<Topology::Vertex> order = flow_order(g);

  // The count line names the kinds in the order their first component is
  // listed.
  std::vector<std::string_view> kinds;
  for (const Topology::Vertex v : order) {
    const std::string_view kind = g[v].kind;
    if (kind_of(kind) != nullptr && std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      kinds.push_back(kind);
    }
  }
  out << "scenario " << config.name << ":";
  const char* separator = " ";
  for (const std::string_view kind : kinds) {
    const ReportKind& k = *kind_of(kind);
    out << separator
        << (k.summary ? k.summary(config) : plural(topology.names(kind).size(), k.one, k.many));
    separator = ", ";
  }
  if (kinds.empty()) out << " no components";
  out << "\n";

  TopologyListing listing(out, config, topology);
  for (const Topology::Vertex v : order) {
    const ReportKind* k = kind_of(g[v].kind);
    if (k != nullptr && k->list != nullptr) k->list(listing, v);
  }
}

}  // namespace edasim::report
