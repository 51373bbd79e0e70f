// The shape of a design as a directed graph: one vertex per component (and
// per rule of a bus), one edge per way events flow between them (producer ->
// bus, rule -> queue, queue -> its dead-letter queue, queue -> the fleet that
// reads it, stream -> consumer group, ...).
//
// Each registered kind (sim/model/kinds.def) places its own components: its
// TopologyKind, defined beside its reader, adds its vertices and then, once
// every kind's vertices exist, its edges, so references resolve whatever the
// order of declaration.
//
// Built from any SystemConfig, valid or not: a reference to a component that
// does not exist becomes an Unresolved entry instead of an edge, so `check`
// can report it. Vertices come kind by kind in build order, each kind's in
// config order, and each vertex's edges in the order the config lists them,
// so every walk over the graph is deterministic.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/model/system_config.hpp"

namespace edasim::scenario {

struct Finding;

class Topology {
 public:
  enum class Link {
    sends_to,     // producer -> bus, topic, queue, stream or chain; chain -> its bus
    has_rule,     // bus -> rule
    routes_to,    // rule -> queue, bus -> schema quarantine queue
    redrives_to,  // queue -> its dead-letter queue
    feeds,        // queue -> a fleet or function, stream -> a consumer group
    delivers_to,  // topic -> queue: an SQS subscription
    fails_to,     // topic or rule -> queue: a subscription's or target's dead-letter queue
  };

  struct Component {
    // The scenario table that declares it ("queues", "consumers"), or
    // "rules" for a rule of a bus.
    std::string_view kind;
    std::string name;
    std::string owner;      // rules only: the bus they belong to
    std::size_t index = 0;  // position in its SystemConfig vector (rules: in the bus)
  };
  struct Connection {
    Link link = Link::sends_to;
  };

  using Graph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Component, Connection>;
  using Vertex = Graph::vertex_descriptor;

  // A reference to a component that does not exist.
  struct Unresolved {
    Vertex from;
    std::string key;        // the scenario key holding the reference
    std::string_view kind;  // what the reference should name
    std::string name;
  };

  explicit Topology(const model::SystemConfig& config);

  const Graph& graph() const { return graph_; }
  const std::vector<Unresolved>& unresolved() const { return unresolved_; }

  // The component of `kind` called `name`.
  std::optional<Vertex> find(std::string_view kind, std::string_view name) const;
  // All names of one kind, in config order.
  std::vector<std::string> names(std::string_view kind) const;
  // What one component of `kind` is called in messages: "queue",
  // "consumer fleet".
  std::string noun(std::string_view kind) const;

  // Redrive cycles through two or more queues, each once, as the queue names
  // in redrive order, starting from the first queue in config order. (A queue
  // that is its own dead-letter queue is a self-loop, not listed here.)
  std::vector<std::vector<std::string>> redrive_cycles() const;

  // "queue fraud", "consumers workers", "rule main/high-value".
  std::string label(Vertex v) const;
  // Whether `v` has an incoming (outgoing) edge of `link`.
  bool has_in_edge(Vertex v, Link link) const;
  bool has_out_edge(Vertex v, Link link) const;

  // For the kinds placing their components. Names a kind: `noun` in
  // messages, `label` before a name in listings.
  void declare(std::string_view kind, std::string_view noun, std::string_view label);
  // Whether `kind` was declared: whether its components are vertices.
  bool declares(std::string_view kind) const { return names_.contains(kind); }
  Vertex add(std::string_view kind, std::string name, std::size_t index, std::string owner = {});
  // A vertex for each of `components`, in their order.
  template <class Config>
  void add_each(std::string_view kind, const std::vector<Config>& components) {
    for (std::size_t i = 0; i < components.size(); ++i) add(kind, components[i].name, i);
  }
  // from -> the component of `kind` called `name`, or an Unresolved at `key`.
  void connect(Vertex from, std::string_view kind, const std::string& name, Link link,
               std::string key);
  // The component of `kind` called `name` -> `to` (a queue feeds its fleet),
  // or an Unresolved at `key`.
  void connect_from(std::string_view kind, const std::string& name, Vertex to, Link link,
                    std::string key);
  void link(Vertex from, Vertex to, Link link);

 private:
  struct Names {
    std::string_view noun;
    std::string_view label;
  };

  Graph graph_;
  std::vector<Unresolved> unresolved_;
  std::map<std::string_view, Names> names_;
};

// A kind's place in the topology and what `check` finds on it; each kind
// defines one, <table>_topology, beside its reader. Any of the three may be
// null.
struct TopologyKind {
  // Declares the kind and adds its vertices, in config order.
  void (*add)(Topology& topology, const model::SystemConfig& config) = nullptr;
  // Adds its edges; every kind's vertices exist by then.
  void (*connect)(Topology& topology, const model::SystemConfig& config) = nullptr;
  // Appends warnings and infos about its components (errors in references
  // are the topology's own).
  void (*check)(const model::SystemConfig& config, const Topology& topology,
                std::vector<Finding>& findings) = nullptr;
};

#define EDASIM_KIND(table, Config, member, Result, receives) \
  extern const TopologyKind table##_topology;
#include "sim/model/kinds.def"

// Every kind's TopologyKind, in build order.
std::span<const TopologyKind* const> topology_kinds();

}  // namespace edasim::scenario
