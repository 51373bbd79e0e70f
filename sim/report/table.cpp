#include "sim/report/table.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <stdexcept>
#include <utility>

namespace edasim::report {

namespace {

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

std::string Table::to_text(const std::string& indent, std::size_t width) const {
  std::vector<std::size_t> widths;
  for (const Column& c : columns_) widths.push_back(display_width(c.header));
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  const auto span = [&](const std::vector<std::size_t>& shown) {
    std::size_t total = display_width(indent);
    for (std::size_t k = 0; k < shown.size(); ++k) total += widths[shown[k]] + (k > 0 ? 2 : 0);
    return total;
  };
  std::vector<std::size_t> all(columns_.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  if (width == 0 || span(all) <= width) return draw(indent, all, widths, {});

  // A header wider than its figures ("billing units in run") goes on over
  // two lines: the cheapest room there is.
  const auto longest_word = [](const std::string& text) {
    std::size_t longest = 0, from = 0;
    while (from <= text.size()) {
      std::size_t end = text.find(' ', from);
      if (end == std::string::npos) end = text.size();
      longest = std::max(longest, display_width(text.substr(from, end - from)));
      from = end + 1;
    }
    return longest;
  };
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    std::size_t tight = longest_word(columns_[i].header);
    for (const auto& row : rows_) tight = std::max(tight, display_width(row[i]));
    widths[i] = tight;
  }
  if (span(all) <= width) return draw(indent, all, widths, {});

  // Prose in the last column (what a row means) reads as well wrapped, and
  // keeps the figures beside their labels.
  const std::size_t last = columns_.size() - 1;
  if (columns_.size() > 1 && columns_[last].align == Align::left) {
    constexpr std::size_t kNarrowestProse = 24;
    const std::size_t others = span(all) - widths[last];
    if (others + kNarrowestProse <= width) {
      widths[last] = width - others;
      return draw(indent, all, widths, {});
    }
  }

  // Otherwise the figures go on in further tables, each led by the row
  // labels: the leading left-aligned columns (at least the first). Long
  // labels wrap at two fifths of the width, so that figures have room.
  std::vector<std::size_t> labels{0};
  while (labels.size() < columns_.size() && columns_[labels.size()].align == Align::left &&
         span(labels) + 2 + widths[labels.size()] <= width / 2)
    labels.push_back(labels.size());
  if (labels.size() == 1 && columns_[0].align == Align::left) {
    // A dotted name wraps at its dots.
    const auto longest_piece = [&](const std::string& text) {
      std::size_t longest = 0;
      for (const std::string& piece : dotted_pieces(text))
        longest = std::max(longest, longest_word(piece));
      return longest;
    };
    std::size_t longest = longest_piece(columns_[0].header);
    for (const auto& row : rows_) longest = std::max(longest, longest_piece(row[0]));
    widths[0] = std::min(widths[0], std::max(longest, width * 2 / 5));
  }
  // Columns kept together (a value and its delta) are placed as one.
  std::vector<std::vector<std::size_t>> units;
  for (std::size_t i = labels.size(); i < columns_.size(); ++i) {
    if (units.empty() || !columns_[i].with_previous) units.emplace_back();
    units.back().push_back(i);
  }
  // Packs the units into parts no wider than `limit` (a unit too wide for
  // any part has one of its own).
  const auto pack = [&](std::size_t limit) {
    std::vector<std::vector<std::size_t>> parts;
    std::vector<std::size_t> shown = labels;
    for (const auto& unit : units) {
      std::vector<std::size_t> more = shown;
      more.insert(more.end(), unit.begin(), unit.end());
      if (shown.size() > labels.size() && span(more) > limit) {
        parts.push_back(shown);
        shown = labels;
        shown.insert(shown.end(), unit.begin(), unit.end());
      } else {
        shown = std::move(more);
      }
    }
    if (shown.size() > labels.size() || parts.empty()) parts.push_back(shown);
    return parts;
  };
  // As few parts as the width allows, then as even as they can be: no part
  // left holding a single column the others had no room for.
  std::vector<std::vector<std::size_t>> parts = pack(width);
  for (std::size_t limit = span(labels); limit < width; ++limit) {
    auto even = pack(limit);
    if (even.size() <= parts.size()) {
      parts = std::move(even);
      break;
    }
  }
  std::string out;
  for (const auto& part : parts) {
    out += (out.empty() ? "" : "\n") + draw(indent, part, widths, labels);
  }
  return out;
}

std::string Table::draw(const std::string& indent, const std::vector<std::size_t>& shown,
                        const std::vector<std::size_t>& widths,
                        const std::vector<std::size_t>& labels) const {
  // A left-aligned cell wider than its column (only prose in a last column
  // is given less than its width) goes on over continuation lines.
  const auto line = [&](const std::vector<std::string>& cells) {
    std::vector<std::vector<std::string>> parts;
    std::size_t lines = 1;
    for (const std::size_t i : shown) {
      if (display_width(cells[i]) <= widths[i]) {
        parts.push_back({cells[i]});
        continue;
      }
      std::vector<std::string> wrapped;
      // A row's indent (a rule under its bus, a part of the row above)
      // stays, and its continuation lines go in further.
      const std::size_t lead = std::min(cells[i].find_first_not_of(' '), cells[i].size());
      const std::string indent_of(lead, ' ');
      const std::string text =
          wrap_text(cells[i].substr(lead), indent_of, lead > 0 ? indent_of + "  " : "", widths[i]);
      std::size_t from = 0;
      for (std::size_t nl = text.find('\n'); nl != std::string::npos;
           from = nl + 1, nl = text.find('\n', from))
        wrapped.push_back(text.substr(from, nl - from));
      lines = std::max(lines, wrapped.size());
      parts.push_back(std::move(wrapped));
    }
    std::string out;
    for (std::size_t l = 0; l < lines; ++l) {
      std::string text = indent;
      for (std::size_t k = 0; k < shown.size(); ++k) {
        if (k > 0) text += "  ";
        const std::string& cell = l < parts[k].size() ? parts[k][l] : std::string();
        text += pad(cell, widths[shown[k]], columns_[shown[k]].align);
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out += text + "\n";
    }
    return out;
  };
  const auto rule = [&] {
    std::string out = indent;
    for (std::size_t k = 0; k < shown.size(); ++k) {
      if (k > 0) out += "  ";
      out += std::string(widths[shown[k]], '-');
    }
    return out + "\n";
  };
  std::vector<std::string> headers;
  for (const Column& c : columns_) headers.push_back(c.header);
  std::string out = line(headers) + rule();
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    const bool total = has_total_ && r + 1 == rows_.size();
    // A part of a split table whose figures have no total says nothing in
    // its total row.
    if (total && !labels.empty() && std::all_of(shown.begin(), shown.end(), [&](std::size_t i) {
          return std::find(labels.begin(), labels.end(), i) != labels.end() || rows_[r][i].empty();
        }))
      break;
    if (total) out += rule();
    out += line(rows_[r]);
  }
  return out;
}

std::vector<std::string> dotted_pieces(const std::string& word) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t dot = word.find('.'); dot != std::string::npos && dot + 1 < word.size();
       from = dot + 1, dot = word.find('.', from))
    out.push_back(word.substr(from, dot + 1 - from));
  out.push_back(word.substr(from));
  return out;
}

