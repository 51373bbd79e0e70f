#include "sim/scenario/topology.hpp"

#include <algorithm>
#include <map>

#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>

namespace edasim::scenario {

std::span<const TopologyKind* const> topology_kinds() {
  static constexpr const TopologyKind* kinds[] = {
#define EDASIM_KIND(table, Config, member, Result, receives) &table##_topology,
#include "sim/model/kinds.def"
  };
  return kinds;
}

Topology::Topology(const model::SystemConfig& config) {
  for (const TopologyKind* kind : topology_kinds()) {
    if (kind->add) kind->add(*this, config);
  }
  for (const TopologyKind* kind : topology_kinds()) {
    if (kind->connect) kind->connect(*this, config);
  }
}

void Topology::declare(std::string_view kind, std::string_view noun, std::string_view label) {
  names_[kind] = Names{noun, label};
}

Topology::Vertex Topology::add(std::string_view kind, std::string name, std::size_t index,
                               std::string owner) {
  return boost::add_vertex(Component{kind, std::move(name), std::move(owner), index}, graph_);
}

void Topology::connect(Vertex from, std::string_view kind, const std::string& name, Link link,
                       std::string key) {
  if (const auto to = find(kind, name)) {
    boost::add_edge(from, *to, Connection{link}, graph_);
  } else {
    unresolved_.push_back({from, std::move(key), kind, name});
  }
}

void Topology::connect_from(std::string_view kind, const std::string& name, Vertex to, Link link,
                            std::string key) {
  if (const auto from = find(kind, name)) {
    boost::add_edge(*from, to, Connection{link}, graph_);
  } else {
    unresolved_.push_back({to, std::move(key), kind, name});
  }
}

void Topology::link(Vertex from, Vertex to, Link link) {
  boost::add_edge(from, to, Connection{link}, graph_);
}

std::optional<Topology::Vertex> Topology::find(std::string_view kind, std::string_view name) const {
  const auto [first, last] = boost::vertices(graph_);
  for (auto v = first; v != last; ++v) {
    if (graph_[*v].kind == kind && graph_[*v].name == name) return *v;
  }
  return std::nullopt;
}

std::vector<std::string> Topology::names(std::string_view kind) const {
  std::vector<std::string> out;
  const auto [first, last] = boost::vertices(graph_);
  for (auto v = first; v != last; ++v) {
    if (graph_[*v].kind == kind) out.push_back(graph_[*v].name);
  }
  return out;
}

std::string Topology::noun(std::string_view kind) const {
  const auto it = names_.find(kind);
  return it == names_.end() ? "component" : std::string(it->second.noun);
}

std::string Topology::label(Vertex v) const {
  const Component& c = graph_[v];
  const auto it = names_.find(c.kind);
  const std::string label =
      it == names_.end() ? std::string(c.kind) : std::string(it->second.label);
  if (!c.owner.empty()) return label + " " + c.owner + "/" + c.name;
  return label + " " + c.name;
}

bool Topology::has_in_edge(Vertex v, Link link) const {
  const auto edges = boost::in_edges(v, graph_);
  return std::any_of(edges.first, edges.second, [&](auto e) { return graph_[e].link == link; });
}

bool Topology::has_out_edge(Vertex v, Link link) const {
  const auto edges = boost::out_edges(v, graph_);
  return std::any_of(edges.first, edges.second, [&](auto e) { return graph_[e].link == link; });
}

namespace {

// Boost's filtered_graph copies and default-constructs its predicate, which a
// lambda cannot be.
struct RedriveEdges {
  const Topology::Graph* graph = nullptr;
  bool operator()(Topology::Graph::edge_descriptor e) const {
    return (*graph)[e].link == Topology::Link::redrives_to;
  }
};

}  // namespace

std::vector<std::vector<std::string>> Topology::redrive_cycles() const {
  const boost::filtered_graph<Graph, RedriveEdges> redrives(graph_, RedriveEdges{&graph_});
  std::vector<std::size_t> component(boost::num_vertices(graph_));
  boost::strong_components(
      redrives, boost::make_iterator_property_map(component.begin(),
                                                  boost::get(boost::vertex_index, redrives)));

  std::map<std::size_t, std::size_t> size;
  for (const std::size_t c : component) ++size[c];
  std::vector<std::vector<std::string>> cycles;
  std::vector<bool> seen(component.size(), false);
  const auto [first, last] = boost::vertices(graph_);
  for (auto v = first; v != last; ++v) {
    const std::size_t c = component[*v];
    if (size[c] < 2 || seen[c]) continue;
    seen[c] = true;
    // Each queue has at most one dead-letter queue, so a strongly connected
    // set of queues is a single loop: follow it round once.
    std::vector<std::string> cycle;
    Vertex at = *v;
    do {
      cycle.push_back(graph_[at].name);
      for (const auto e : boost::make_iterator_range(boost::out_edges(at, redrives))) {
        at = boost::target(e, redrives);
      }
    } while (at != *v && cycle.size() <= size[c]);
    cycles.push_back(std::move(cycle));
  }
  return cycles;
}

}  // namespace edasim::scenario
