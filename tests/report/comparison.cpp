// The comparison report: its charts, and intervals that claim no more precision than the
// figures have.
#include "sim/report/comparison.hpp"
#include "sim/model/system_config.hpp"
#include "sim/plan/study.hpp"
#include "sim/report/measures.hpp"
#include "sim/scenario/load.hpp"
#include "tests/report/sample_run.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace edasim;
using namespace edasim::core;
using namespace edasim::metrics;
using namespace edasim::model;
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
  c.rows.push_back(row("queues.q.max_depth", plan::Unit::count, {50, 5}));
  plan::SloRow slo;
  slo.slo.name = "shallow";
  slo.slo.measure = "queues.q.max_depth";
  slo.verdicts = {plan::Verdict::not_met, plan::Verdict::met};
  c.slos.push_back(slo);
  const std::string html = comparison_html(c);
  const auto charts = html.find("<section id=\"charts\">");
  REQUIRE(charts != std::string::npos);
  CHECK(charts < html.find("<section id=\"latency\""));
  // Three headline measures exist (not lost, not calls), plus the SLO's.
  CHECK(count(html, "<svg") == 4);
  CHECK(html.find("data-measure=\"queues.q.max_depth\"") != std::string::npos);
  CHECK(html.find("data-measure=\"events.lost\"") == std::string::npos);
}

namespace {

plan::Comparison one_row(std::size_t replications, plan::Row r) {
  plan::Comparison c;
  c.name = "t";
  c.designs = {"only"};
  c.descriptions = {""};
  c.replications = replications;
  c.rows = {std::move(r)};
  return c;
}

plan::Row single(std::string measure, plan::Unit unit, double mean, double half_width) {
  plan::Row r = row(std::move(measure), unit, {mean});
  r.cells[0].value->half_width = half_width;
  return r;
}

}  // namespace

TEST_CASE("a figure carries no more digits than its interval supports") {
  // 203.1 ms ± 2.9 ms: tenths of a millisecond are noise.
  const std::string md = comparison_markdown(
      one_row(10, single("latency.end_to_end.p99", plan::Unit::seconds, 0.20312, 0.0029)));
  CHECK(count(md, "| 203.1 ± 2.9 ms |") == 1);
  const std::string wide = comparison_markdown(
      one_row(10, single("latency.end_to_end.p99", plan::Unit::seconds, 0.20312, 0.031)));
  CHECK(count(wide, "| 203 ± 31 ms |") == 1);
  CHECK(count(wide, "± 0.0") == 0);
}

TEST_CASE("a count interval reaching below zero is shown clipped at 0 and says so") {
  const plan::Comparison c = one_row(10, single("events.dlq", plan::Unit::count, 2.4, 3.1));
  const std::string md = comparison_markdown(c);
  CHECK(count(md, "| 2.4 (0 to 5.5) |") == 1);
  CHECK(count(md, "the lower bound is clipped at 0") == 1);
  const auto j = comparison_json(c, {});
  const auto& value = j["measures"][0]["designs"][0]["value"];
  CHECK(value["lower"] == 0.0);
  CHECK(value["upper"] == Approx(5.5));
  CHECK(value["lower_clipped_at_zero"] == true);
}

TEST_CASE("a study of fewer than 5 replications says its intervals are rough") {
  const plan::Row r = single("events.dlq", plan::Unit::count, 20, 3);
  const plan::Comparison rough = one_row(3, r);
  const std::string warning = "Only 3 replications: the intervals are rough";
  CHECK(count(comparison_markdown(rough), "**" + warning) == 1);
  CHECK(count(comparison_html(rough), warning) == 1);
  std::ostringstream terminal;
  write_comparison_summary(rough, terminal);
  CHECK(count(terminal.str(), warning) == 1);
  CHECK(comparison_json(rough, {})["rough_intervals"] == true);
  const plan::Comparison steady = one_row(5, r);
  CHECK(count(comparison_markdown(steady), "intervals are rough") == 0);
  CHECK(comparison_json(steady, {})["rough_intervals"] == false);
}

