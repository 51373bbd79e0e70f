// What the reports say of Step Functions state machines: their listing
// block, their report.json entry (left out when a scenario declares none,
// so that reports of scenarios without them are unchanged), study measures
// and the section with executions, transitions and cost.
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

std::string_view type_name(model::StateConfig::Type type) {
  switch (type) {
    case model::StateConfig::Type::task:
      return "task";
    case model::StateConfig::Type::choice:
      return "choice";
    case model::StateConfig::Type::parallel:
      return "parallel";
    case model::StateConfig::Type::map:
      return "map";
    case model::StateConfig::Type::wait:
      return "wait";
    case model::StateConfig::Type::pass:
      return "pass";
    case model::StateConfig::Type::succeed:
      return "succeed";
    case model::StateConfig::Type::fail:
      return "fail";
  }
  return "?";
}

void list_state_machine(TopologyListing& l, Topology::Vertex v) {
  const model::StateMachineConfig& m = l.config.state_machines[l.graph[v].index];
  l.out << "\n"
        << l.topology.label(v) << " ("
        << (m.type == model::StateMachineConfig::Type::express ? "Express" : "Standard") << ", "
        << plural(m.states.size(), "state", "states") << ", starts at " << m.start_at << ")\n";
  for (const model::StateConfig& s : m.states) {
    l.out << "  " << s.name << ": " << type_name(s.type);
    if (!s.next.empty()) l.out << " -> " << s.next;
    if (s.end) l.out << " (end)";
    l.out << "\n";
  }
}

void state_machines_json(Json& report, const model::RunResult& r) {
  if (r.state_machines.empty()) return;
  write_components(report, "state_machines", r.state_machines,
                   [&](const model::StateMachineResult& m) {
                     Json j;
                     write_latencies(j, m, r, model::state_machine_latencies());
                     write_fields(j, m, r, model::state_machine_fields());
                     Json states = Json::object();
                     for (std::size_t i = 0; i < m.state_names.size(); ++i)
                       states[m.state_names[i]] = m.state_entries[i];
                     j["state_entries"] = std::move(states);
                     return j;
                   });
}

void state_machines_reference(JsonReference& ref) {
  ref.heading("Step Functions state machines");
  ref.object("state_machines",
             "one entry per state machine, keyed by name, in scenario order; absent when the "
             "scenario declares none");
  ref.latencies("state_machines.<name>.", model::state_machine_latencies());
  ref.fields("state_machines.<name>.", model::state_machine_fields());
  ref.object("state_machines.<name>.state_entries",
             "entries of each state (retries not counted), keyed by state name");
}

void state_machines_latency_measures(plan::Measures& out, const model::RunResult& r) {
  add_latencies(out, "state_machines", r.state_machines, model::state_machine_latencies(), "", r);
}

void state_machines_measures(plan::Measures& out, const model::RunResult& r) {
  for (const model::StateMachineResult& m : r.state_machines)
    add_fields(out, "state_machines." + m.name + ".", m, model::state_machine_fields(), r);
}

