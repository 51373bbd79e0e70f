// The comparison report's HTML opens with charts of the headline measures.
#include "sim/report/comparison.hpp"

#include <catch2/catch.hpp>

using namespace edasim;
using namespace edasim::report;

namespace {

plan::Row row(std::string measure, plan::Unit unit, std::vector<double> means) {
  plan::Row r;
  r.measure = std::move(measure);
  r.family = r.measure.substr(0, r.measure.find('.'));
  r.unit = unit;
  for (double m : means) {
    plan::Cell c;
    Estimate e;
    e.mean = m;
    e.half_width = 0.1 * m;
    e.n = 3;
    c.value = e;
    r.cells.push_back(c);
  }
  return r;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("compare.html charts the headline measures present and each SLO's measure") {
  plan::Comparison c;
  c.name = "t";
  c.designs = {"before", "after"};
  c.descriptions = {"", ""};
  c.replications = 3;
  c.rows.push_back(row("latency.end_to_end.p99", plan::Unit::seconds, {2.0, 0.5}));
  c.rows.push_back(row("events.dlq", plan::Unit::count, {10, 0}));
  c.rows.push_back(row("cost.total", plan::Unit::usd, {300, 200}));
  c.rows.push_back(row("queue.q.max_depth", plan::Unit::count, {50, 5}));
  plan::SloRow slo;
  slo.slo.name = "shallow";
  slo.slo.measure = "queue.q.max_depth";
  slo.verdicts = {plan::Verdict::not_met, plan::Verdict::met};
  c.slos.push_back(slo);
  const std::string html = comparison_html(c);
  const auto charts = html.find("<section id=\"charts\">");
  REQUIRE(charts != std::string::npos);
  CHECK(charts < html.find("<section id=\"latency\""));
  // Three headline measures exist (not lost, not calls), plus the SLO's.
  CHECK(count(html, "<svg") == 4);
  CHECK(html.find("aria-label=\"queue.q.max_depth\"") != std::string::npos);
  CHECK(html.find("aria-label=\"events.lost\"") == std::string::npos);
}
