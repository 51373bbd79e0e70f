#include "sim/report/table.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <stdexcept>

#include "tests/report/text.hpp"

using namespace edasim::report;

namespace {

Table sample_table() {
  Table t({{"queue", Align::left}, {"sent"}});
  t.add_row({"orders", "1,234"});
  t.add_row({"a|b", "5"});
  t.add_total({"total", "1,239"});
  return t;
}

}  // namespace

TEST_CASE("text tables align names left and numbers right", "[table]") {
  CHECK(sample_table().to_text("") ==
        "queue    sent\n"
        "------  -----\n"
        "orders  1,234\n"
        "a|b         5\n"
        "------  -----\n"
        "total   1,239\n");
}

TEST_CASE("markdown tables escape pipes and bold the total", "[table]") {
  const std::string md = sample_table().to_markdown();
  CHECK(md.find("| queue | sent |\n| :--- | ---: |\n") == 0);
  CHECK(md.find("| a\\|b | 5 |") != std::string::npos);
  CHECK(md.find("| **total** | **1,239** |") != std::string::npos);
}

TEST_CASE("html tables escape cells and put the total in the footer", "[table]") {
  Table t({{"name", Align::left}});
  t.add_row({"<script>"});
  t.add_total({"all"});
  const std::string html = t.to_html();
  CHECK(html.find("&lt;script&gt;") != std::string::npos);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("<tfoot><tr><td>all</td></tr></tfoot>") != std::string::npos);
}

TEST_CASE("a row wider than the table is a bug, not data", "[table]") {
  Table t({{"a"}});
  CHECK_THROWS_AS(t.add_row({"1", "2"}), std::logic_error);
}

namespace {

std::size_t widest_line(const std::string& text) {
  std::size_t widest = 0, from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos;
       from = nl + 1, nl = text.find('\n', from))
    widest = std::max(widest, display_width(text.substr(from, nl - from)));
  return widest;
}

}  // namespace

TEST_CASE("a table that fits its width is drawn as if it had none", "[table]") {
  CHECK(sample_table().to_text("", 13) == sample_table().to_text(""));
}

TEST_CASE("a table too wide wraps its last column of prose beside the figures", "[table]") {
  Table t({{"", Align::left}, {"count"}, {"what it counts", Align::left}});
  t.add_row({"unrouted", "0", "matched no rule or subscription: discarded by the bus or topic"});
  const std::string text = t.to_text("  ", 50);
  CHECK(widest_line(text) <= 50);
  CHECK(text ==
        "            count  what it counts\n"
        "  --------  -----  -------------------------------\n"
        "  unrouted      0  matched no rule or\n"
        "                   subscription: discarded by the\n"
        "                   bus or topic\n");
}

TEST_CASE("a table too wide goes on in tables that repeat its row labels and total", "[table]") {
  Table t({{"queue", Align::left},
           {"sent"},
           {"received"},
           {"deleted"},
           {"max depth"},
           {"max age"},
           {"depth at end"}});
  t.add_row({"orders", "1,234,567", "1,234,567", "1,234,560", "70,876", "18m 45s", "7"});
  t.add_total({"total", "1,234,567", "1,234,567", "1,234,560", "", "", "7"});
  const std::string text = t.to_text("  ", 40);
  CHECK(widest_line(text) <= 40);
  CHECK(testing::occurrences(text, "orders") == 3);
  CHECK(testing::occurrences(text, "total") == 3);
  // Every figure is still there, in the columns' order.
  for (const char* figure : {"1,234,567", "1,234,560", "70,876", "18m 45s", "7"})
    CHECK(text.find(figure) != std::string::npos);
  CHECK(text.find("sent") < text.find("depth"));
  CHECK(text.find("1,234,560") < text.find("18m 45s"));
}

TEST_CASE("columns kept together stay in the same part of a split table", "[table]") {
  Table t({{"measure", Align::left},
           {"a (baseline)"},
           {"b"},
           {"Δ b", Align::right, true},
           {"c"},
           {"Δ c", Align::right, true}});
  t.add_row({"p99", "1.00 ± 0.02 s", "2.00 ± 0.03 s", "+1.00 ± 0.03 s (+100.0 ± 3.0%)",
             "0.50 ± 0.01 s", "-0.50 ± 0.02 s (-50.0 ± 1.0%)"});
  const std::string text = t.to_text("  ", 60);
  CHECK(widest_line(text) <= 60);
  // Each design's value and its delta are on one line.
  const auto line_of = [&](const std::string& part) {
    const auto at = text.find(part);
    REQUIRE(at != std::string::npos);
    return text.substr(text.rfind('\n', at) + 1, text.find('\n', at) - text.rfind('\n', at) - 1);
  };
  CHECK(line_of("2.00 ± 0.03 s").find("+1.00 ± 0.03 s") != std::string::npos);
  CHECK(line_of("0.50 ± 0.01 s").find("-0.50 ± 0.02 s") != std::string::npos);
}

TEST_CASE("prose wraps at spaces to its width and leaves a long word whole", "[table]") {
  CHECK(wrap_text("one two three four", "> ", "  ", 9) == "> one two\n  three\n  four\n");
  CHECK(wrap_text("a reports/flash-sale/report-json", "", "", 10) ==
        "a\nreports/flash-sale/report-json\n");
  CHECK(wrap_text("no width", "  ", "  ", 0) == "  no width\n");
}

TEST_CASE("a dotted name too long for its line breaks after a dot, never inside a number",
          "[table]") {
  CHECK(wrap_text("per_1000_events.ChangeMessageVisibility", "", "  ", 24) ==
        "per_1000_events.\n  ChangeMessageVisibility\n");
  CHECK(wrap_text("p99 1,234.5 ms", "", "", 8) == "p99\n1,234.5\nms\n");
  CHECK(dotted_pieces("a.b.c") == std::vector<std::string>{"a.", "b.", "c"});
  CHECK(dotted_pieces("end.") == std::vector<std::string>{"end."});
}
