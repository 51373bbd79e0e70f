#include <fmt/format.h>

#include <ostream>

#include "sim/core/units.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/report_kind.hpp"

namespace edasim::report {

namespace {

std::string summary(const model::SystemConfig& config) {
  std::size_t rules = 0;
  for (const model::BusConfig& bus : config.buses) rules += bus.rules.size();
  std::string text = plural(config.buses.size(), "bus", "buses");
  if (rules > 0) text += " with " + plural(rules, "rule", "rules");
  return text;
}

// A bus, then each of its rules with where it routes.
void list_bus(TopologyListing& l, Topology::Vertex v) {
  l.out << "\n" << l.topology.label(v) << "\n";
  bool any = false;
  for (const auto e : boost::make_iterator_range(boost::out_edges(v, l.graph))) {
    if (l.graph[e].link != Topology::Link::has_rule) continue;
    any = true;
    const Topology::Vertex rule = boost::target(e, l.graph);
    const std::string to = join(l.targets(rule, Topology::Link::routes_to), l.missing(rule));
    l.out << "  rule " << l.graph[rule].name << " -> " << (to.empty() ? "no targets" : to) << "\n";
    const std::string dlqs = l.targets(rule, Topology::Link::fails_to);
    if (!dlqs.empty()) l.out << "    deliveries given up -> " << dlqs << "\n";
  }
  if (!any) l.out << "  no rules\n";
}

Json bus_json(const model::BusResult& b, const model::RunResult& r) {
  Json j;
  write_fields(j, b, r, model::bus_fields());
  Json conditions;
  write_fields(conditions, b, r, model::bus_condition_fields());
  j["gave_up_by_condition"] = std::move(conditions);
  Json targets = Json::array();
  for (const model::BusTargetResult& t : b.targets) {
    Json tj;
    write_fields(tj, t, r, model::bus_target_fields());
    targets.push_back(std::move(tj));
  }
  j["targets"] = std::move(targets);
  if (!b.schemas.empty()) {
    Json registry;
    write_fields(registry, b, r, model::bus_schema_fields());
    Json by_schema = Json::object();
    for (const model::SchemaResult& schema : b.schemas) by_schema[schema.name] = schema.mismatched;
    registry["mismatched_by_schema"] = std::move(by_schema);
    j["schemas"] = std::move(registry);
  }
  return j;
}

void buses_json(Json& report, const model::RunResult& r) {
  write_components(report, "buses", r.buses,
                   [&](const model::BusResult& b) { return bus_json(b, r); });
}

const ReferenceRow kBusTargets[] = {
    {"`buses.<name>.targets[]`", "array", "",
     "one object per rule target, rules in order, then each schema's quarantine queue (as rule "
     "`schema:<schema>`), with the fields below",
     ""},
};

const ReferenceRow kBusSchemas[] = {
    {"`buses.<name>.schemas`", "object, optional", "",
     "present only with `[[buses.<name>.schemas]]`: the fields below, counted at ingest", ""},
};

const ReferenceRow kBusSchemaTail[] = {
    {"`buses.<name>.schemas.mismatched_by_schema.<schema>`", "integer", "entries",
     "entries whose first failed schema it was", ""},
};

void buses_reference(JsonReference& ref) {
  ref.heading("Buses");
  ref.object("buses", "one entry per bus, keyed by name, in scenario order");
  ref.fields("buses.<name>.", model::bus_fields());
  ref.fields("buses.<name>.gave_up_by_condition.", model::bus_condition_fields());
  ref.rows(kBusTargets);
  ref.fields("buses.<name>.targets[].", model::bus_target_fields());
  ref.rows(kBusSchemas);
  ref.fields("buses.<name>.schemas.", model::bus_schema_fields());
  ref.rows(kBusSchemaTail);
}

Section buses_section(const std::vector<model::BusResult>& buses) {
  Section s;
  s.id = "buses";
  s.title = "Buses";
  s.intro.push_back(
      {"Invocations count every delivery attempt to a rule target, retries included; delayed "
       "ones waited for the invocations quota (ThrottledRules). A target that fails is retried "
       "with backoff until its maximum retry attempts or maximum event age; then the copy goes "
       "to the target's dead-letter queue or is dropped (FailedInvocations)."});
  Table t({{"bus / rule -> target", Align::left},
           {model::column_of(model::bus_fields(), "matched_events")},
           {model::column_of(model::bus_fields(), "invocations")},
           {model::column_of(model::bus_fields(), "delayed_invocations")},
           {model::column_of(model::bus_target_fields(), "failed_attempts")},
           {model::column_of(model::bus_fields(), "retry_attempts")},
           {model::column_of(model::bus_fields(), "failed_invocations")},
           {model::column_of(model::bus_fields(), "sent_to_dlq")},
           {model::column_of(model::bus_fields(), "dropped")}});
  for (const model::BusResult& b : buses) {
    t.add_row({b.name, format_count(b.matched_events), format_count(b.invocations),
               format_count(b.delayed_invocations), "", format_count(b.retry_attempts),
               format_count(b.failed_invocations), format_count(b.sent_to_dlq),
               format_count(b.dropped)});
    for (const model::BusTargetResult& tr : b.targets) {
      const std::string dlq =
          tr.dead_letter_queue.empty() ? "" : " (DLQ " + tr.dead_letter_queue + ")";
      t.add_row({"  " + tr.rule + " -> " + tr.queue + dlq, "", format_count(tr.invocations), "",
                 format_count(tr.failed_attempts), format_count(tr.retry_attempts),
                 format_count(tr.failed_invocations), format_count(tr.sent_to_dlq),
                 format_count(tr.dropped)});
    }
    if (b.failed_invocations > 0) {
      s.notes.push_back({fmt::format(
          "Bus {} gave up on {} copies: {} at the maximum retry attempts, {} at the maximum "
          "event age, {} at once on an error EventBridge does not retry.",
          b.name, format_count(b.failed_invocations), format_count(b.maximum_retry_attempts),
          format_count(b.maximum_event_age), format_count(b.not_retryable))});
    }
    if (b.bus_events_received > 0) {
      std::string note = fmt::format(
          "Bus {} received {} events from other buses' rules (billed as custom events, no "
          "PutEvents).",
          b.name, format_count(b.bus_events_received));
      if (b.bus_hops_refused > 0) {
        note += fmt::format(
            " EventBridge routes an event across one bus-to-bus hop only: {} copies of them "
            "were not delivered to its own bus targets (dropped by a bus).",
            format_count(b.bus_hops_refused));
      }
      s.notes.push_back({std::move(note)});
    }
    if (!b.schemas.empty()) {
      std::string by_schema;
      for (const model::SchemaResult& schema : b.schemas) {
        by_schema += fmt::format("{}{} {}", by_schema.empty() ? "" : ", ", schema.name,
                                 format_count(schema.mismatched));
      }
      s.notes.push_back({fmt::format(
          "Bus {} schemas: {} entries valid, {} mismatched ({}): {} rejected at ingest, {} "
          "quarantined, the rest delivered.",
          b.name, format_count(b.schema_valid), format_count(b.schema_mismatched), by_schema,
          format_count(b.schema_rejected), format_count(b.schema_quarantined))});
    }
  }
  s.tables.push_back(std::move(t));
  return s;
}

void buses_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (!r.buses.empty()) out.push_back(buses_section(r.buses));
}

}  // namespace

const ReportKind buses_report{.one = "bus",
                              .many = "buses",
                              .summary = summary,
                              .list = list_bus,
                              .stage = Stage::routing,
                              .json = buses_json,
                              .reference = buses_reference,
                              .sections = buses_sections};

}  // namespace edasim::report
