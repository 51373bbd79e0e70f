#include "sim/scenario/check.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>

#include "sim/core/units.hpp"
#include "sim/scenario/key_path.hpp"

namespace edasim::scenario {

std::string to_string(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "info";
  }
  return "finding";
}

namespace {

using Graph = Topology::Graph;
using Vertex = Topology::Vertex;

std::string queue_key(const std::string& name) {
  return child_path("queues", name);
}

void unresolved(const Topology& topology, std::vector<Finding>& findings) {
  for (const Topology::Unresolved& u : topology.unresolved()) {
    std::string message = to_string(u.kind) + " \"" + u.name + "\" does not exist";
    if (const auto guess = closest(u.name, topology.names(u.kind))) {
      message += "; did you mean \"" + *guess + "\"?";
    }
    findings.push_back({Severity::error, u.key, message});
  }
}

bool has_in_edge(const Graph& g, Vertex v, Topology::Link link) {
  const auto edges = boost::in_edges(v, g);
  return std::any_of(edges.first, edges.second, [&](auto e) { return g[e].link == link; });
}

bool has_out_edge(const Graph& g, Vertex v, Topology::Link link) {
  const auto edges = boost::out_edges(v, g);
  return std::any_of(edges.first, edges.second, [&](auto e) { return g[e].link == link; });
}

void redrives(const SystemConfig& config, const Topology& topology,
              std::vector<Finding>& findings) {
  for (const QueueConfig& q : config.queues) {
    if (q.dead_letter_queue == q.name) {
      findings.push_back({Severity::error, child_path(queue_key(q.name), "dead_letter_queue"),
                          "a queue cannot be its own dead-letter queue"});
    }
  }
  for (const QueueConfig& q : config.queues) {
    if (!q.redrive) continue;
    const auto v = topology.find(Topology::Kind::queue, q.name);
    if (v && !has_in_edge(topology.graph(), *v, Topology::Link::redrives_to)) {
      findings.push_back({Severity::error, child_path(queue_key(q.name), "redrive"),
                          "a redrive moves messages back from a dead-letter queue, and no queue "
                          "names " +
                              q.name + " as its dead_letter_queue"});
    }
  }
  for (const auto& cycle : topology.redrive_cycles()) {
    std::string loop;
    for (const std::string& name : cycle) loop += name + " -> ";
    loop += cycle.front();
    findings.push_back(
        {Severity::error, child_path(queue_key(cycle.front()), "dead_letter_queue"),
         "redrive cycle " + loop + ": failed messages would move between these queues forever"});
  }
}

const QueueConfig* find_queue(const SystemConfig& config, const std::string& name) {
  for (const QueueConfig& q : config.queues) {
    if (q.name == name) return &q;
  }
  return nullptr;
}

// SQS pairs FIFO queues with FIFO dead-letter queues, and every send to a
// FIFO queue carries a MessageGroupId (services.md §1.3, §1.10).
void fifo_findings(const SystemConfig& config, std::vector<Finding>& findings) {
  for (const QueueConfig& q : config.queues) {
    if (!q.dead_letter_queue) continue;
    const QueueConfig* dlq = find_queue(config, *q.dead_letter_queue);
    if (dlq == nullptr || dlq->fifo.has_value() == q.fifo.has_value()) continue;
    findings.push_back({Severity::error, child_path(queue_key(q.name), "dead_letter_queue"),
                        q.fifo ? "the dead-letter queue of a FIFO queue must be a FIFO queue"
                               : "the dead-letter queue of a standard queue must be a standard "
                                 "queue"});
  }
  for (const ProducerConfig& p : config.producers) {
    if (!p.message_group_field.empty()) continue;
    bool fifo = false;
    if (p.sink == ProducerConfig::Sink::queue) {
      const QueueConfig* q = find_queue(config, p.target);
      fifo = q != nullptr && q->fifo;
    }
    for (const TopicConfig& t : config.topics) {
      if (p.sink == ProducerConfig::Sink::topic && t.name == p.target) fifo = t.fifo;
    }
    if (!fifo) continue;
    findings.push_back({Severity::error, child_path("producers", p.name),
                        p.target +
                            " is FIFO: set message_group_id to the event field whose value is "
                            "each message's group"});
  }
  // A rule target's dead-letter queue is a standard queue (§2.4).
  for (const BusConfig& b : config.buses) {
    for (std::size_t r = 0; r < b.rules.size(); ++r) {
      for (std::size_t t = 0; t < b.rules[r].targets.size(); ++t) {
        const TargetPolicy policy = b.rules[r].policy(t);
        if (!policy.dead_letter_queue) continue;
        const QueueConfig* q = find_queue(config, *policy.dead_letter_queue);
        if (q == nullptr || !q->fifo) continue;
        const std::string key = element_path(
            child_path(element_path(child_path(child_path("buses", b.name), "rules"), r),
                       "targets"),
            t);
        findings.push_back({Severity::error, child_path(key, "dead_letter_queue"),
                            "an EventBridge target's dead-letter queue must be a standard queue, "
                            "and " +
                                q->name + " is a FIFO queue"});
      }
    }
  }
  // SNS FIFO topics deliver only to SQS FIFO queues, standard topics only to
  // standard queues, and a FIFO topic's subscription DLQ is a FIFO queue
  // (§3.4, §3.5).
  for (const TopicConfig& t : config.topics) {
    for (const SubscriptionConfig& s : t.subscriptions) {
      const std::string key =
          child_path(child_path(child_path("topics", t.name), "subscriptions"), s.name);
      for (const auto& [field, name] : {std::pair<std::string, std::string>{"queue", s.queue},
                                        {"dead_letter_queue", s.dead_letter_queue.value_or("")}}) {
        const QueueConfig* q = find_queue(config, name);
        if (q == nullptr || q->fifo.has_value() == t.fifo) continue;
        findings.push_back({Severity::error, child_path(key, field),
                            t.fifo ? "a FIFO topic delivers only to FIFO queues, and " + name +
                                         " is a standard queue"
                                   : "a standard topic delivers only to standard queues, and " +
                                         name + " is a FIFO queue"});
      }
    }
  }
}

void queue_findings(const SystemConfig& config, const Topology& topology, Vertex v,
                    std::vector<Finding>& findings) {
  const Graph& g = topology.graph();
  const QueueConfig& q = config.queues[g[v].index];
  const std::string key = queue_key(q.name);
  const bool is_dlq =
      has_in_edge(g, v, Topology::Link::redrives_to) || has_in_edge(g, v, Topology::Link::fails_to);
  const bool is_fed = has_in_edge(g, v, Topology::Link::sends_to) ||
                      has_in_edge(g, v, Topology::Link::routes_to) ||
                      has_in_edge(g, v, Topology::Link::delivers_to);
  const bool consumed = has_out_edge(g, v, Topology::Link::feeds);
  const std::string retention = format_duration(q.retention);

  if (!is_fed && !is_dlq) {
    findings.push_back({Severity::warning, key,
                        "nothing sends to queue " + q.name + ": no producer or rule targets it"});
  }
  if (!consumed && is_dlq && !is_fed) {
    findings.push_back({Severity::info, key,
                        "dead-letter queue " + q.name +
                            " has no consumer, which is normal: failed messages wait there for "
                            "inspection or redrive and expire " +
                            retention + " after they were first sent"});
  } else if (!consumed) {
    findings.push_back(
        {Severity::warning, key,
         "nobody consumes queue " + q.name + ": its messages will expire after " + retention});
  }

  // A standard DLQ keeps a message's original enqueue time (services.md
  // §1.3), so a DLQ that retains less than its source can drop a failed
  // message almost at once.
  for (const auto e : boost::make_iterator_range(boost::out_edges(v, g))) {
    if (g[e].link != Topology::Link::redrives_to) continue;
    const QueueConfig& dlq = config.queues[g[boost::target(e, g)].index];
    if (dlq.name != q.name && dlq.retention < q.retention) {
      findings.push_back({Severity::warning, child_path(key, "dead_letter_queue"),
                          "dead-letter queue " + dlq.name + " retains messages for " +
                              format_duration(dlq.retention) + ", less than " + q.name + " (" +
                              retention +
                              "); expiry counts from the first send, so failed messages may "
                              "expire soon after they arrive"});
    }
  }
}

void fleet_findings(const SystemConfig& config, const Topology& topology, Vertex v,
                    std::vector<Finding>& findings) {
  const Graph& g = topology.graph();
  const FleetConfig& f = config.fleets[g[v].index];
  for (const auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
    const QueueConfig& q = config.queues[g[boost::source(e, g)].index];
    // A poller works through its batch one message at a time; the last one
    // waits for all the others while its visibility timeout runs.
    const double mean = f.processing.seconds().mean();
    const double batch_time = mean * f.batch_size;
    if (std::isfinite(batch_time) && batch_time > q.visibility_timeout.seconds()) {
      findings.push_back({Severity::warning, child_path(child_path("consumers", f.name), "batch"),
                          "a batch of " + std::to_string(f.batch_size) + " takes " +
                              format_duration(from_seconds(batch_time)) +
                              " on average, longer than the visibility timeout of queue " + q.name +
                              " (" + format_duration(q.visibility_timeout) +
                              "): messages will be delivered again while still being processed"});
    }
  }
}

// Lambda refuses an event source mapping whose function timeout exceeds the
// queue's visibility timeout, and recommends six times the timeout (plus the
// batching window) so that throttled batches can be retried (services.md
// §4.3).
void function_findings(const SystemConfig& config, const Topology& topology, Vertex v,
                       std::vector<Finding>& findings) {
  const Graph& g = topology.graph();
  const LambdaConfig& f = config.functions[g[v].index];
  const std::string key = child_path("functions", f.name);
  for (const auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
    const QueueConfig& q = config.queues[g[boost::source(e, g)].index];
    if (f.timeout > q.visibility_timeout) {
      findings.push_back({Severity::error, child_path(key, "timeout"),
                          "the function timeout (" + format_duration(f.timeout) +
                              ") exceeds the visibility timeout of queue " + q.name + " (" +
                              format_duration(q.visibility_timeout) +
                              "); Lambda refuses such an event source mapping"});
    } else if (f.timeout * 6 + f.batching_window > q.visibility_timeout) {
      findings.push_back(
          {Severity::warning, child_path(key, "timeout"),
           "queue " + q.name + " has a visibility timeout of " +
               format_duration(q.visibility_timeout) +
               "; AWS recommends at least 6 x the function timeout plus the batching window (" +
               format_duration(f.timeout * 6 + f.batching_window) +
               ") so that throttled batches can be retried before they return"});
    }
    if (q.dead_letter_queue && q.max_receive_count < 5) {
      findings.push_back({Severity::warning, child_path(queue_key(q.name), "max_receive_count"),
                          "queue " + q.name + " feeds function " + f.name +
                              " with max_receive_count " + std::to_string(q.max_receive_count) +
                              "; AWS recommends at least 5, as throttles spend receives too"});
    }
  }
}

}  // namespace

