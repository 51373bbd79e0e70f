#include "sim/report/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sim/report/api_calls.hpp"
#include "sim/report/cost.hpp"
#include "sim/report/format.hpp"
#include "sim/report/sections.hpp"

namespace edasim::report {

namespace {

void write_note(const Note& note, std::size_t width, std::ostream& out) {
  out << wrap_text(note.text, note.alert ? "!! " : "  ", note.alert ? "   " : "  ", width);
}

void write_heading(const model::RunResult& result, std::size_t width, std::ostream& out) {
  out << "edasim report: " << result.scenario << "\n";
  if (!result.question.empty())
    out << wrap_text("Question: " + result.question, "  ", "    ", width);
  for (const std::string& fact : run_facts(result)) out << wrap_text(fact, "  ", "    ", width);
  if (!balance_alerts(result.events).empty()) {
    out << "\n!! EVENTS NOT BALANCED: DO NOT TRUST THIS REPORT\n";
  }
  if (!invariant_alerts(result).empty()) {
    out << "\n!! END-OF-RUN INVARIANT FAILED: DO NOT TRUST THIS REPORT\n";
  }
}

}  // namespace

std::size_t terminal_width() {
  constexpr std::size_t kUnknown = 100;
  if (const char* columns = std::getenv("COLUMNS")) {
    const std::string_view text(columns);
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size() && value > 0) return value;
  }
  winsize size{};
  if (isatty(STDOUT_FILENO) != 0 && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return kUnknown;
}

std::vector<std::pair<std::string, std::string>> headline_figures(const model::RunResult& r) {
  const model::EventTotals& e = r.events;
  const CallSummary calls = summarize_calls(r.calls);
  const MonthlyCost cost = estimate_monthly_cost(r, calls);
  const metrics::Histogram& h = r.end_to_end;
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("produced", format_count(e.produced));
  out.emplace_back("processed",
                   format_count(e.processed) + " of " + format_count(e.copies) + " copies");
  out.emplace_back("in dead-letter queues", format_count(e.dlq));
  // As the study measure events.lost counts them (sim/model/run_result.cpp):
  // refused or deleted before anyone processed them, and not in a DLQ.
  out.emplace_back("lost", format_count(e.expired + e.rejected + e.rejected_at_ingest +
                                        e.throttled + e.dropped_by_bus));
  out.emplace_back("in flight at the end", format_count(e.in_flight));
  out.emplace_back("end-to-end latency", h.empty() ? "n/a"
                                                   : "p50 " + format_quantile(h, 0.5) + ", p99 " +
                                                         format_quantile(h, 0.99) + ", max " +
                                                         format_quantile(h, 1.0));
  out.emplace_back("API calls per 1,000 events", format_per_thousand(calls.calls, e.produced));
  out.emplace_back("cost of this run", format_dollars(cost.run_total_usd));
  out.emplace_back(cost.declared ? "cost of the declared month" : "cost of 30 days at this rate",
                   format_dollars(cost.total_usd));
  return out;
}

void write_summary(const model::RunResult& result, std::ostream& out,
                   const TerminalLayout& layout) {
  const std::size_t width = layout.width;
  write_heading(result, width, out);
  if (layout.headline_only) {
    const auto figures = headline_figures(result);
    std::size_t label = 0;
    for (const auto& [name, _] : figures) label = std::max(label, display_width(name));
    out << "\nHeadline\n========\n";
    for (const auto& [name, value] : figures) {
      const std::string lead = "  " + name + std::string(label - display_width(name) + 2, ' ');
      out << wrap_text(value, lead, std::string(display_width(lead), ' '), width);
    }
    for (const std::string& alert : run_alerts(result))
      out << wrap_text(alert, "!! ", "   ", width);
    return;
  }
  for (const Section& s : report_sections(result)) {
    if (s.detail) continue;
    out << "\n" << s.title << "\n" << std::string(display_width(s.title), '=') << "\n";
    for (const Note& n : s.intro) write_note(n, width, out);
    for (const Table& t : s.tables) out << t.to_text("  ", width);
    for (const Note& n : s.notes) write_note(n, width, out);
  }
}

}  // namespace edasim::report
