#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_topic(TopologyListing& l, Topology::Vertex v) {
  const model::TopicConfig& t = l.config.topics[l.graph[v].index];
  l.out << "\n" << l.topology.label(v) << (t.fifo ? " (FIFO)" : "") << "\n";
  if (t.subscriptions.empty()) l.out << "  no subscriptions\n";
  for (const model::SubscriptionConfig& s : t.subscriptions) {
    l.out << "  subscription " << s.name << " -> "
          << (s.protocol == model::SubscriptionConfig::Protocol::sqs ? "queue " + s.queue
              : s.protocol == model::SubscriptionConfig::Protocol::http
                  ? std::string("http endpoint")
                  : std::string("lambda endpoint"));
    if (s.filter_policy) {
      l.out << (s.filter_scope == model::SubscriptionConfig::FilterScope::message_body
                    ? " (body filter)"
                    : " (attribute filter)");
    }
    if (s.dead_letter_queue) l.out << ", failed deliveries -> queue " << *s.dead_letter_queue;
    l.out << "\n";
  }
  const std::string absent = l.missing(v);
  if (!absent.empty()) l.out << "  " << absent << "\n";
}

Json topic_json(const model::TopicResult& t, const model::RunResult& r) {
  Json j;
  write_fields(j, t, r, model::topic_fields());
  Json subscriptions = Json::object();
  for (const model::SubscriptionResult& s : t.subscriptions) {
    Json sj;
    write_fields(sj, s, r, model::subscription_fields());
    subscriptions[s.name] = std::move(sj);
  }
  j["subscriptions"] = std::move(subscriptions);
  return j;
}

void topics_json(Json& report, const model::RunResult& r) {
  write_components(report, "topics", r.topics,
                   [&](const model::TopicResult& t) { return topic_json(t, r); });
}

void topics_reference(JsonReference& ref) {
  ref.heading("Topics");
  ref.object("topics", "one entry per SNS topic, keyed by name, in scenario order");
  ref.fields("topics.<name>.", model::topic_fields());
  ref.object("topics.<name>.subscriptions", "one entry per subscription, keyed by name");
  ref.fields("topics.<name>.subscriptions.<sub>.", model::subscription_fields());
}

Section topics_section(const std::vector<model::TopicResult>& topics, std::uint64_t produced) {
  Section s;
  s.id = "topics";
  s.title = "Topics";
  s.intro.push_back(
      {"Published counts accepted Publish and PublishBatch entries; throttled and oversize "
       "entries were refused at ingest; filtered out matched no subscription. Each "
       "subscription gets one copy per matching message (fan-out)."});
  Table t({{"topic / subscription", Align::left},
           {model::column_of(model::topic_fields(), "published")},
           {"per 1,000 events"},
           {model::column_of(model::topic_fields(), "throttled")},
           {model::column_of(model::topic_fields(), "oversize")},
           {model::column_of(model::topic_fields(), "filtered_out")},
           {model::column_of(model::topic_fields(), "deduplicated")},
           {model::column_of(model::subscription_fields(), "delivered")},
           {model::column_of(model::subscription_fields(), "failed_attempts")},
           {model::column_of(model::subscription_fields(), "to_dlq")},
           {model::column_of(model::subscription_fields(), "discarded")}});
  for (const model::TopicResult& tr : topics) {
    t.add_row({tr.fifo ? tr.name + " (FIFO)" : tr.name, format_count(tr.published),
               format_per_thousand(tr.published, produced), format_count(tr.throttled),
               format_count(tr.oversize), format_count(tr.filtered_out),
               format_count(tr.deduplicated), "", "", "", ""});
    for (const model::SubscriptionResult& sr : tr.subscriptions) {
      t.add_row({"  " + sr.name + " (" + sr.endpoint + ")", format_count(sr.matched),
                 format_per_thousand(sr.matched, produced), "", "", "", "",
                 format_count(sr.delivered), format_count(sr.failed_attempts),
                 format_count(sr.to_dlq), format_count(sr.discarded)});
    }
  }
  s.tables.push_back(std::move(t));
  return s;
}

void topics_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (!r.topics.empty()) out.push_back(topics_section(r.topics, r.events.produced));
}

}  // namespace

const ReportKind topics_report{.one = "topic",
                               .many = "topics",
                               .list = list_topic,
                               .stage = Stage::routing,
                               .json = topics_json,
                               .reference = topics_reference,
                               .sections = topics_sections};

}  // namespace edasim::report
