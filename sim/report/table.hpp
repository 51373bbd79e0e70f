// Table: one table of a report, as text cells, before it is drawn for the
// terminal, Markdown or HTML.
//
// Promises: cells are kept exactly as given; a row shorter than the header is
// padded with empty cells when drawn and a longer one is an error (a bug in
// the report, not in the data), so every drawing has straight columns.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace edasim::report {

enum class Align { left, right };

struct Column {
  std::string header;
  Align align = Align::right;
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
  std::string to_text(const std::string& indent = "  ") const;
  // A GitHub-flavoured Markdown table; the total row is bold.
  std::string to_markdown() const;
  // An HTML <table>; the total row goes in <tfoot>.
  std::string to_html() const;

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
  bool has_total_ = false;
};

// Text made safe for HTML element content and attribute values.
std::string escape_html(const std::string& text);

}  // namespace edasim::report
