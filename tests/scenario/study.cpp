// Studies in a scenario file: [study] settings and [[designs]].
#include <catch2/catch.hpp>

#include "snippets.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::scenario;
using namespace edasim::scenario::testing;

namespace {

std::vector<Diagnostic> study_problems(std::string_view text) {
  try {
    load_study_text(text, "study.toml");
  } catch (const ScenarioError& e) {
    return e.diagnostics();
  }
  return {};
}

const std::string base = minimal + R"(
[study]
replications = 4
baseline = "one"
)";

}  // namespace

TEST_CASE("a plain scenario is a study of one design named after it") {
  const plan::StudyConfig s = load_study_text(minimal, "plain.toml");
  CHECK_FALSE(s.declared);
  REQUIRE(s.designs.size() == 1);
  CHECK(s.designs.front().name == "plain");
  CHECK(s.replications == 1);
  CHECK(s.designs.front().system.fleets.size() == 1);
}

TEST_CASE("designs set values on the base and the baseline comes first") {
  const plan::StudyConfig s = load_study_text(base + R"(
[[designs]]
name = "two"
description = "two instances"
set = { "consumers.c.instances" = 2, "queues.q.visibility_timeout" = "45s" }
[[designs]]
name = "one"
)",
                                              "s.toml");
  CHECK(s.declared);
  CHECK(s.replications == 4);
  REQUIRE(s.designs.size() == 2);
  CHECK(s.designs[0].name == "one");
  CHECK(s.designs[0].system.fleets.front().instances == 1);
  CHECK(s.designs[1].name == "two");
  CHECK(s.designs[1].description == "two instances");
  CHECK(s.designs[1].system.fleets.front().instances == 2);
  CHECK(s.designs[1].system.queues.front().visibility_timeout == seconds(45));
  // The workload is shared.
  CHECK(s.designs[0].system.producers.front().arrival.rate.per_second ==
        s.designs[1].system.producers.front().arrival.rate.per_second);
}

TEST_CASE("a design's own sections replace the base's") {
  const plan::StudyConfig s = load_study_text(minimal + R"(
[[designs]]
name = "same"
[[designs]]
name = "bus"
set = { "producers.p.to" = "bus.main" }
[designs.buses.main]
rules = [ { name = "all", pattern = '{"source": [{"exists": true}]}', targets = ["q2"] } ]
[designs.queues.q2]
[designs.consumers.c]
queue = "q2"
instances = 3
)",
                                              "s.toml");
  REQUIRE(s.designs.size() == 2);
  const SystemConfig& bus = s.designs[1].system;
  REQUIRE(bus.queues.size() == 1);
  CHECK(bus.queues.front().name == "q2");
  REQUIRE(bus.buses.size() == 1);
  CHECK(bus.producers.front().target_table == "buses");
  CHECK(bus.fleets.front().instances == 3);
  CHECK(s.designs[0].system.queues.front().name == "q");
}

TEST_CASE("a problem in some designs names them and one in all is reported once") {
  const auto found = study_problems(minimal + R"(
[[designs]]
name = "a"
set = { "consumers.c.instances" = 0 }
[[designs]]
name = "b"
)");
  REQUIRE(found.size() == 1);
  CHECK(found.front().key == "consumers.c.instances");
  CHECK(found.front().line == 11);
  CHECK(contains(found.front().message, "in design a:"));

  const auto everywhere = study_problems(R"(
[producers.p]
to = "queue.q"
rate = "1/s"
bogus = 1
[queues.q]
[consumers.c]
queue = "q"
[[designs]]
name = "a"
[[designs]]
name = "b"
)");
  REQUIRE(everywhere.size() == 1);
  CHECK(everywhere.front().key == "producers.p.bogus");
  CHECK_FALSE(contains(everywhere.front().message, "in design"));
}

TEST_CASE("an unknown baseline is an error with a suggestion") {
  const auto found = study_problems(minimal + R"(
[study]
baseline = "tw"
[[designs]]
name = "two"
)");
  REQUIRE(found.size() == 1);
  CHECK(found.front().key == "study.baseline");
  CHECK(contains(found.front().message, "did you mean \"two\""));
}