std::size_t display_width(const std::string& s) {
  // Code points, not bytes, so that a name with a non-ASCII character does
  // not push the rest of its row out of line.
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string wrap_text(const std::string& text, const std::string& first, const std::string& rest,
                      std::size_t width) {
  if (width == 0) return first + text + "\n";
  // The pieces lines are made of, each with whether a space goes before it:
  // the words, and a word too long for a line of its own (a dotted measure
  // name) in pieces that end at its dots.
  std::vector<std::pair<std::string, bool>> pieces;
  const std::size_t room = width > display_width(rest) ? width - display_width(rest) : 1;
  std::size_t from = 0;
  while (from <= text.size()) {
    std::size_t end = text.find(' ', from);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(from, end - from);
    from = end + 1;
    if (word.empty()) continue;
    if (display_width(word) <= room) {
      pieces.emplace_back(word, true);
      continue;
    }
    // The first piece follows a space, the others their dot.
    const std::vector<std::string> parts = dotted_pieces(word);
    for (std::size_t i = 0; i < parts.size(); ++i) pieces.emplace_back(parts[i], i == 0);
  }
  std::string out;
  std::string line = first;
  std::size_t used = display_width(first);
  bool empty = true;  // nothing on this line yet
  for (const auto& [piece, spaced] : pieces) {
    const std::size_t w = display_width(piece) + (spaced && !empty ? 1 : 0);
    if (!empty && used + w > width) {
      out += line + "\n";
      line = rest;
      used = display_width(rest);
      empty = true;
    }
    if (!empty && spaced) {
      line += ' ';
      ++used;
    }
    line += piece;
    used += display_width(piece);
    empty = false;
  }
  return out + line + "\n";
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
  // A wide table scrolls inside its box rather than run off the page.
  std::string out = "<div class=\"scroll\"><table>\n<thead><tr>";
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
  return out + "</table></div>\n";
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
