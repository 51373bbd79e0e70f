// Drawing a document's sections (sim/report/sections.hpp) for the terminal,
// Markdown and a self-contained HTML page, the same way for every document
// that is not a run's report: a comparison, a plan.
//
// Promises: the same sections always give the same bytes; the HTML page
// loads nothing from outside (its style is inline).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/report/sections.hpp"

namespace edasim::report {

// Each section as a title line, then its indented notes and tables; with a
// width (0: none), notes wrap and tables fit it (Table::to_text).
std::string sections_text(const std::vector<Section>& sections, std::size_t width = 0);
// Each section as a level-2 heading, paragraphs and tables.
std::string sections_markdown(const std::vector<Section>& sections);
// Each section as a <section> with its id, heading, tables and notes.
std::string sections_html(const std::vector<Section>& sections);

// A whole page: `title` as its title and heading, the question when there
// is one, then `body`.
std::string html_page(std::string_view title, std::string_view question, std::string_view body);

}  // namespace edasim::report
