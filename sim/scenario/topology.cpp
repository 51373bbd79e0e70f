#include "sim/scenario/topology.hpp"

#include <algorithm>
#include <map>
#include <ostream>

#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>

#include "sim/core/units.hpp"
#include "sim/scenario/key_path.hpp"

namespace edasim::scenario {

std::string to_string(Topology::Kind kind) {
  switch (kind) {
    case Topology::Kind::producer:
      return "producer";
    case Topology::Kind::bus:
      return "bus";
    case Topology::Kind::rule:
      return "rule";
    case Topology::Kind::queue:
      return "queue";
    case Topology::Kind::fleet:
      return "consumer fleet";
    case Topology::Kind::chain:
      return "chain";
    case Topology::Kind::function:
      return "function";
    case Topology::Kind::stream:
      return "stream";
    case Topology::Kind::group:
      return "consumer group";
    case Topology::Kind::topic:
      return "topic";
  }
  return "component";
}

Topology::Kind sink_kind(ProducerConfig::Sink sink) {
  switch (sink) {
    case ProducerConfig::Sink::bus:
      return Topology::Kind::bus;
    case ProducerConfig::Sink::queue:
      return Topology::Kind::queue;
    case ProducerConfig::Sink::chain:
      return Topology::Kind::chain;
    case ProducerConfig::Sink::stream:
      return Topology::Kind::stream;
    case ProducerConfig::Sink::topic:
      return Topology::Kind::topic;
    case ProducerConfig::Sink::source:  // a poller's source is no vertex
      break;
  }
  return Topology::Kind::queue;
}

Topology::Vertex Topology::add(Kind kind, std::string name, std::size_t index, std::string bus) {
  return boost::add_vertex(Component{kind, std::move(name), std::move(bus), index}, graph_);
}

void Topology::connect(Vertex from, Kind kind, const std::string& name, Link link,
                       std::string key) {
  if (const auto to = find(kind, name)) {
    boost::add_edge(from, *to, Connection{link}, graph_);
  } else {
    unresolved_.push_back({from, std::move(key), kind, name});
  }
}

Topology::Topology(const SystemConfig& config) {
  for (std::size_t i = 0; i < config.producers.size(); ++i) {
    add(Kind::producer, config.producers[i].name, i);
  }
  for (std::size_t b = 0; b < config.buses.size(); ++b) {
    const Vertex bus = add(Kind::bus, config.buses[b].name, b);
    for (std::size_t r = 0; r < config.buses[b].rules.size(); ++r) {
      const Vertex rule = add(Kind::rule, config.buses[b].rules[r].name, r, config.buses[b].name);
      boost::add_edge(bus, rule, Connection{Link::has_rule}, graph_);
    }
  }
  for (std::size_t i = 0; i < config.topics.size(); ++i) add(Kind::topic, config.topics[i].name, i);
  for (std::size_t i = 0; i < config.queues.size(); ++i) add(Kind::queue, config.queues[i].name, i);
  for (std::size_t i = 0; i < config.fleets.size(); ++i) add(Kind::fleet, config.fleets[i].name, i);
  for (std::size_t i = 0; i < config.chains.size(); ++i) add(Kind::chain, config.chains[i].name, i);
  for (std::size_t i = 0; i < config.functions.size(); ++i) {
    add(Kind::function, config.functions[i].name, i);
  }
  for (std::size_t i = 0; i < config.streams.size(); ++i)
    add(Kind::stream, config.streams[i].name, i);
  for (std::size_t i = 0; i < config.groups.size(); ++i) add(Kind::group, config.groups[i].name, i);

  // Edges come after every vertex exists, so references resolve whatever the
  // order of declaration.
  for (std::size_t i = 0; i < config.producers.size(); ++i) {
    const ProducerConfig& p = config.producers[i];
    // Pollers' sources are checked by check_point_to_point_and_polling.
    if (p.sink == ProducerConfig::Sink::source) continue;
    const Kind kind = sink_kind(p.sink);
    const std::string to = child_path(child_path("producers", p.name), "to");
    if (p.targets.empty()) {
      connect(*find(Kind::producer, p.name), kind, p.target, Link::sends_to, to);
      continue;
    }
    for (std::size_t t = 0; t < p.targets.size(); ++t) {
      // Unknown names in a list are reported by check_point_to_point_and_polling.
      if (find(kind, p.targets[t]))
        connect(*find(Kind::producer, p.name), kind, p.targets[t], Link::sends_to, to);
    }
  }
  for (const ChainConfig& c : config.chains) {
    for (std::size_t s = 0; s < c.steps.size(); ++s) {
      if (!c.steps[s].publish) continue;
      connect(*find(Kind::chain, c.name), Kind::bus, *c.steps[s].publish, Link::sends_to,
              element_path(child_path(child_path("chains", c.name), "steps"), s) + ".publish");
    }
  }
  const auto [first, last] = boost::vertices(graph_);
  for (auto v = first; v != last; ++v) {
    const Component& c = graph_[*v];
    if (c.kind != Kind::rule) continue;
    const auto bus = std::find_if(config.buses.begin(), config.buses.end(),
                                  [&](const BusConfig& bc) { return bc.name == c.bus; });
    const std::string rule_key =
        element_path(child_path(child_path("buses", c.bus), "rules"), c.index);
    const RuleConfig& rule = bus->rules[c.index];
    for (std::size_t t = 0; t < rule.targets.size(); ++t) {
      const std::string target_key = element_path(child_path(rule_key, "targets"), t);
      const TargetPolicy policy = rule.policy(t);
      connect(*v, Kind::queue, rule.targets[t], Link::routes_to, target_key);
      if (policy.dead_letter_queue) {
        connect(*v, Kind::queue, *policy.dead_letter_queue, Link::fails_to,
                child_path(target_key, "dead_letter_queue"));
      }
    }
  }
  for (const BusConfig& b : config.buses) {
    for (std::size_t i = 0; i < b.schemas.size(); ++i) {
      if (b.schemas[i].quarantine_queue.empty()) continue;
      connect(*find(Kind::bus, b.name), Kind::queue, b.schemas[i].quarantine_queue, Link::routes_to,
              element_path(child_path(child_path("buses", b.name), "schemas"), i) +
                  ".quarantine_queue");
    }
  }
  for (const TopicConfig& t : config.topics) {
    const Vertex topic = *find(Kind::topic, t.name);
    for (const SubscriptionConfig& s : t.subscriptions) {
      const std::string key =
          child_path(child_path(child_path("topics", t.name), "subscriptions"), s.name);
      // A missing queue name is the reader's to report.
      if (s.protocol == SubscriptionConfig::Protocol::sqs && !s.queue.empty()) {
        connect(topic, Kind::queue, s.queue, Link::delivers_to, child_path(key, "queue"));
      }
      if (s.dead_letter_queue) {
        connect(topic, Kind::queue, *s.dead_letter_queue, Link::fails_to,
                child_path(key, "dead_letter_queue"));
      }
    }
  }
  for (const QueueConfig& q : config.queues) {
    if (!q.dead_letter_queue) continue;
    connect(*find(Kind::queue, q.name), Kind::queue, *q.dead_letter_queue, Link::redrives_to,
            child_path(child_path("queues", q.name), "dead_letter_queue"));
  }
  for (const FleetConfig& f : config.fleets) {
    // The edge runs with the flow of messages: queue -> fleet.
    connect_consumer(*find(Kind::fleet, f.name), f.queue,
                     child_path(child_path("consumers", f.name), "queue"));
  }
  for (const LambdaConfig& f : config.functions) {
    connect_consumer(*find(Kind::function, f.name), f.queue,
                     child_path(child_path("functions", f.name), "queue"));
  }
  for (const ConsumerGroupConfig& g : config.groups) {
    const Vertex group = *find(Kind::group, g.name);
    const std::string key = child_path(child_path("consumer_groups", g.name), "stream");
    if (const auto stream = find(Kind::stream, g.stream)) {
      boost::add_edge(*stream, group, Connection{Link::feeds}, graph_);
    } else {
      unresolved_.push_back({group, key, Kind::stream, g.stream});
    }
  }
}

void Topology::connect_consumer(Vertex consumer, const std::string& queue, std::string key) {
  if (const auto q = find(Kind::queue, queue)) {
    boost::add_edge(*q, consumer, Connection{Link::feeds}, graph_);
  } else {
    unresolved_.push_back({consumer, std::move(key), Kind::queue, queue});
  }
}

std::optional<Topology::Vertex> Topology::find(Kind kind, std::string_view name) const {
  if (kind == Kind::rule) return std::nullopt;
  const auto [first, last] = boost::vertices(graph_);
  for (auto v = first; v != last; ++v) {
    if (graph_[*v].kind == kind && graph_[*v].name == name) return *v;
  }
  return std::nullopt;
}

std::vector<std::string> Topology::names(Kind kind) const {
  std::vector<std::string> out;
  const auto [first, last] = boost::vertices(graph_);
  for (auto v = first; v != last; ++v) {
    if (graph_[*v].kind == kind) out.push_back(graph_[*v].name);
  }
  return out;
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

std::string Topology::label(Vertex v) const {
  const Component& c = graph_[v];
  if (c.kind == Kind::rule) return "rule " + c.bus + "/" + c.name;
  if (c.kind == Kind::fleet) return "consumers " + c.name;
  return to_string(c.kind) + " " + c.name;
}

namespace {

template <class Count>
std::string plural(Count n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

void print(std::ostream& out, const SystemConfig& config, const Topology& topology) {
  const Topology::Graph& g = topology.graph();
  std::size_t rules = 0;
  for (const BusConfig& bus : config.buses) rules += bus.rules.size();
  out << "scenario " << config.name << ": "
      << plural(config.producers.size(), "producer", "producers") << ", "
      << plural(config.buses.size(), "bus", "buses");
  if (rules > 0) out << " with " << plural(rules, "rule", "rules");
  if (!config.topics.empty()) out << ", " << plural(config.topics.size(), "topic", "topics");
  out << ", " << plural(config.queues.size(), "queue", "queues") << ", "
      << plural(config.fleets.size(), "consumer fleet", "consumer fleets");
  if (!config.functions.empty()) {
    out << ", " << plural(config.functions.size(), "function", "functions");
  }
  if (!config.streams.empty()) {
    out << ", " << plural(config.streams.size(), "stream", "streams") << ", "
        << plural(config.groups.size(), "consumer group", "consumer groups");
  }
  out << "\n";

  // Unresolved references print where their edge would have been.
  const auto missing = [&](Topology::Vertex v, Topology::Kind kind) {
    std::string text;
    for (const Topology::Unresolved& u : topology.unresolved()) {
      if (u.from == v && u.kind == kind) {
        text += (text.empty() ? "" : ", ") + to_string(kind) + " " + u.name + " (does not exist)";
      }
    }
    return text;
  };
  const auto targets = [&](Topology::Vertex v, Topology::Link link) {
    std::string text;
    for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
      if (g[e].link != link) continue;
      text += (text.empty() ? "" : ", ") + topology.label(boost::target(e, g));
    }
    return text;
  };
  const auto join = [](std::string a, const std::string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return a + ", " + b;
  };

  for (const auto v : boost::make_iterator_range(boost::vertices(g))) {
    const Topology::Component& c = g[v];
    switch (c.kind) {
      case Topology::Kind::producer: {
        const ProducerConfig& p = config.producers[c.index];
        out << "\n" << topology.label(v) << " (" << format_rate(p.arrival.rate) << ")\n";
        out << "  -> " << join(targets(v, Topology::Link::sends_to), missing(v, sink_kind(p.sink)))
            << "\n";
        break;
      }
      case Topology::Kind::topic: {
        const TopicConfig& t = config.topics[c.index];
        out << "\n" << topology.label(v) << (t.fifo ? " (FIFO)" : "") << "\n";
        if (t.subscriptions.empty()) out << "  no subscriptions\n";
        for (const SubscriptionConfig& s : t.subscriptions) {
          out << "  subscription " << s.name << " -> "
              << (s.protocol == SubscriptionConfig::Protocol::sqs ? "queue " + s.queue
                  : s.protocol == SubscriptionConfig::Protocol::http
                      ? std::string("http endpoint")
                      : std::string("lambda endpoint"));
          if (s.filter_policy) {
            out << (s.filter_scope == SubscriptionConfig::FilterScope::message_body
                        ? " (body filter)"
                        : " (attribute filter)");
          }
          if (s.dead_letter_queue) out << ", failed deliveries -> queue " << *s.dead_letter_queue;
          out << "\n";
        }
        const std::string absent = missing(v, Topology::Kind::queue);
        if (!absent.empty()) out << "  " << absent << "\n";
        break;
      }
      case Topology::Kind::bus:
        out << "\n" << topology.label(v) << "\n";
        if (boost::out_degree(v, g) == 0) out << "  no rules\n";
        break;
      case Topology::Kind::rule: {
        const std::string to =
            join(targets(v, Topology::Link::routes_to), missing(v, Topology::Kind::queue));
        out << "  rule " << c.name << " -> " << (to.empty() ? "no targets" : to) << "\n";
        const std::string dlqs = targets(v, Topology::Link::fails_to);
        if (!dlqs.empty()) out << "    deliveries given up -> " << dlqs << "\n";
        break;
      }
      case Topology::Kind::queue: {
        const QueueConfig& q = config.queues[c.index];
        out << "\n"
            << topology.label(v) << " (visibility " << format_duration(q.visibility_timeout)
            << ", retention " << format_duration(q.retention) << ")\n";
        std::string sources;
        for (const auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
          if (g[e].link != Topology::Link::redrives_to) continue;
          sources += (sources.empty() ? "" : ", ") + g[boost::source(e, g)].name;
        }
        if (!sources.empty()) out << "  dead-letter queue of " << sources << "\n";
        const std::string consumers = targets(v, Topology::Link::feeds);
        out << "  " << (consumers.empty() ? "no consumer" : "consumed by " + consumers) << "\n";
        if (q.dead_letter_queue) {
          const std::string dlq =
              join(targets(v, Topology::Link::redrives_to), missing(v, Topology::Kind::queue));
          out << "  after " << q.max_receive_count << " receives -> " << dlq << "\n";
        }
        break;
      }
      case Topology::Kind::fleet: {
        const FleetConfig& f = config.fleets[c.index];
        out << "\n"
            << topology.label(v) << " (" << plural(f.instances, "instance", "instances") << " x "
            << plural(f.pollers_per_instance, "poller", "pollers") << ", batch " << f.batch_size;
        if (f.autoscaling.enabled) {
          out << ", autoscaled " << f.autoscaling.min_instances << ".."
              << f.autoscaling.max_instances;
        }
        out << ")\n";
        std::string queue;
        for (const auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
          queue += (queue.empty() ? "" : ", ") + topology.label(boost::source(e, g));
        }
        out << "  reads " << join(queue, missing(v, Topology::Kind::queue)) << "\n";
        for (const auto& [call, count] : f.calls) {
          out << "  calls " << call << " x " << count << "\n";
        }
        break;
      }
      case Topology::Kind::chain: {
        const ChainConfig& chain = config.chains[c.index];
        out << "\n"
            << topology.label(v) << " (" << plural(chain.steps.size(), "step", "steps") << ")\n";
        for (const ChainStep& step : chain.steps) {
          std::string calls;
          for (const std::string& api : step.apis) calls += (calls.empty() ? "" : " + ") + api;
          out << "  " << (step.publish ? "publishes to bus " + *step.publish : "calls " + calls)
              << (step.optional ? " (optional)" : "") << "\n";
        }
        break;
      }
      case Topology::Kind::function: {
        const LambdaConfig& f = config.functions[c.index];
        out << "\n"
            << topology.label(v) << " (Lambda, " << f.memory_mb << " MB, timeout "
            << format_duration(f.timeout) << ", batch " << f.batch_size << ", up to "
            << f.concurrency_cap() << " concurrent)\n";
        std::string queue;
        for (const auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
          queue += (queue.empty() ? "" : ", ") + topology.label(boost::source(e, g));
        }
        out << "  reads " << join(queue, missing(v, Topology::Kind::queue)) << "\n";
        break;
      }
      case Topology::Kind::stream: {
        const StreamConfig& s = config.streams[c.index];
        const bool kinesis = s.kind == StreamConfig::Kind::kinesis;
        out << "\n"
            << topology.label(v) << " (" << (kinesis ? "Kinesis, " : "Kafka, ")
            << plural(s.partitions, kinesis ? "shard" : "partition",
                      kinesis ? "shards" : "partitions")
            << ", retention " << format_duration(s.retention) << ")\n";
        const std::string groups = targets(v, Topology::Link::feeds);
        out << "  " << (groups.empty() ? "no consumer group" : "read by " + groups) << "\n";
        break;
      }
      case Topology::Kind::group: {
        const ConsumerGroupConfig& gc = config.groups[c.index];
        out << "\n"
            << topology.label(v) << " (" << plural(gc.consumers, "consumer", "consumers")
            << ", batch " << gc.batch << ")\n";
        std::string stream;
        for (const auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
          stream += (stream.empty() ? "" : ", ") + topology.label(boost::source(e, g));
        }
        out << "  reads " << join(stream, missing(v, Topology::Kind::stream)) << "\n";
        break;
      }
    }
  }
}

}  // namespace edasim::scenario
