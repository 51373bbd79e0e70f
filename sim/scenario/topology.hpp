// The shape of a design as a directed graph: producers, buses, rules, topics,
// queues, consumer fleets, Lambda functions, streams, consumer groups and
// call chains, linked the way events flow (producer -> bus, topic, queue,
// stream or chain, bus -> rule -> queue, topic -> queue for SQS
// subscriptions and subscription dead-letter queues, queue -> dead-letter
// queue, queue -> fleet or function, stream -> consumer group, chain -> the
// bus it publishes to). Topics follow the buses in vertex order.
//
// Built from any SystemConfig, valid or not: a reference to a component that
// does not exist becomes an Unresolved entry instead of an edge, so `check`
// can report it. Vertices are added in config order (producers, then each bus
// followed by its rules, queues, fleets), and each vertex's edges in the
// order the config lists them (functions, streams and consumer groups come
// after fleets), so every walk over the graph is
// deterministic.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/model/system_config.hpp"

namespace edasim::scenario {

class Topology {
 public:
  enum class Kind { producer, bus, rule, queue, fleet, topic, function, stream, group, chain };
  enum class Link {
    sends_to,     // producer -> bus, topic, queue, stream or chain; chain -> its bus
    has_rule,     // bus -> rule
    routes_to,    // rule -> queue
    redrives_to,  // queue -> its dead-letter queue
    feeds,        // queue -> a fleet or function, stream -> a consumer group
    delivers_to,  // topic -> queue: an SQS subscription
    fails_to,     // topic or rule -> queue: a subscription's or target's dead-letter queue
  };

  struct Component {
    Kind kind = Kind::producer;
    std::string name;
    std::string bus;        // rules only: the bus they belong to
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
    std::string key;  // the scenario key holding the reference
    Kind kind;        // what the reference should name
    std::string name;
  };

  explicit Topology(const SystemConfig& config);

  const Graph& graph() const { return graph_; }
  const std::vector<Unresolved>& unresolved() const { return unresolved_; }

  // The producer, bus, topic, queue or fleet called `name`.
  std::optional<Vertex> find(Kind kind, std::string_view name) const;
  // All names of one kind, in config order.
  std::vector<std::string> names(Kind kind) const;

  // Redrive cycles through two or more queues, each once, as the queue names
  // in redrive order, starting from the first queue in config order. (A queue
  // that is its own dead-letter queue is a self-loop, not listed here.)
  std::vector<std::vector<std::string>> redrive_cycles() const;

  // "queue fraud", "rule main/high-value".
  std::string label(Vertex v) const;

 private:
  Vertex add(Kind kind, std::string name, std::size_t index, std::string bus = {});
  void connect(Vertex from, Kind kind, const std::string& name, Link link, std::string key);
  // queue -> consumer (a fleet or a function), with the flow of messages.
  void connect_consumer(Vertex consumer, const std::string& queue, std::string key);

  Graph graph_;
  std::vector<Unresolved> unresolved_;
};

std::string to_string(Topology::Kind kind);

// The kind of component a producer's events go to.
Topology::Kind sink_kind(ProducerConfig::Sink sink);

// The topology as an indented listing, one component per block in vertex
// order, for `edasim check`.
void print(std::ostream& out, const SystemConfig& config, const Topology& topology);

}  // namespace edasim::scenario
