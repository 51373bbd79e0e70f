#include "sim/report/table.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

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
