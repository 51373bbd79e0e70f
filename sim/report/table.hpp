// Table: one table of a report, as text cells, before it is drawn for the
// terminal, Markdown or HTML.
//
// Promises: cells are kept exactly as given; a row shorter than the header is
// padded with empty cells when drawn and a longer one is an error (a bug in
// the report, not in the data), so every drawing has straight columns. Drawn
// as text for a width, nothing is dropped: a table too wide for it wraps its
// last column of prose, else goes on in further tables that repeat its
// leading label columns.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace edasim::report {

enum class Align { left, right };

struct Column {
  std::string header;
  Align align = Align::right;
  // Kept beside the column before it when a narrow terminal splits the
  // table (a design's delta beside its value).
  bool with_previous = false;
};

class Table {
 public:
  explicit Table(std::vector<Column> columns);

  // Throws std::logic_error when the row has more cells than columns.
  void add_row(std::vector<std::string> cells);
  // A closing row that adds up the ones above it; drawn set apart.
  void add_total(std::vector<std::string> cells);

  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }
  bool has_total() const { return has_total_; }
  bool empty() const { return rows_.empty(); }

  // Aligned plain text: a header, a rule, the rows, and a rule before the
  // total. Columns are two spaces apart; every line starts with indent.
  // With a width (0: none), a table wider than it first wraps a last
  // left-aligned column (prose) to what is left, then splits its other
  // columns over as many tables as it takes, each repeating the leading
  // left-aligned columns (the row labels) and the total.
  std::string to_text(const std::string& indent = "  ", std::size_t width = 0) const;
  // A GitHub-flavoured Markdown table; the total row is bold.
  std::string to_markdown() const;
  // An HTML <table> in a <div class="scroll"> (the page's style lets a wide
  // table scroll there); the total row goes in <tfoot>.
  std::string to_html() const;

 private:
  // The columns `shown` at `widths`, a cell wider than its column wrapped;
  // `labels` are the row labels of a part of a split table.
  std::string draw(const std::string& indent, const std::vector<std::size_t>& shown,
                   const std::vector<std::size_t>& widths,
                   const std::vector<std::size_t>& labels) const;

  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
  bool has_total_ = false;
};

// `text` as lines of at most `width` code points (0: one line), broken at
// spaces, the first starting with `first` and the others with `rest`; a
// word longer than a line breaks after its dots, and a piece longer than a
// line is left whole. Each line ends in a newline.
std::string wrap_text(const std::string& text, const std::string& first, const std::string& rest,
                      std::size_t width);

// `word` in pieces that end at its dots ("a.b.c" -> "a.", "b.", "c"): where
// a dotted name too long for its line may break.
std::vector<std::string> dotted_pieces(const std::string& word);

// Code points, which is how wide a cell of names and figures is drawn.
std::size_t display_width(const std::string& s);

// Text made safe for HTML element content and attribute values.
std::string escape_html(const std::string& text);

}  // namespace edasim::report
