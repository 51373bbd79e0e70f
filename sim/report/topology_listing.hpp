// The topology of a design as an indented listing, for `edasim check`: a
// line that counts the components, then one block per component in the order
// events flow (from the components nothing sends to, breadth first; what no
// flow reaches comes last, in vertex order), each kind's block written by its
// ReportKind.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "sim/model/system_config.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::report {

using scenario::Topology;

// What a kind's block is written with.
class TopologyListing {
 public:
  TopologyListing(std::ostream& to, const model::SystemConfig& design, const Topology& shape)
      : out(to), config(design), topology(shape), graph(shape.graph()) {}

  std::ostream& out;
  const model::SystemConfig& config;
  const Topology& topology;
  const Topology::Graph& graph;

  // The labels of what `v` links to by `link`: "queue a, queue b".
  std::string targets(Topology::Vertex v, Topology::Link link) const;
  // The labels of what links to `v`, by any link.
  std::string sources(Topology::Vertex v) const;
  // The references of `v` to components that do not exist:
  // "queue x (does not exist)".
  std::string missing(Topology::Vertex v) const;
};

// "a, b", or whichever is not empty.
std::string join(const std::string& a, const std::string& b);
// "1 queue", "3 queues".
std::string plural(std::size_t n, std::string_view one, std::string_view many);

void print(std::ostream& out, const model::SystemConfig& config, const Topology& topology);

}  // namespace edasim::report