TEST_CASE("latency quantile measures carry their histogram bucket's width") {
  // The sample's slow delivery (2 s) is its p999: a 2 s value lies in a
  // bucket 2^24 ns (16.8 ms) wide; the mean is exact.
  const plan::Measures ms = measures_of(testing::sample_run());
  const auto find = [&](const std::string& name) {
    for (const plan::Measure& m : ms) {
      if (m.name == name) return m;
    }
    FAIL("no measure " << name);
    return plan::Measure{};
  };
  CHECK(find("latency.end_to_end.p999").resolution == Approx(16'777'216e-9));
  CHECK(find("latency.end_to_end.p50").resolution > 0);
  CHECK(find("latency.end_to_end.mean").resolution == 0);
  CHECK(find("events.dlq").resolution == 0);
}

TEST_CASE("a study compares designs on the wait to start and the utilization with SQS calls") {
  // Poisson arrivals into one queue whose receives take 20 ms, one consumer.
  SystemConfig s;
  s.name = "receive-latency";
  s.duration = minutes(10);
  ProducerConfig p;
  p.name = "arrivals";
  p.target_table = "queues";
  p.target = "work";
  p.arrival.rate = Rate{5};
  p.templates.push_back(EventTemplate{});
  s.producers.push_back(p);
  QueueConfig q;
  q.name = "work";
  q.api_latency = DurationDistribution(Distribution::constant(0.020));
  s.queues.push_back(q);
  FleetConfig f;
  f.name = "workers";
  f.queue = "work";
  f.batch_size = 1;
  f.processing = DurationDistribution(Distribution::exponential(0.1));
  s.fleets.push_back(f);
  plan::StudyConfig study;
  study.replications = 2;
  plan::DesignConfig only;
  only.name = "only";
  only.system = s;
  study.designs.push_back(only);

  const plan::StudyResult result = plan::run_study(study, measures_of);
  const plan::Comparison c = plan::compare(study, result);
  const auto mean_of = [&](const std::string& name) {
    for (const plan::Row& row : c.rows) {
      if (row.measure == name) {
        REQUIRE(row.cells.front().value);
        return row.cells.front().value->mean;
      }
    }
    FAIL("the study has no measure " << name);
    return 0.0;
  };
  // Every started message waited at least its receive's 20 ms.
  CHECK(mean_of("consumers.workers.latency.wait_to_start.p50") >= 0.020);
  CHECK(mean_of("consumers.workers.latency.wait_to_start.mean") >= 0.020);
  CHECK(mean_of("consumers.workers.latency.wait_to_start.p99") >=
        mean_of("consumers.workers.latency.wait_to_start.p50"));
  CHECK(mean_of("consumers.workers.utilization_with_sqs") >
        mean_of("consumers.workers.utilization"));
  double sum = 0;
  for (const plan::Measures& ms : result.designs.front().replications) {
    for (const plan::Measure& m : ms) {
      if (m.name == "consumers.workers.utilization_with_sqs") sum += m.value;
    }
  }
  CHECK(sum / 2 == Approx(mean_of("consumers.workers.utilization_with_sqs")));
}

TEST_CASE("a stopping rule finer than its measure's buckets is a warning in every report") {
  plan::Comparison c = one_row(3, row("latency.end_to_end.p99", plan::Unit::seconds, {1.0}));
  c.stopping = plan::StoppingRule{"latency.end_to_end.p99", 0.005, 5, 100, ""};
  c.precision_below_resolution = true;
  c.finest_relative_half_width = 1.0 / 64;
  const auto json = comparison_json(c, {})["stopping"];
  CHECK(json["precision_below_resolution"] == true);
  CHECK(json["finest_relative_half_width"].get<double>() == Approx(1.0 / 64));
  CHECK(count(comparison_markdown(c),
              "finer than its histogram buckets can show (±1.56% at best)") == 1);
  c.precision_below_resolution = false;
  CHECK(count(comparison_markdown(c), "finer than its histogram buckets") == 0);
}

