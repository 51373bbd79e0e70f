#include "sim/report/table.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <stdexcept>
#include <utility>

namespace edasim::report {

namespace {

// Columns are measured in code points, not bytes, so that a name with a
// non-ASCII character does not push the rest of its row out of line.
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string pad(const std::string& s, std::size_t width, Align align) {
  const std::size_t w = display_width(s);
  if (w >= width) return s;
  const std::string fill(width - w, ' ');
  return align == Align::left ? s + fill : fill + s;
}

// A pipe would end a Markdown cell early and a newline would end the row.
std::string escape_markdown(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// Markdown and HTML collapse leading spaces, which the tables use to show
// that a row is part of the one above it.
std::string keep_indent(const std::string& escaped) {
  const std::size_t spaces = escaped.find_first_not_of(' ');
  if (spaces == 0 || spaces == std::string::npos) return escaped;
  std::string out;
  for (std::size_t i = 0; i < spaces; ++i) out += "&nbsp;";
  return out + escaped.substr(spaces);
}

}  // namespace

Table::Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

void Table::add_row(std::vector<std::string> cells) {
  if (cells.size() > columns_.size()) {
    throw std::logic_error("report table row has " + std::to_string(cells.size()) + " cells for " +
                           std::to_string(columns_.size()) + " columns");
  }
  if (has_total_) throw std::logic_error("report table row added after its total");
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

void Table::add_total(std::vector<std::string> cells) {
  add_row(std::move(cells));
  has_total_ = true;
}

std::string Table::to_text(const std::string& indent) const {
  std::vector<std::size_t> widths;
  for (const Column& c : columns_) widths.push_back(display_width(c.header));
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string out = indent;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) out += "  ";
      out += pad(cells[i], widths[i], columns_[i].align);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  const auto rule = [&] {
    std::string out = indent;
    for (std::size_t i = 0; i < columns_.size(); ++i) {
      if (i > 0) out += "  ";
      out += std::string(widths[i], '-');
    }
    return out + "\n";
  };
  std::vector<std::string> headers;
  for (const Column& c : columns_) headers.push_back(c.header);
  std::string out = line(headers) + rule();
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    if (has_total_ && r + 1 == rows_.size()) out += rule();
    out += line(rows_[r]);
  }
  return out;
}

std::string Table::to_markdown() const {
  std::string out = "|";
  for (const Column& c : columns_) out += fmt::format(" {} |", escape_markdown(c.header));
  out += "\n|";
  for (const Column& c : columns_) out += c.align == Align::left ? " :--- |" : " ---: |";
  out += "\n";
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const bool total = has_total_ && r + 1 == rows_.size();
    out += "|";
    for (const std::string& cell : rows_[r]) {
      if (total && !cell.empty()) {
        out += fmt::format(" **{}** |", keep_indent(escape_markdown(cell)));
      } else {
        out += fmt::format(" {} |", keep_indent(escape_markdown(cell)));
      }
    }
    out += "\n";
  }
  return out;
}

std::string Table::to_html() const {
  const auto cell = [&](const char* tag, std::size_t i, const std::string& text) {
    const char* cls = columns_[i].align == Align::right ? " class=\"num\"" : "";
    return fmt::format("<{0}{1}>{2}</{0}>", tag, cls, keep_indent(escape_html(text)));
  };
  std::string out = "<table>\n<thead><tr>";
  for (std::size_t i = 0; i < columns_.size(); ++i) out += cell("th", i, columns_[i].header);
  out += "</tr></thead>\n<tbody>\n";
  const std::size_t body = has_total_ ? rows_.size() - 1 : rows_.size();
  for (std::size_t r = 0; r < body; ++r) {
    out += "<tr>";
    for (std::size_t i = 0; i < columns_.size(); ++i) out += cell("td", i, rows_[r][i]);
    out += "</tr>\n";
  }
  out += "</tbody>\n";
  if (has_total_) {
    out += "<tfoot><tr>";
    for (std::size_t i = 0; i < columns_.size(); ++i) out += cell("td", i, rows_.back()[i]);
    out += "</tr></tfoot>\n";
  }
  return out + "</table>\n";
}

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace edasim::report