TEST_CASE("designs need distinct names and cannot hold study settings") {
  const auto found = study_problems(minimal + R"(
[[designs]]
name = "x"
[[designs]]
name = "x"
[designs.study]
replications = 3
)");
  REQUIRE(found.size() == 2);
  CHECK(contains(found[0].message, "already named \"x\""));
  CHECK(found[1].key == "designs[1].study");
}

TEST_CASE("study settings are validated") {
  const auto found = study_problems(minimal + R"(
[study]
replications = 0
confidence = 2
warmup = "soon"
stopping = { relative_half_width = 0.05 }
slos = [ { measure = "latency.end_to_end.p99" } ]
)");
  std::vector<std::string> keys;
  for (const Diagnostic& d : found) keys.push_back(d.key);
  CHECK(keys == std::vector<std::string>{"study.replications", "study.confidence", "study.warmup",
                                         "study.stopping.measure", "study.slos[0]"});
}

TEST_CASE("an SLO bound is a duration or a number") {
  const plan::StudyConfig s = load_study_text(minimal + R"(
[study]
warmup = "auto"
slos = [ { name = "fast", measure = "latency.end_to_end.p99", at_most = "250ms" },
         { measure = "events.processed", at_least = 100 } ]
)",
                                              "s.toml");
  CHECK(s.automatic_warmup);
  REQUIRE(s.slos.size() == 2);
  CHECK(s.slos[0].name == "fast");
  CHECK(s.slos[0].bound == Approx(0.25));
  CHECK(s.slos[0].at_most);
  CHECK(s.slos[0].origin == "s.toml:11:37: study.slos[0].measure");
  CHECK(s.slos[1].name == "events.processed");
  CHECK_FALSE(s.slos[1].at_most);
  CHECK(s.slos[1].bound == 100);
}

TEST_CASE("a single-design load refuses a study") {
  const Diagnostic d = only_problem(minimal + "[[designs]]\nname = \"a\"\n");
  CHECK(d.key == "designs");
  CHECK(contains(d.message, "edasim compare"));
}

TEST_CASE("separate files compared must share their producers") {
  const std::string dir = std::string(EDASIM_SOURCE_DIR) + "/scenarios/";
  const std::vector<std::filesystem::path> files{dir + "mmc.toml", dir + "flash-sale.toml"};
  try {
    load_designs(files);
    FAIL("designs with other producers were accepted");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics().front().key == "producers");
  }
  const std::vector<std::filesystem::path> same{dir + "mmc.toml", dir + "mmc.toml"};
  try {
    load_designs(same);
    FAIL("two designs with one name were accepted");
  } catch (const ScenarioError& e) {
    CHECK(contains(e.diagnostics().front().message, "distinct names"));
  }
}

TEST_CASE("a study shares its workload unless it says the workload varies") {
  CHECK_FALSE(
      load_study_text(base + "[[designs]]\nname = \"one\"\n", "study.toml").workload_varies);
  const std::string varies = minimal + R"(
[study]
workload = "varies"
[[designs]]
name = "one"
)";
  CHECK(load_study_text(varies, "study.toml").workload_varies);
  const auto found = study_problems(minimal + R"(
[study]
workload = "different"
[[designs]]
name = "one"
)");
  REQUIRE(found.size() == 1);
  CHECK(found.front().key == "study.workload");
  CHECK(contains(found.front().message, "\"varies\""));
}

TEST_CASE("a sweep makes a design of each grid point, the last path varying fastest") {
  const plan::StudyConfig s = load_study_text(minimal + R"(
[study.sweep]
"consumers.c.instances" = [2, 3]
"queues.q.visibility_timeout" = ["30s", "45s", "60s"]
)",
                                              "sweep.toml");
  CHECK(s.declared);
  std::vector<std::string> names;
  for (const plan::DesignConfig& d : s.designs) names.push_back(d.name);
  CHECK(names == std::vector<std::string>{
                     "instances=2,visibility_timeout=30s", "instances=2,visibility_timeout=45s",
                     "instances=2,visibility_timeout=60s", "instances=3,visibility_timeout=30s",
                     "instances=3,visibility_timeout=45s", "instances=3,visibility_timeout=60s"});
  REQUIRE(s.designs.size() == 6);
  CHECK(s.designs[4].system.fleets.front().instances == 3);
  CHECK(s.designs[4].system.queues.front().visibility_timeout == seconds(45));
  REQUIRE(s.designs[4].swept.size() == 2);
  CHECK(s.designs[4].swept[0].path == "consumers.c.instances");
  CHECK(s.designs[4].swept[0].text == "3");
  CHECK(s.designs[4].swept[0].number == 3.0);
  CHECK(s.designs[4].swept[1].path == "queues.q.visibility_timeout");
  CHECK(s.designs[4].swept[1].text == "45s");
  CHECK_FALSE(s.designs[4].swept[1].number);
}