namespace {

// A sweep of consumers.c.instances over 2, 4 and 8, with an SLO on the p99.
plan::Comparison swept_comparison() {
  plan::Comparison c;
  c.name = "sweep";
  c.designs = {"instances=2", "instances=4", "instances=8"};
  c.descriptions = {"", "", ""};
  c.replications = 3;
  c.sweep_paths = {"consumers.c.instances"};
  for (const int n : {2, 4, 8}) {
    c.swept.push_back({plan::SweptValue{"consumers.c.instances", std::to_string(n), double(n)}});
  }
  c.rows.push_back(row("latency.end_to_end.p99", plan::Unit::seconds, {0.8, 0.3, 0.1}));
  c.rows.push_back(row("cost.total", plan::Unit::usd, {100, 200, 400}));
  plan::SloRow slo;
  slo.slo.name = "fast";
  slo.slo.measure = "latency.end_to_end.p99";
  slo.slo.bound = 0.5;
  slo.unit = plan::Unit::seconds;
  slo.verdicts = {plan::Verdict::not_met, plan::Verdict::met, plan::Verdict::met};
  c.slos.push_back(slo);
  return c;
}

}  // namespace

TEST_CASE("compare.csv, compare.json and compare.md carry each design's swept values") {
  plan::Comparison c = swept_comparison();
  const std::string csv = comparison_csv(c);
  CHECK(
      csv.starts_with("measure,family,unit,design,mean,half_width,n,delta,delta_half_width,"
                      "delta_percent,delta_percent_half_width,consumers.c.instances\n"));
  CHECK(csv.find("\ncost.total,cost,usd_per_month,instances=4,200,") != std::string::npos);
  // Every row ends with its design's swept value.
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  int rows = 0;
  while (std::getline(lines, line)) {
    const std::string design = line.substr(line.find("instances="), 11);
    CHECK(line.substr(line.rfind(',') + 1) == design.substr(10));
    ++rows;
  }
  CHECK(rows == 6);

  const auto j = comparison_json(c, {});
  CHECK(j["sweep"] == nlohmann::ordered_json::array({"consumers.c.instances"}));
  CHECK(j["designs"][2]["swept"]["consumers.c.instances"] == 8);
  CHECK(comparison_markdown(c).find("| instances=4 | 4 |") != std::string::npos);

  // A string value (a duration) is written as set, quoted in CSV when it must be.
  c.sweep_paths = {"queues.\"a,b\".retention"};
  for (auto& v : c.swept) v = {plan::SweptValue{c.sweep_paths.front(), "4d", std::nullopt}};
  const std::string text = comparison_csv(c);
  CHECK(text.find(",\"queues.\"\"a,b\"\".retention\"\n") != std::string::npos);
  CHECK(text.find(",instances=8,") != std::string::npos);
  CHECK(text.ends_with(",4d\n"));
  CHECK(comparison_json(c, {})["designs"][0]["swept"]["queues.\"a,b\".retention"] == "4d");
}

