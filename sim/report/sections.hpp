// The content of a report, once, as titled sections of notes and tables;
// the terminal summary, the Markdown and the HTML page only draw it. That is
// how the three always show the same figures.
//
// Promises: the same RunResult always gives the same sections, byte for
// byte; a conservation failure is always the first note of the events
// section and is marked as an alert, and so is a failed end-of-run invariant.
#pragma once

#include <string>
#include <vector>

#include "sim/model/run_result.hpp"
#include "sim/report/table.hpp"

namespace edasim::report {

struct Note {
  std::string text;
  bool alert = false;  // drawn so that nobody can miss it
};

struct Section {
  std::string id;  // stable, for HTML anchors
  std::string title;
  std::vector<Note> intro;  // before the table
  std::vector<Table> tables;
  std::vector<Note> notes;  // after the table
  // Too long for a glance at the terminal; documents show it.
  bool detail = false;
};

// One line per fact about the run beyond its name: seed, simulated time,
// kernel events.
std::vector<std::string> run_facts(const model::RunResult& result);

// The alert that opens every report whose events do not balance, or nothing.
std::vector<std::string> balance_alerts(const model::EventTotals& events);
// One alert per end-of-run invariant that fails (sim/model/invariants.hpp),
// or nothing.
std::vector<std::string> invariant_alerts(const model::RunResult& result);
// Every alert that opens a report: the balance's, then the invariants'.
std::vector<std::string> run_alerts(const model::RunResult& result);

std::vector<Section> report_sections(const model::RunResult& result);

// A row of the end-to-end latency table: `label`, the count, p50, p90, p99,
// p99.9, max and mean of `h`.
std::vector<std::string> latency_row(std::string label, const metrics::Histogram& h);

}  // namespace edasim::report
