#include "sim/report/markdown.hpp"

#include <fmt/format.h>

#include "sim/report/sections.hpp"

namespace edasim::report {

namespace {

std::string paragraph(const Note& note) {
  return note.alert ? fmt::format("**{}**\n\n", note.text) : fmt::format("{}\n\n", note.text);
}

}  // namespace

std::string to_markdown(const model::RunResult& result) {
  std::string out = fmt::format("# edasim report: {}\n\n", result.scenario);
  if (!result.question.empty()) out += fmt::format("> **Question:** {}\n\n", result.question);
  for (const std::string& fact : run_facts(result)) out += fmt::format("- {}\n", fact);
  out += "\n";
  for (const std::string& alert : run_alerts(result)) {
    out += paragraph({alert, true});
  }
  for (const Section& s : report_sections(result)) {
    out += fmt::format("## {}\n\n", s.title);
    for (const Note& n : s.intro) out += paragraph(n);
    for (const Table& t : s.tables) out += t.to_markdown() + "\n";
    for (const Note& n : s.notes) out += paragraph(n);
  }
  while (out.size() > 1 && out.ends_with("\n\n")) out.pop_back();
  return out;
}

}  // namespace edasim::report