TEST_CASE("compare.html draws a numeric sweep's measures against the swept value") {
  const plan::Comparison c = swept_comparison();
  const std::string html = comparison_html(c);
  // Two charts (p99 and cost), each a line through three points, no bars.
  CHECK(count(html, "<svg") == 2);
  CHECK(count(html, "<circle") == 6);
  CHECK(count(html, "<rect") == 0);
  CHECK(html.find(">consumers.c.instances</text>") != std::string::npos);
  CHECK(html.find(">latency.end_to_end.p99 (ms)</text>") != std::string::npos);
  // The SLO's bound, dashed, on the p99 chart only.
  CHECK(count(html, "stroke-dasharray") == 1);
  CHECK(html.find("fast ≤ 500.0 ms") != std::string::npos);
  CHECK(html.find("Each measure against consumers.c.instances") != std::string::npos);

  // A grid of two paths keeps one bar per design.
  plan::Comparison grid = c;
  grid.sweep_paths.push_back("queues.q.visibility_timeout");
  for (auto& v : grid.swept) v.push_back({"queues.q.visibility_timeout", "30s", std::nullopt});
  const std::string bars = comparison_html(grid);
  CHECK(count(bars, "<circle") == 0);
  CHECK(count(bars, "<rect") > 0);

  // A sweep of several [[designs]] draws one line per design against the
  // swept value, each in its own colour, named in a legend.
  plan::Comparison designs = c;
  designs.designs = {"polling,instances=2", "bus,instances=2", "bus,instances=4"};
  designs.swept[1] = designs.swept[0];
  designs.swept_from = {"polling", "bus", "bus"};
  const std::string lines = comparison_html(designs);
  CHECK(count(lines, "<rect") == 0);
  // Per chart: three points and a legend entry per design.
  CHECK(count(lines, "<circle") == 2 * (3 + 2));
  CHECK(count(lines, ">polling</text>") == 2);
  CHECK(count(lines, ">bus</text>") == 2);
  // One line, joining bus's two points, in bus's colour; polling's single
  // point has none. The polling points are in the first colour.
  CHECK(count(lines, "stroke=\"#f58518\" fill=\"none\"/>") == 2 * 2);  // line, legend
  CHECK(lines.find("stroke=\"#4c78a8\"><title>polling,instances=2") != std::string::npos);
  CHECK(lines.find("stroke=\"#f58518\"><title>bus,instances=4") != std::string::npos);
  CHECK(lines.find("one line per design of the study") != std::string::npos);
  CHECK(count(lines, "stroke-dasharray") == 1);

  // Values repeated with nothing to tell the designs apart keep bars: one
  // line through them would join different designs.
  designs.swept_from.clear();
  const std::string per_design = comparison_html(designs);
  CHECK(count(per_design, "<circle") == 0);
  CHECK(count(per_design, "<rect") > 0);
  // And so does a design that takes a value twice.
  designs.swept_from = {"bus", "bus", "bus"};
  CHECK(count(comparison_html(designs), "<rect") > 0);
}

TEST_CASE("compare.csv quotes a design name with a comma") {
  plan::Comparison c = swept_comparison();
  c.designs[1] = "bus,instances=4";
  const std::string csv = comparison_csv(c);
  CHECK(csv.find("\ncost.total,cost,usd_per_month,\"bus,instances=4\",200,") != std::string::npos);
}

TEST_CASE("a sweep study gives the same reports at any number of threads") {
  const plan::StudyConfig study = scenario::load_study_text(R"(
[scenario]
duration = "2m"
[producers.p]
to = "queue.q"
rate = "20/s"
[queues.q]
[consumers.c]
queue = "q"
processing = "150ms"
[study]
replications = 3
slos = [{ measure = "latency.end_to_end.p99", at_most = "1s" }]
[study.sweep]
"consumers.c.instances" = [3, 4, 6]
)",
                                                            "sweep.toml");
  REQUIRE(study.designs.size() == 3);
  const auto render = [&](std::int32_t threads) {
    plan::StudyOptions options;
    options.threads = threads;
    const plan::StudyResult result = plan::run_study(study, measures_of, options);
    std::string all;
    for (const ReportFile& f : render_comparison(plan::compare(study, result), result))
      all += f.name + "\n" + f.content;
    return all;
  };
  const std::string one = render(1);
  CHECK(one == render(3));
  CHECK(one.find("\"consumers.c.instances\": 4") != std::string::npos);
}

namespace {

plan::Comparison five_designs() {
  plan::Comparison c;
  c.name = "five";
  c.question =
      "Which of five designs keeps the checkout under a second at the peak, and at what "
      "price per month?";
  c.designs = {"baseline-design", "bigger-fleet", "fifo-queues", "lambda-consumers",
               "kinesis-stream"};
  c.descriptions = {"", "", "", "", ""};
  c.replications = 5;
  c.rows.push_back(row("latency.end_to_end.p99", plan::Unit::seconds, {2.0, 0.5, 3.1, 0.9, 1.2}));
  c.rows.push_back(row("events.dlq", plan::Unit::count, {10, 0, 4, 2, 7}));
  c.rows.push_back(row("cost.total", plan::Unit::usd, {300, 410, 350, 280, 520}));
  c.rows.push_back(row("queues.q.max_depth", plan::Unit::count, {50, 5, 80, 20, 1}));
  for (plan::Row& r : c.rows) {
    for (std::size_t d = 1; d < r.cells.size(); ++d) {
      Estimate delta;
      delta.mean = r.cells[d].value->mean - r.cells[0].value->mean;
      delta.half_width = 0.05 * std::abs(delta.mean) + 0.01;
      delta.n = 5;
      r.cells[d].delta = delta;
      r.cells[d].delta_percent = 100 * delta.mean / r.cells[0].value->mean;
      r.cells[d].delta_percent_half_width = 1.5;
    }
  }
  plan::SloRow slo;
  slo.slo.name = "fast-checkout";
  slo.slo.measure = "latency.end_to_end.p99";
  slo.slo.bound = 1.0;
  slo.slo.at_most = true;
  slo.unit = plan::Unit::seconds;
  slo.verdicts = {plan::Verdict::not_met, plan::Verdict::met, plan::Verdict::not_met,
                  plan::Verdict::met, plan::Verdict::uncertain};
  c.slos.push_back(slo);
  return c;
}

std::size_t widest(const std::string& text) {
  std::size_t out = 0, from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos;
       from = nl + 1, nl = text.find('\n', from))
    out = std::max(out, display_width(text.substr(from, nl - from)));
  return out;
}

}  // namespace