TEST_CASE("a sweep's baseline is its first grid point unless study.baseline names another") {
  const std::string sweep = minimal + R"(
[study.sweep]
"consumers.c.instances" = [4, 2, 8]
)";
  CHECK(load_study_text(sweep, "s.toml").designs.front().name == "instances=4");
  const plan::StudyConfig s =
      load_study_text(sweep + "[study]\nbaseline = \"instances=8\"\n", "s.toml");
  std::vector<std::string> names;
  for (const plan::DesignConfig& d : s.designs) names.push_back(d.name);
  CHECK(names == std::vector<std::string>{"instances=8", "instances=4", "instances=2"});
  // A fraction is named as briefly as it reads back.
  const plan::StudyConfig f = load_study_text(minimal + R"(
[study.sweep]
"consumers.c.failure_probability" = [0.5, 2.5e-1]
)",
                                              "s.toml");
  REQUIRE(f.designs.size() == 2);
  CHECK(f.designs[1].name == "failure_probability=0.25");
  CHECK(f.designs[1].swept.front().number == 0.25);
  CHECK(f.designs[1].system.fleets.front().failure_probability == 0.25);
}

TEST_CASE("swept paths that end alike are named in full") {
  const plan::StudyConfig s = load_study_text(minimal + R"(
[consumers.d]
queue = "q"
[study.sweep]
"consumers.c.instances" = [1]
"consumers.d.instances" = [2, 3]
)",
                                              "s.toml");
  REQUIRE(s.designs.size() == 2);
  CHECK(s.designs[1].name == "consumers.c.instances=1,consumers.d.instances=3");
  CHECK(s.designs[1].system.fleets[1].instances == 3);
}

TEST_CASE("a sweep's mistakes are placed at its entries") {
  const auto keys = [](const std::vector<Diagnostic>& found) {
    std::vector<std::string> out;
    for (const Diagnostic& d : found) out.push_back(d.key + ": " + d.message);
    return out;
  };
  auto found = study_problems(minimal + R"(
[study.sweep]
"consumers.c.instances" = []
"queues.q.visibility_timeout" = "30s"
"consumers.c.batch_size" = [1, 2, 1]
)");
  CHECK(
      keys(found) ==
      std::vector<std::string>{
          R"(study.sweep."consumers.c.instances": expected at least one value to sweep)",
          R"(study.sweep."queues.q.visibility_timeout": expected a list of values to sweep, such as [4, 6, 8], got "30s")",
          R"(study.sweep."consumers.c.batch_size"[2]: the value 1 is listed twice)"});
  found = study_problems(minimal + R"(
[study.sweep]
"consumers.c.instances" = [1, 100000]
)");
  REQUIRE(found.size() == 1);
  CHECK(found.front().key == R"(study.sweep."consumers.c.instances"[1])");
  CHECK(found.front().line == 10);
  CHECK(contains(found.front().message,
                 "does not load with consumers.c.instances = 100000: consumers.c.instances: "
                 "expected an integer of at most"));
  // Every value of the first path with every value of the others: 11 x 11 x 10 > 1000.
  found = study_problems(minimal + R"(
[study.sweep]
"consumers.c.instances" = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
"consumers.c.batch_size" = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
"queues.q.visibility_timeout" = ["1s", "2s", "3s", "4s", "5s", "6s", "7s", "8s", "9s", "10s", "11s"]
)");
  REQUIRE(found.size() == 1);
  CHECK(found.front().key == "study.sweep");
  CHECK(found.front().message ==
        "the grid (11 x 10 x 11 values) has more than 1000 points; sweep fewer values, or fewer "
        "paths at once");
}

