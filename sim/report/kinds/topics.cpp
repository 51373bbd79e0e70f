#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_topic(TopologyListing& l, Topology::Vertex v) {
  const TopicConfig& t = l.config.topics[l.graph[v].index];
  l.out << "\n" << l.topology.label(v) << (t.fifo ? " (FIFO)" : "") << "\n";
  if (t.subscriptions.empty()) l.out << "  no subscriptions\n";
  for (const SubscriptionConfig& s : t.subscriptions) {
    l.out << "  subscription " << s.name << " -> "
          << (s.protocol == SubscriptionConfig::Protocol::sqs    ? "queue " + s.queue
              : s.protocol == SubscriptionConfig::Protocol::http ? std::string("http endpoint")
                                                                 : std::string("lambda endpoint"));
    if (s.filter_policy) {
      l.out << (s.filter_scope == SubscriptionConfig::FilterScope::message_body
                    ? " (body filter)"
                    : " (attribute filter)");
    }
    if (s.dead_letter_queue) l.out << ", failed deliveries -> queue " << *s.dead_letter_queue;
    l.out << "\n";
  }
  const std::string absent = l.missing(v);
  if (!absent.empty()) l.out << "  " << absent << "\n";
}

}  // namespace

const ReportKind topics_report{"topic", "topics", nullptr, list_topic};

}  // namespace edasim::report