TEST_CASE("a five-design comparison fits an 80-column terminal, each delta beside its design") {
  const plan::Comparison c = five_designs();
  std::ostringstream unbounded, fitted;
  write_comparison_summary(c, unbounded);
  write_comparison_summary(c, fitted, 80);
  CHECK(widest(unbounded.str()) > 80);
  CHECK(widest(fitted.str()) <= 80);
  for (const std::string& design : c.designs) CHECK(count(fitted.str(), design) >= 1);
  // A line that heads a delta column heads its design's value column too.
  std::istringstream lines(fitted.str());
  std::size_t deltas = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("Δ kinesis-stream") == std::string::npos) continue;
    ++deltas;
    CHECK(count(line, "kinesis-stream") == 2);
  }
  CHECK(deltas > 0);
}

TEST_CASE("compare --summary shows the headline measures and the SLO verdicts alone") {
  std::ostringstream out;
  write_comparison_summary(five_designs(), out, 80, true);
  const std::string s = out.str();
  CHECK(widest(s) <= 80);
  CHECK(s.find("Headline") != std::string::npos);
  CHECK(s.find("latency.end_to_end.p99") != std::string::npos);
  CHECK(s.find("cost.total") != std::string::npos);
  CHECK(s.find("fast-checkout") != std::string::npos);
  CHECK(s.find("uncertain") != std::string::npos);
  CHECK(s.find("queues.q.max_depth") == std::string::npos);
  CHECK(s.find("Designs\n") == std::string::npos);
}

TEST_CASE("replications.csv holds every replication's value the intervals were computed from") {
  const plan::StudyConfig study = scenario::load_study_text(R"(
[scenario]
duration = "1m"
[producers.p]
to = "queue.q"
rate = "20/s"
[queues.q]
[consumers.c]
queue = "q"
processing = "150ms"
[study]
replications = 3
[study.sweep]
"consumers.c.instances" = [3, 4]
)",
                                                            "sweep.toml");
  plan::StudyOptions options;
  options.threads = 2;
  const plan::StudyResult result = plan::run_study(study, measures_of, options);
  const plan::Comparison c = plan::compare(study, result);
  const std::string csv = replications_csv(c, result);
  CHECK(csv.starts_with("measure,design,replication,value\n"));
  // One row per measure, design and replication.
  CHECK(count(csv, "\n") == 1 + c.rows.size() * 2 * 3);
  // The mean of a measure's three rows is compare.csv's mean.
  const auto produced = std::find_if(c.rows.begin(), c.rows.end(), [](const plan::Row& r) {
    return r.measure == "events.produced";
  });
  REQUIRE(produced != c.rows.end());
  double sum = 0;
  int rows = 0;
  std::istringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("events.produced,instances=4,")) continue;
    sum += std::stod(line.substr(line.rfind(',') + 1));
    ++rows;
  }
  CHECK(rows == 3);
  REQUIRE(produced->cells[1].value);
  CHECK(sum / 3 == Approx(produced->cells[1].value->mean));
  bool listed = false;
  for (const ReportFile& f : render_comparison(c, result)) listed |= f.name == "replications.csv";
  CHECK(listed);
}
