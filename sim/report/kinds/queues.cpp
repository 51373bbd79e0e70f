#include <fmt/format.h>

#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/measure_fields.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

void list_queue(TopologyListing& l, Topology::Vertex v) {
  const model::QueueConfig& q = l.config.queues[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (visibility " << core::format_duration(q.visibility_timeout)
        << ", retention " << core::format_duration(q.retention) << ")\n";
  std::string sources;
  for (const auto e : boost::make_iterator_range(boost::in_edges(v, l.graph))) {
    if (l.graph[e].link != Topology::Link::redrives_to) continue;
    sources += (sources.empty() ? "" : ", ") + l.graph[boost::source(e, l.graph)].name;
  }
  if (!sources.empty()) l.out << "  dead-letter queue of " << sources << "\n";
  const std::string consumers = l.targets(v, Topology::Link::feeds);
  l.out << "  " << (consumers.empty() ? "no consumer" : "consumed by " + consumers) << "\n";
  if (q.dead_letter_queue) {
    const std::string dlq = join(l.targets(v, Topology::Link::redrives_to), l.missing(v));
    l.out << "  after " << q.max_receive_count << " receives -> " << dlq << "\n";
  }
}

Json queue_json(const model::QueueResult& q, const model::RunResult& r) {
  Json j;
  write_fields(j, q, r, model::queue_fields());
  Json starts = Json::array();
  for (const Duration d : q.redrive_starts) starts.push_back(json_number(d.seconds(), 3));
  j["redrive_starts_s"] = std::move(starts);
  if (q.fifo) {
    Json f;
    write_fields(f, q, r, model::queue_fifo_fields());
    j["fifo"] = std::move(f);
  }
  return j;
}

void queues_json(Json& report, const model::RunResult& r) {
  write_components(report, "queues", r.queues,
                   [&](const model::QueueResult& q) { return queue_json(q, r); });
}

const ReferenceRow kQueueExtras[] = {
    {R"md(`queues.<name>.redrive_starts_s`)md", R"md(array of numbers)md", R"md(s)md",
     R"md(when each redrive task of this dead-letter queue began)md", R"md()md"},
    {R"md(`queues.<name>.fifo`)md", R"md(object, optional)md", R"md()md",
     R"md(present on FIFO queues only)md", R"md()md"},
};

void queues_reference(JsonReference& ref) {
  ref.heading("Queues");
  ref.object("queues", "one entry per queue, keyed by name, in scenario order");
  ref.fields("queues.<name>.", model::queue_fields());
  ref.rows(kQueueExtras);
  ref.fields("queues.<name>.fifo.", model::queue_fifo_fields());
}

void queues_measures(plan::Measures& out, const model::RunResult& r) {
  for (const model::QueueResult& q : r.queues)
    add_fields(out, "queues." + q.name + ".", q, model::queue_fields(), r);
}

Section queues_section(const std::vector<model::QueueResult>& queues, std::uint64_t produced) {
  Section s;
  s.id = "queues";
  s.title = "Queues";
  s.intro.push_back(
      {"Sent per 1,000 produced events is the share of traffic each queue sees. "
       "Rejected sends were larger than the queue's maximum message size; throttled sends "
       "(FIFO only) were messages of send calls over the queue's API quota. Neither was "
       "stored. Max depth counts visible, in-flight and delayed messages; max age is that "
       "of the oldest visible message."});
  Table t({{"queue", Align::left},
           {model::column_of(model::queue_fields(), "sent")},
           {model::column_of(model::queue_fields(), "sent_per_1000_events")},
           {model::column_of(model::queue_fields(), "rejected")},
           {model::column_of(model::queue_fifo_fields(), "throttled_sends")},
           {model::column_of(model::queue_fields(), "received")},
           {model::column_of(model::queue_fields(), "deleted")},
           {model::column_of(model::queue_fields(), "moved_to_dlq")},
           {model::column_of(model::queue_fields(), "expired")},
           {model::column_of(model::queue_fields(), "empty_receives")},
           {model::column_of(model::queue_fields(), "max_depth")},
           {model::column_of(model::queue_fields(), "max_age_ms")},
           {model::column_of(model::queue_fields(), "final_depth")}});
  for (const model::QueueResult& qr : queues) {
    std::string name = qr.name;
    if (qr.fifo) name += " (FIFO)";
    if (qr.dead_letter_queue) name += " (DLQ)";
    t.add_row({name, format_count(qr.sent), format_per_thousand(qr.sent, produced),
               format_count(qr.rejected), qr.fifo ? format_count(qr.throttled_sends) : "",
               format_count(qr.received), format_count(qr.deleted), format_count(qr.moved_to_dlq),
               format_count(qr.expired), format_count(qr.empty_receives),
               format_count(qr.max_depth), format_span(qr.max_age),
               format_count(qr.final_visible + qr.final_in_flight + qr.final_delayed)});
  }
  s.tables.push_back(std::move(t));
  for (const model::QueueResult& qr : queues) {
    if (qr.redrive_starts.empty()) continue;
    std::string starts;
    for (const Duration d : qr.redrive_starts)
      starts += (starts.empty() ? "" : ", ") + format_span(d);
    s.notes.push_back({fmt::format("{}: redrive started at {}.", qr.name, starts)});
  }
  // Every FIFO queue, whatever else it did: throttling refuses messages and
  // must never be visible in report.json alone.
  for (const model::QueueResult& qr : queues) {
    if (!qr.fifo) continue;
    s.notes.push_back(
        {fmt::format(
             "{} (FIFO): {} duplicate sends dropped in the deduplication window, {} messages of "
             "throttled sends, {} throttled receives, at most {} message groups in flight at once.",
             qr.name, format_count(qr.deduplicated), format_count(qr.throttled_sends),
             format_count(qr.throttled_receives), format_count(qr.max_groups_in_flight)),
         qr.throttled_sends > 0});
  }
  for (const model::QueueResult& qr : queues) {
    if (qr.received_over_limit == 0) continue;
    s.notes.push_back(
        {fmt::format("{}: {} short polls refused with OverLimit (too many messages in flight).",
                     qr.name, format_count(qr.received_over_limit))});
  }
  return s;
}

// Every design has a queues section, empty or not: the table's columns say
// what a queue would count.
void queues_sections(std::vector<Section>& out, const model::RunResult& r) {
  out.push_back(queues_section(r.queues, r.events.produced));
}

// What a queue still holds at the end (a DLQ's messages are an outcome, not
// a backlog) is not in the bill.
void queues_bill(Bill& bill) {
  for (const model::QueueResult& q : bill.run().queues) {
    if (!q.dead_letter_queue)
      bill.backlog_messages(q.final_visible + q.final_in_flight + q.final_delayed);
  }
}

}  // namespace

const ReportKind queues_report{.one = "queue",
                               .many = "queues",
                               .list = list_queue,
                               .stage = Stage::buffer,
                               .json = queues_json,
                               .reference = queues_reference,
                               .measures = queues_measures,
                               .bill = queues_bill,
                               .sections = queues_sections};

}  // namespace edasim::report
