// [reads.NAME]: a query workload of a read model. Customers write (a root
// producer's events) and later read the view a projection keeps: `view`
// names the consumer fleet or Lambda function whose successful processing
// updates it, `from` the producer whose events are written (by default
// every producer whose events reach the view), `share` the probability that
// a write is followed by a query and `after` the delay from the write to it.
#include <algorithm>
#include <deque>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/scenario/check.hpp"
#include "sim/scenario/components.hpp"
#include "sim/scenario/distribution_reader.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

namespace {

const Keys& read_keys() {
  static const Keys keys{
      "a query workload of a read model",
      {
          text("view",
               "the projection whose successful processing of an event updates the read model: "
               "\"function.NAME\" or \"consumer.NAME\"")
              .require(),
          text("from",
               "the root producer whose events are written, \"producer.NAME\" (default: every "
               "producer whose events reach the view)"),
          number("share", probability,
                 "the probability that a written event is followed by a query"),
          distribution("after", "from the written event's production to its query (a duration)")
              .require(),
      }};
  return keys;
}

std::vector<std::string> view_names(const model::SystemConfig& config) {
  std::vector<std::string> out;
  for (const model::FunctionConfig& f : config.functions) out.push_back("function." + f.name);
  for (const model::FleetConfig& f : config.fleets) out.push_back("consumer." + f.name);
  return out;
}

std::string no_such(std::string_view what, const std::string& name,
                    const std::vector<std::string>& known) {
  std::string message = "no " + std::string(what) + " named \"" + name + "\"";
  if (auto near = closest(name, known)) message += "; did you mean \"" + *near + "\"?";
  return message;
}

// Whether events of the producer at `from` can reach `to` on the topology's
// edges (routes, feeds, emits).
bool reaches(const Topology& topology, Topology::Vertex from, Topology::Vertex to) {
  const Topology::Graph& g = topology.graph();
  std::vector<bool> seen(boost::num_vertices(g), false);
  std::deque<Topology::Vertex> next{from};
  seen[from] = true;
  while (!next.empty()) {
    const Topology::Vertex v = next.front();
    next.pop_front();
    if (v == to) return true;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      const Topology::Vertex w = boost::target(*e, g);
      if (!seen[w]) {
        seen[w] = true;
        next.push_back(w);
      }
    }
  }
  return false;
}

model::ReadConfig read_one(Section& section, const std::string& name,
                           const model::SystemConfig& config) {
  model::ReadConfig r;
  r.name = name;
  std::string view;
  section.require("view");
  bool view_ok = false;
  if (section.read("view", view)) {
    const auto dot = view.find('.');
    const std::string prefix = dot == std::string::npos ? "" : view.substr(0, dot);
    const std::string component = dot == std::string::npos ? view : view.substr(dot + 1);
    if (prefix == "function") {
      r.view_kind = "functions";
    } else if (prefix == "consumer") {
      r.view_kind = "consumers";
    } else {
      section.report("view",
                     "expected \"function.NAME\" or \"consumer.NAME\" (the projection that updates "
                     "the read model), got \"" +
                         view + "\"");
    }
    r.view = component;
    if (!r.view_kind.empty()) {
      const bool found = r.view_kind == "functions"
                             ? find_named(config.functions, component) != nullptr
                             : find_named(config.fleets, component) != nullptr;
      if (!found) {
        section.report("view", no_such(r.view_kind == "functions" ? "function" : "consumer fleet",
                                       view, view_names(config)));
      }
      view_ok = found;
    }
  }
  std::string from;
  bool from_ok = true;
  if (section.read("from", from)) {
    std::vector<std::string> producers;
    for (const model::ProducerConfig& p : config.producers)
      producers.push_back("producer." + p.name);
    if (!from.starts_with("producer.")) {
      section.report("from", "expected \"producer.NAME\", got \"" + from + "\"");
      from_ok = false;
    } else if (find_named(config.producers, from.substr(9)) == nullptr) {
      section.report("from", no_such("producer", from, producers));
      from_ok = false;
    } else {
      r.from.push_back(from.substr(9));
    }
  }
  section.read("share", r.share, probability);
  if (section.has("after")) {
    read_duration_distribution(section, "after", r.after);
  } else {
    section.require("after");
  }
  section.finish();

  // The producers whose events reach the view: the default `from`, and a
  // check of a given one (its queries would all be stale otherwise).
  if (view_ok && from_ok) {
    const Topology topology(config);
    const auto v = topology.find(r.view_kind, r.view);
    std::vector<std::string> reaching;
    for (const model::ProducerConfig& p : config.producers) {
      const auto pv = topology.find("producers", p.name);
      if (v && pv && reaches(topology, *pv, *v)) reaching.push_back(p.name);
    }
    if (r.from.empty()) {
      r.from = reaching;
      if (reaching.empty())
        section.report("view", "no producer's events reach " + view + ": nothing is written to it");
    } else if (std::find(reaching.begin(), reaching.end(), r.from.front()) == reaching.end()) {
      section.report("from", "the events of " + from + " never reach " + view +
                                 ": every query would read a stale view");
    }
  }
  return r;
}

}  // namespace

Key reads_key() {
  return named("reads", read_keys(),
               "query workloads of read models: queries after writes, fresh or stale, by name");
}

void read_reads(Section& root, model::SystemConfig& config) {
  read_named(root, "reads", config.reads, [&](Section& section, const std::string& name) {
    return read_one(section, name, config);
  });
}

// No vertices: a query is no stop on the way events flow.
const TopologyKind reads_topology{};

}  // namespace edasim::scenario
