#include "sim/report/terminal.hpp"

#include <string>

#include "sim/report/sections.hpp"

namespace edasim::report {

namespace {

void write_note(const Note& note, std::ostream& out) {
  out << (note.alert ? "!! " : "  ") << note.text << "\n";
}

}  // namespace

void write_summary(const model::RunResult& result, std::ostream& out) {
  out << "edasim report: " << result.scenario << "\n";
  if (!result.question.empty()) out << "  Question: " << result.question << "\n";
  for (const std::string& fact : run_facts(result)) out << "  " << fact << "\n";
  const auto alerts = balance_alerts(result.events);
  if (!alerts.empty()) {
    out << "\n!! EVENTS NOT BALANCED: DO NOT TRUST THIS REPORT\n";
  }
  if (!invariant_alerts(result).empty()) {
    out << "\n!! END-OF-RUN INVARIANT FAILED: DO NOT TRUST THIS REPORT\n";
  }
  for (const Section& s : report_sections(result)) {
    if (s.detail) continue;
    out << "\n" << s.title << "\n" << std::string(s.title.size(), '=') << "\n";
    for (const Note& n : s.intro) write_note(n, out);
    for (const Table& t : s.tables) out << t.to_text();
    for (const Note& n : s.notes) write_note(n, out);
  }
}

}  // namespace edasim::report