std::vector<Finding> check(const SystemConfig& config, const Topology& topology,
                           std::span<const ExtraCheck> extra) {
  std::vector<Finding> findings;
  if (config.producers.empty()) {
    findings.push_back(
        {Severity::warning, "producers", "the design has no producers: no event will be sent"});
  }
  unresolved(topology, findings);
  redrives(config, topology, findings);
  fifo_findings(config, findings);

  const Graph& g = topology.graph();
  for (const auto v : boost::make_iterator_range(boost::vertices(g))) {
    switch (g[v].kind) {
      case Topology::Kind::bus: {
        const std::string key = child_path("buses", g[v].name);
        if (boost::out_degree(v, g) == 0) {
          findings.push_back(
              {Severity::warning, key,
               "bus " + g[v].name + " has no rules: every event put on it is billed and dropped"});
        }
        if (boost::in_degree(v, g) == 0) {
          findings.push_back({Severity::warning, key, "no producer sends to bus " + g[v].name});
        }
        break;
      }
      case Topology::Kind::queue:
        queue_findings(config, topology, v, findings);
        break;
      case Topology::Kind::fleet:
        fleet_findings(config, topology, v, findings);
        break;
      case Topology::Kind::function:
        function_findings(config, topology, v, findings);
        break;
      case Topology::Kind::stream:
        if (!has_out_edge(g, v, Topology::Link::feeds)) {
          findings.push_back({Severity::warning, child_path("streams", g[v].name),
                              "no consumer group reads stream " + g[v].name +
                                  ": its records expire after the retention"});
        }
        break;
      case Topology::Kind::group:
        break;
      case Topology::Kind::topic: {
        const std::string key = child_path("topics", g[v].name);
        if (config.topics[g[v].index].subscriptions.empty()) {
          findings.push_back({Severity::warning, key,
                              "topic " + g[v].name +
                                  " has no subscriptions: every message published to it is "
                                  "billed and dropped"});
        }
        if (!has_in_edge(g, v, Topology::Link::sends_to)) {
          findings.push_back(
              {Severity::warning, key, "no producer publishes to topic " + g[v].name});
        }
        break;
      }
      case Topology::Kind::producer:
      case Topology::Kind::rule:
      case Topology::Kind::chain:
        break;
    }
  }
  for (const ExtraCheck& more : extra) more(config, topology, findings);
  return findings;
}

void print(std::ostream& out, std::span<const Finding> findings) {
  if (findings.empty()) {
    out << "no findings\n";
    return;
  }
  for (const Severity severity : {Severity::error, Severity::warning, Severity::info}) {
    for (const Finding& f : findings) {
      if (f.severity != severity) continue;
      out << to_string(f.severity) << ": " << f.key << ": " << f.message << "\n";
    }
  }
}

}  // namespace edasim::scenario
