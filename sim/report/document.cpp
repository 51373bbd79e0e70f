#include "sim/report/document.hpp"

#include <fmt/format.h>

namespace edasim::report {

std::string sections_text(const std::vector<Section>& sections, std::size_t width) {
  std::string out;
  for (const Section& s : sections) {
    out += '\n' + s.title + '\n';
    for (const Note& n : s.intro) out += wrap_text(n.text, "  ", "  ", width);
    for (const Table& t : s.tables) out += t.to_text("  ", width);
    for (const Note& n : s.notes) out += wrap_text(n.text, "  ", "  ", width);
  }
  return out;
}

std::string sections_markdown(const std::vector<Section>& sections) {
  std::string out;
  for (const Section& s : sections) {
    out += fmt::format("## {}\n\n", s.title);
    for (const Note& n : s.intro) out += (n.alert ? "**" + n.text + "**" : n.text) + "\n\n";
    for (const Table& t : s.tables) out += t.to_markdown() + "\n";
    for (const Note& n : s.notes) out += (n.alert ? "**" + n.text + "**" : n.text) + "\n\n";
  }
  return out;
}

std::string sections_html(const std::vector<Section>& sections) {
  std::string out;
  for (const Section& s : sections) {
    out += fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n", s.id, escape_html(s.title));
    for (const Note& n : s.intro) {
      out += fmt::format("<p{}>{}</p>\n", n.alert ? " class=\"alert\"" : "", escape_html(n.text));
    }
    for (const Table& t : s.tables) out += t.to_html();
    for (const Note& n : s.notes) {
      out += fmt::format("<p{}>{}</p>\n", n.alert ? " class=\"alert\"" : "", escape_html(n.text));
    }
    out += "</section>\n";
  }
  return out;
}

std::string html_page(std::string_view title, std::string_view question, std::string_view body) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format(
      "<title>{0}</title>\n<style>\nbody{{font-family:system-ui,sans-serif;max-width:1200px;"
      "margin:2em auto;padding:0 1em;color:#222}}\ntable{{border-collapse:collapse;font-size:.9em}}"
      "\nth,td{{border:1px solid #ccc;padding:.25em .6em;white-space:nowrap}}\nth{{background:"
      "#f4f6f8}}\n.num{{text-align:right;font-variant-numeric:tabular-nums}}\n.alert{{color:#900;"
      "font-weight:bold}}\n.scroll{{overflow-x:auto;max-width:100%}}\nsvg{{max-width:100%;height:"
      "auto}}"
      "\n</style>\n</head>\n<body>\n<h1>{0}</h1>\n",
      escape_html(std::string(title)));
  if (!question.empty()) {
    out +=
        fmt::format("<p><strong>Question:</strong> {}</p>\n", escape_html(std::string(question)));
  }
  out += body;
  return out + "</body>\n</html>\n";
}

}  // namespace edasim::report