void state_machines_sections(std::vector<Section>& out, const model::RunResult& r) {
  if (r.state_machines.empty()) return;
  Section s;
  s.id = "state-machines";
  s.title = "Step Functions state machines";
  const auto fields = model::state_machine_fields();
  Table t({{"state machine", Align::left},
           {model::column_of(fields, "started")},
           {model::column_of(fields, "succeeded")},
           {model::column_of(fields, "failed")},
           {model::column_of(fields, "timed_out")},
           {model::column_of(fields, "throttled")},
           {"p50"},
           {"p99"},
           {model::column_of(fields, "transitions")},
           {model::column_of(fields, "throttled_transitions")},
           {model::column_of(fields, "retries")},
           {model::column_of(fields, "cost_usd")}});
  for (const model::StateMachineResult& m : r.state_machines) {
    t.add_row({m.name + " (" + m.type + ")", format_count(m.started), format_count(m.succeeded),
               format_count(m.failed), format_count(m.timed_out), format_count(m.throttled),
               format_quantile(m.duration, 0.5), format_quantile(m.duration, 0.99),
               format_count(m.transitions), format_count(m.throttled_transitions),
               format_count(m.retries), format_dollars(m.cost_usd)});
  }
  s.tables.push_back(std::move(t));
  s.notes.push_back(
      {"Duration is from start to close of the executions that succeeded. A transition is "
       "every state entered and every retry; Standard bills $0.025 per 1,000 transitions, "
       "Express $1.00 per million starts plus its duration (100 ms steps) times its memory "
       "(64 MB steps) at $0.0000167 per GB-second (services.md §10.7). Throttled counts "
       "StartExecution requests the account's quota refused; the sender retries them. "
       "Transitions throttled waited for the account's StateTransition bucket (Standard), "
       "which delays the execution (UNCONFIRMED: services.md §10.6)."});
  for (const model::StateMachineResult& m : r.state_machines) {
    if (m.running > 0)
      s.notes.push_back(
          {fmt::format("{}: {} {} still running at the end.", m.name, format_count(m.running),
                       m.running == 1 ? "execution was" : "executions were")});
    if (m.throttled_transitions > 0)
      s.notes.push_back({fmt::format(
          "{}: {} transitions waited {} s in all for StateTransition tokens (p99 {}, max {}).",
          m.name, format_count(m.throttled_transitions),
          format_count(static_cast<std::uint64_t>(m.transition_throttle_seconds + 0.5)),
          format_quantile(m.transition_throttle, 0.99),
          format_quantile(m.transition_throttle, 1.0))});
    if (m.throttled_given_up > 0)
      s.notes.push_back({fmt::format("{}: {} {} given up after throttled retries.", m.name,
                                     format_count(m.throttled_given_up),
                                     m.throttled_given_up == 1 ? "start was" : "starts were")});
  }
  out.push_back(std::move(s));
}

// Standard workflows bill each state transition; Express ones each start
// and their billed GB-seconds (services.md §10.7). Lines only when the
// design has state machines, so that other reports' bills are unchanged.
void state_machines_bill(Bill& bill) {
  using model::StateMachineConfig;
  double transitions = 0, window_transitions = 0;
  double starts = 0, window_starts = 0, gb_seconds = 0, window_gb_seconds = 0;
  bool standard = false, express = false;
  for (const model::StateMachineResult& m : bill.run().state_machines) {
    const std::string component = "state_machines." + m.name;
    if (m.type == "express") {
      express = true;
      starts += static_cast<double>(m.started);
      gb_seconds += m.billed_gb_seconds;
      window_starts += bill.window(component, "starts");
      window_gb_seconds += bill.window(component, "gb_seconds");
    } else {
      standard = true;
      transitions += static_cast<double>(m.transitions);
      window_transitions += bill.window(component, "transitions");
    }
  }
  const std::string measure = "cost.step_functions";
  if (standard) {
    bill.requests("Step Functions state transitions", "step_functions_transitions", transitions,
                  window_transitions, 0, StateMachineConfig::kStandardPerTransition * 1e6)
        .measure = measure;
  }
  if (express) {
    bill.requests("Step Functions Express requests", "step_functions_express_requests", starts,
                  window_starts, 0, StateMachineConfig::kExpressPerRequest * 1e6)
        .measure = measure;
    bill.compute("Step Functions Express GB-seconds", "step_functions_express_compute", gb_seconds,
                 window_gb_seconds, StateMachineConfig::kExpressPerGbSecond)
        .measure = measure;
  }
}

const ReferenceRow kBillRows[] = {
    {"`cost.step_functions_transitions.*`", "", "",
     "the four fields of `cost.sqs` for the state transitions of Standard state machines, "
     "present when the design has one",
     ""},
    {"`cost.step_functions_express_requests.*`", "", "",
     "the same for the executions Express state machines start, present when the design has "
     "one",
     ""},
    {"`cost.step_functions_express_compute.*`", "", "",
     "the four fields of `cost.lambda_compute` for Express executions' billed duration (100 ms "
     "steps) x memory (64 MB steps)",
     ""},
};

void state_machines_bill_reference(JsonReference& ref) {
  ref.rows(kBillRows);
}

}  // namespace

const ReportKind state_machines_report{.one = "state machine",
                                       .many = "state machines",
                                       .list = list_state_machine,
                                       .stage = Stage::processing,
                                       .json = state_machines_json,
                                       .reference = state_machines_reference,
                                       .latency_measures = state_machines_latency_measures,
                                       .measures = state_machines_measures,
                                       .bill = state_machines_bill,
                                       .bill_reference = state_machines_bill_reference,
                                       .sections = state_machines_sections};

}  // namespace edasim::report
