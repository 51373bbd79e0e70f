#include <fmt/format.h>

#include <ostream>
#include <string>
#include <vector>

#include "sim/core/units.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/field_json.hpp"
#include "sim/report/fleet_section.hpp"
#include "sim/report/format.hpp"
#include "sim/report/json_reference.hpp"
#include "sim/report/measure_fields.hpp"
#include "sim/report/report_kind.hpp"
#include "sim/report/theory.hpp"

namespace edasim::report {

namespace {

void list_fleet(TopologyListing& l, Topology::Vertex v) {
  const model::FleetConfig& f = l.config.fleets[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " (" << plural(f.instances, "instance", "instances") << " x "
        << plural(f.pollers_per_instance, "poller", "pollers") << ", batch " << f.batch_size;
  if (f.autoscaling.enabled) {
    l.out << ", autoscaled " << f.autoscaling.min_instances << ".." << f.autoscaling.max_instances;
  }
  l.out << ")\n";
  l.out << "  reads " << join(l.sources(v), l.missing(v)) << "\n";
  for (const auto& [call, count] : f.calls) l.out << "  calls " << call << " x " << count << "\n";
  if (!f.emit.empty()) {
    l.out << "  emits to " << l.targets(v, Topology::Link::sends_to) << "\n";
  }
}

Json fleet_json(const model::FleetResult& f, const model::RunResult& r) {
  Json j;
  write_fields(j, f, r, model::fleet_fields());
  if (f.autoscaled) {
    Json a;
    write_fields(a, f, r, model::fleet_autoscaling_fields());
    Json actions = Json::array();
    for (const model::ScalingAction& s : f.scaling) {
      Json action;
      action["at_s"] = json_number(s.at.seconds(), 3);
      action["from"] = s.from;
      action["to"] = s.to;
      actions.push_back(std::move(action));
    }
    a["actions"] = std::move(actions);
    j["autoscaling"] = std::move(a);
  }
  if (r.emits) j["emitted"] = f.emitted;
  Json latency;
  write_latencies(latency, f, r, model::fleet_latencies());
  if (r.emits) latency["stage"] = quantiles_json(f.stage, r);
  j["latency_ms"] = std::move(latency);
  if (const auto theory = closed_form(f)) {
    Json t;
    t["model"] = theory->model;
    t["utilisation"] = json_number(theory->metrics.utilisation, 4);
    t["mean_wait_ms"] = json_number(theory->metrics.mean_wait * 1e3, 3);
    t["mean_sojourn_ms"] = json_number(theory->metrics.mean_sojourn * 1e3, 3);
    j["theory"] = std::move(t);
  } else {
    j["theory_not_applicable"] = theory_gap(f);
  }
  return j;
}

void consumers_json(Json& report, const model::RunResult& r) {
  write_components(report, "consumers", r.fleets,
                   [&](const model::FleetResult& f) { return fleet_json(f, r); });
}

const ReferenceRow kFleetAutoscaling[] = {
    {"`consumers.<name>.autoscaling`", "object, optional", "",
     "present when the fleet autoscales: the fields below, then `actions`", ""},
};

const ReferenceRow kFleetActions[] = {
    {"`consumers.<name>.autoscaling.actions`", "array", "",
     "every change of the desired size, in time order, each `{at_s, from, to}` (s, instances)", ""},
};

const ReferenceRow kFleetTheory[] = {
    {R"md(`consumers.<name>.theory`)md", R"md(object, optional)md", R"md()md",
     R"md(present when the consumer is a plain queueing station with a closed form (see [Validation against queueing theory](modelling.md#validation-against-queueing-theory): one Poisson producer and no other inflow, the only reader of its queue, one message per receive, long polling, in-flight limit >= pollers, visibility timeout >= 10 x mean service, no failures, faults, downstream calls, delays, SQS latency or autoscaling; exponential service for M/M/c, any service on one server for M/G/1, with the service time's moments as sampled, a normal's truncated at zero): `model` ("M/M/10", "M/D/1", "M/G/1"), `utilisation`, `mean_wait_ms`, `mean_sojourn_ms` of the steady state)md",
     R"md()md"},
    {R"md(`consumers.<name>.theory_not_applicable`)md", R"md(string, optional)md", R"md()md",
     R"md(present instead of `theory`: why no closed form applies, one clause ("bus rule orders delivers to it", "its offered load is at or above its servers' capacity, ..."))md",
     R"md()md"},
};

const ReferenceRow kFleetEmit[] = {
    {"`consumers.<name>.emitted`", "integer, optional", "events",
     "present when the design emits: the events this fleet's `emit` list made", ""},
    {"`consumers.<name>.latency_ms.stage`", "quantile block, optional", "ms",
     "present when the design emits: from the production of the message's own event (for an "
     "emitted one, its emission) to its successful processing; `end_to_end` runs from the "
     "root's production",
     ""},
};

void consumers_reference(JsonReference& ref) {
  ref.heading("Consumer fleets");
  ref.object("consumers", "one entry per consumer fleet, keyed by name, in scenario order");
  ref.fields("consumers.<name>.", model::fleet_fields());
  ref.rows(kFleetAutoscaling);
  ref.fields("consumers.<name>.autoscaling.", model::fleet_autoscaling_fields());
  ref.rows(kFleetActions);
  ref.latencies("consumers.<name>.latency_ms.", model::fleet_latencies());
  ref.rows(kFleetEmit);
  ref.rows(kFleetTheory);
}

// The wait until processing starts (queue wait, the receive's latency, the
// batch's earlier messages) comes right after end to end: it is what a
// consumer's backlog costs an event.
void consumers_latency_measures(plan::Measures& out, const model::RunResult& r) {
  add_latencies(out, "consumers", r.fleets, model::fleet_latencies(), kLatencyBlock, r,
                {"end_to_end", "wait_to_start"});
}

void consumers_measures(plan::Measures& out, const model::RunResult& r) {
  for (const model::FleetResult& f : r.fleets) {
    add_fields(out, "consumers." + f.name + ".", f, model::fleet_fields(), r,
               {"utilization", "utilization_with_sqs", "failed", "instance_hours"});
    add_fields(out, "consumers." + f.name + ".autoscaling.", f, model::fleet_autoscaling_fields(),
               r);
  }
}

void consumers_latency_rows(Table& t, const model::RunResult& r) {
  for (const model::FleetResult& f : r.fleets) t.add_row(latency_row(f.name, f.end_to_end));
}

Section consumers_section(const std::vector<model::FleetResult>& fleets) {
  Section s;
  s.id = "consumers";
  s.title = "Consumers";
  s.intro.push_back(
      {"Queue wait (visible to received) and processing are per attempt; "
       "to start is from visible to the start of its processing, per delivery (the queue wait "
       "plus the receive's latency plus the batch's earlier messages). Busy is poller time "
       "spent processing over pollers x run time; + SQS adds the time pollers wait for the "
       "answers of receives that brought messages, the load the station really carries."});
  // The duplicates column only where some fleet counts them; "-" for the
  // others.
  bool duplicates = false;
  for (const model::FleetResult& f : fleets) duplicates |= f.counts_duplicates;
  if (duplicates) {
    s.intro.push_back(
        {"Duplicates are successful processings of an event the fleet had already processed "
         "(by the event's identity, within the fleet's `duplicates` window): a redelivery, or "
         "an event made again upstream; \"-\" where the fleet does not count them."});
  }
  std::vector<Column> columns{{"consumer", Align::left},
                              {"queue", Align::left},
                              {model::column_of(model::fleet_fields(), "pollers")},
                              {model::column_of(model::fleet_fields(), "processed")}};
  if (duplicates) columns.push_back({model::column_of(model::fleet_fields(), "duplicates")});
  for (const char* c : {"failed", "utilization", "utilization_with_sqs"})
    columns.push_back({model::column_of(model::fleet_fields(), c)});
  for (const char* c :
       {"wait p99", "to start p50", "to start p99", "processing p99", "end-to-end p99"})
    columns.push_back({c});
  Table t(std::move(columns));
  for (const model::FleetResult& f : fleets) {
    std::vector<std::string> row{f.name, f.queue, fmt::format("{}", f.pollers),
                                 format_count(f.processed)};
    if (duplicates) row.push_back(f.counts_duplicates ? format_count(f.duplicates) : "-");
    for (std::string cell :
         {format_count(f.failed), format_percent(f.utilization),
          format_percent(f.utilization_with_sqs), format_quantile(f.queue_wait, 0.99),
          format_quantile(f.wait_to_start, 0.5), format_quantile(f.wait_to_start, 0.99),
          format_quantile(f.processing, 0.99), format_quantile(f.end_to_end, 0.99)})
      row.push_back(std::move(cell));
    t.add_row(std::move(row));
  }
  s.tables.push_back(std::move(t));
  // Order within message groups, for the fleets whose messages carry one,
  // and late messages, for those that declare when one is late: the columns
  // of what some fleet has.
  bool grouped = false, timed = false;
  for (const model::FleetResult& f : fleets) {
    grouped |= f.grouped;
    timed |= f.late_after > Duration::zero();
  }
  if (!grouped && !timed) return s;
  const auto fields = model::fleet_fields();
  std::vector<Column> order_columns{{"consumer", Align::left}};
  if (grouped) {
    order_columns.push_back({model::column_of(fields, "groups")});
    order_columns.push_back({model::column_of(fields, "out_of_order")});
    order_columns.push_back({"share"});
  }
  if (timed) {
    order_columns.push_back({"late after"});
    order_columns.push_back({model::column_of(fields, "late")});
    order_columns.push_back({"share late"});
  }
  Table order(std::move(order_columns));
  const auto share = [](std::uint64_t part, std::uint64_t whole) {
    return format_percent(whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  };
  const std::string none = "-";
  for (const model::FleetResult& f : fleets) {
    const bool late = f.late_after > Duration::zero();
    if (!f.grouped && !late) continue;
    std::vector<std::string> row{f.name};
    if (grouped) {
      row.push_back(f.grouped ? format_count(f.groups) : none);
      row.push_back(f.grouped ? format_count(f.out_of_order) : none);
      row.push_back(f.grouped ? share(f.out_of_order, f.processed) : none);
    }
    if (timed) {
      row.push_back(late ? core::format_duration(f.late_after) : none);
      row.push_back(late ? format_count(f.late) : none);
      row.push_back(late ? share(f.late, f.end_to_end.count()) : none);
    }
    order.add_row(std::move(row));
  }
  s.tables.push_back(std::move(order));
  if (grouped) {
    s.notes.push_back(
        {"Out of order: messages of a message group (a producer's message_group_id) processed "
         "successfully for the first time after a later message of the same group was, as a "
         "share of the fleet's processed messages; duplicates and messages left in a DLQ are "
         "not counted."});
  }
  if (timed) {
    s.notes.push_back(
        {"Late: first successful processings whose end-to-end latency was longer than the "
         "fleet's late_after, as a share of them."});
  }
  return s;
}

// Stations with a closed form: what theory predicts beside what was simulated;
// for every other consumer, one line saying why there is none.
std::optional<Section> theory_section(const std::vector<model::FleetResult>& fleets) {
  Section s;
  s.id = "theory";
  s.title = "Queueing theory";
  s.intro.push_back(
      {"Consumers that form a plain queueing station (Poisson arrivals from one producer and "
       "no other inflow, the only reader of the queue, one message per receive, no failures, "
       "faults or SQS latency, a visibility timeout at least 10 times the mean service) beside "
       "the closed-form steady state, computed with the service time's moments as sampled. "
       "Times in ms; the simulation includes its start from an empty queue."});
  Table t({{"consumer", Align::left},
           {"model", Align::left},
           {"utilisation"},
           {"wait theory"},
           {"wait simulated"},
           {"sojourn theory"},
           {"sojourn simulated"}});
  for (const model::FleetResult& f : fleets) {
    const auto theory = closed_form(f);
    if (!theory) {
      s.notes.push_back({fmt::format("{}: no closed form: {}.", f.name, theory_gap(f))});
      continue;
    }
    t.add_row({f.name, theory->model, format_percent(theory->metrics.utilisation),
               format_fixed(theory->metrics.mean_wait * 1e3, 3),
               f.queue_wait.empty() ? "n/a" : format_fixed(f.queue_wait.mean() * 1e-6, 3),
               format_fixed(theory->metrics.mean_sojourn * 1e3, 3),
               f.end_to_end.empty() ? "n/a" : format_fixed(f.end_to_end.mean() * 1e-6, 3)});
  }
  if (fleets.empty()) return std::nullopt;
  if (!t.rows().empty()) s.tables.push_back(std::move(t));
  return s;
}

// Every design has a consumers section, as it has a queues section; the
// fleets' sizes and their queueing theory follow it.
void consumers_sections(std::vector<Section>& out, const model::RunResult& r) {
  out.push_back(consumers_section(r.fleets));
  if (auto sizes = fleet_sizes_section(r)) out.push_back(std::move(*sizes));
  if (auto theory = theory_section(r.fleets)) out.push_back(std::move(*theory));
}

// A fleet with an instance price bills its instance-hours; an idle rest of
// a declared month still pays for its minimum instances.
void consumers_bill(Bill& bill) {
  bill.group("fleets");
  for (const model::FleetResult& f : bill.run().fleets) {
    if (f.price_per_instance_hour <= 0) {
      bill.unpriced("consumers " + f.name);
      continue;
    }
    bill.instances("instance-hours, consumers " + f.name, f.name, f.instance_hours,
                   bill.window("consumers." + f.name, "instance_hours"),
                   static_cast<double>(f.min_instances), f.price_per_instance_hour)
        .measure = "cost.fleet." + f.name;
  }
}

const ReferenceRow kBillRows[] = {
    {R"md(`cost.fleets.<name>.{instance_hours, monthly_instance_hours, price_per_hour_usd, monthly_usd}`)md",
     R"md(numbers)md", R"md(h, h, USD, USD)md",
     R"md(each consumer fleet with a `price_per_instance_hour`: its instance-hours in the run and extrapolated to 30 days, and their cost)md",
     R"md()md"},
};

void consumers_bill_reference(JsonReference& ref) {
  ref.object("cost.fleets",
             "one entry per consumer fleet with a `price_per_instance_hour`, keyed by name");
  ref.rows(kBillRows);
}

}  // namespace

const ReportKind consumers_report{.one = "consumer fleet",
                                  .many = "consumer fleets",
                                  .list = list_fleet,
                                  .stage = Stage::processing,
                                  .json = consumers_json,
                                  .reference = consumers_reference,
                                  .latency_measures = consumers_latency_measures,
                                  .measures = consumers_measures,
                                  .latency_rows = consumers_latency_rows,
                                  .bill = consumers_bill,
                                  .bill_reference = consumers_bill_reference,
                                  .sections = consumers_sections};

}  // namespace edasim::report