TEST_CASE(
    "a sweep of a study with [[designs]] runs every design at every value, design by design") {
  const plan::StudyConfig s = load_study_text(minimal + R"(
[study.sweep]
"consumers.c.instances" = [1, 2]
[[designs]]
name = "a"
[[designs]]
name = "b"
set = { "consumers.c.pollers" = 3 }
)",
                                              "study.toml");
  std::vector<std::string> names;
  for (const plan::DesignConfig& d : s.designs) names.push_back(d.name);
  CHECK(names == std::vector<std::string>{"a,instances=1", "a,instances=2", "b,instances=1",
                                          "b,instances=2"});
  REQUIRE(s.designs.size() == 4);
  for (std::size_t d = 0; d < 4; ++d) {
    INFO(s.designs[d].name);
    REQUIRE(s.designs[d].swept.size() == 1);
    CHECK(s.designs[d].swept.front().number == static_cast<double>(d % 2 + 1));
    CHECK(s.designs[d].system.fleets.front().instances == static_cast<std::int32_t>(d % 2 + 1));
    // Each copy keeps its design's own set values, and names the design.
    CHECK(s.designs[d].system.fleets.front().pollers_per_instance == (d < 2 ? 1 : 3));
    CHECK(s.designs[d].swept_from == (d < 2 ? "a" : "b"));
  }
  // A sweep without [[designs]] makes designs from no design.
  const plan::StudyConfig plain = load_study_text(minimal + R"(
[study.sweep]
"consumers.c.instances" = [1, 2]
)",
                                                  "study.toml");
  REQUIRE(plain.designs.size() == 2);
  CHECK(plain.designs[1].swept_from.empty());
}

TEST_CASE("a sweep is a table of lists and cannot go with a plan") {
  auto found = study_problems(minimal + R"(
[study]
sweep = [4, 8]
)");
  REQUIRE(found.size() == 1);
  CHECK(found.front().key == "study.sweep");
  CHECK(contains(found.front().message, "expected a table of key paths"));
  found = study_problems(minimal + R"(
[study.sweep]
"consumers.c.instances" = [1, 2]
[plan]
vary = { "consumers.c.instances" = { min = 1, max = 4 } }
slos = [{ measure = "latency.end_to_end.p99", at_most = "1s" }]
)");
  REQUIRE(found.size() == 1);
  CHECK(found.front().key == "plan");
  CHECK(contains(found.front().message, "has a [study.sweep]"));
}

TEST_CASE("a plan over designs plans each knob in the designs that have its component") {
  const plan::StudyConfig s = load_study_text(minimal + R"(
[plan]
vary = { "consumers.c.instances" = { min = 1, max = 4 }, "consumers.d.pollers" = { min = 1, max = 4 } }
slos = [{ measure = "latency.end_to_end.p99", at_most = "1s" }]

[[designs]]
name = "one"

[[designs]]
name = "two"
[designs.consumers.d]
queue = "q"
)",
                                              "study.toml");
  REQUIRE(s.plan);
  CHECK(s.plan->over_designs);
  REQUIRE(s.plan->knobs.size() == 2);
  // Design two's consumers replace the base's: it has d, not c.
  CHECK(s.plan->knobs[0].designs == std::vector<std::string>{"one"});
  CHECK(s.plan->knobs[1].designs == std::vector<std::string>{"two"});
  // A knob is set in the design's own scenario, after its sections.
  const model::SystemConfig two = load_design_variant_text(
      minimal + R"(
[[designs]]
name = "two"
[designs.consumers.d]
queue = "q"
)",
      "study.toml", {}, "two", std::vector<Override>{{"consumers.d.pollers", "3"}});
  REQUIRE(two.fleets.size() == 1);
  CHECK(two.fleets.front().pollers_per_instance == 3);
}

TEST_CASE("a plan of one scenario is not over designs, and its knobs name none") {
  const plan::StudyConfig s = load_study_text(minimal + R"(
[plan]
vary = { "consumers.c.instances" = { min = 1, max = 4 } }
slos = [{ measure = "latency.end_to_end.p99", at_most = "1s" }]
)",
                                              "plan.toml");
  REQUIRE(s.plan);
  CHECK_FALSE(s.plan->over_designs);
  CHECK(s.plan->knobs.front().designs.empty());
}

TEST_CASE("a design a study does not have is an error at designs") {
  try {
    load_design_variant_text(minimal + R"(
[[designs]]
name = "one"
)",
                             "study.toml", {}, "three", {});
    FAIL("a missing design loaded");
  } catch (const ScenarioError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics().front().key == "designs");
    CHECK(contains(e.diagnostics().front().message, "no design named \"three\""));
  }
}
