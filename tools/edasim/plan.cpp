// edasim plan: find the cheapest values of a scenario's [plan] knobs that
// meet its SLOs, and write the plan's reports.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "sim/plan/design_plans.hpp"
#include "sim/plan/planner.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/warm_start.hpp"
#include "sim/report/measures.hpp"
#include "sim/report/plan_report.hpp"
#include "sim/report/terminal.hpp"
#include "sim/scenario/load.hpp"
#include "tools/edasim/commands.hpp"
#include "tools/edasim/options.hpp"
#include "tools/edasim/overrides.hpp"
#include "tools/edasim/processes.hpp"
#include "tools/edasim/validate.hpp"

namespace edasim::cli {

namespace {

// The design at `point`: the scenario with the user's --set values, then
// each knob's value, read as `edasim run` would read it.
model::SystemConfig design_at(const std::string& text, const std::string& file,
                              const std::vector<scenario::Override>& overrides,
                              const plan::PlanConfig& plan, const plan::Point& point,
                              std::optional<std::uint64_t> seed) {
  std::vector<scenario::Override> with = overrides;
  for (std::size_t k = 0; k < plan.knobs.size(); ++k)
    with.push_back({plan.knobs[k].path, plan.knobs[k].text(point[k])});
  model::SystemConfig system = scenario::load_variant_text(text, file, with);
  if (seed) system.seed = *seed;
  return system;
}

// The design named `design` of a study at `point` of its plan: the study's
// file with the user's --set values, the design derived from it, then each
// knob's value set in the design, as a design's `set` values are.
model::SystemConfig design_variant(const std::string& text, const std::string& file,
                                   const std::vector<scenario::Override>& overrides,
                                   const std::string& design, const plan::PlanConfig& plan,
                                   const plan::Point& point, std::optional<std::uint64_t> seed) {
  std::vector<scenario::Override> knobs;
  for (std::size_t k = 0; k < plan.knobs.size(); ++k)
    knobs.push_back({plan.knobs[k].path, plan.knobs[k].text(point[k])});
  model::SystemConfig system =
      scenario::load_design_variant_text(text, file, overrides, design, knobs);
  if (seed) system.seed = *seed;
  return system;
}

// The terminal summary, then plan.json, plan.md and plan.html.
int write_reports(const report::PlanReport& reported, const plan::StudyConfig& study,
                  const CompareOptions& options) {
  const std::filesystem::path dir = options.out.empty()
                                        ? std::filesystem::path("reports") / study.name
                                        : std::filesystem::path(options.out);
  if (!options.quiet) report::write_plan_summary(reported, std::cout, report::terminal_width());
  try {
    report::replace_directory(dir, report::render_plan(reported));
  } catch (const std::runtime_error& e) {
    std::cerr << "edasim plan: cannot write the reports: " << e.what() << '\n';
    return exit_bad_input;
  }
  if (!options.quiet) std::cout << "\nReports written to " << dir.string() << "/\n";
  return exit_ok;
}

}  // namespace

int plan(const std::vector<std::string>& args) {
  CLI::App app{"Find the cheapest values of a scenario's [plan] knobs that meet its SLOs.", "plan"};
  std::string file;
  std::vector<std::string> sets;
  CompareOptions options;
  app.add_option("scenario", file, "A scenario with a [plan] table")->required();
  app.add_option("--replications,-r", options.replications,
                 "Replications per point searched (default: plan.replications)")
      ->check(CLI::Range(2, 10000));
  add_replicated_run_options(app, options, sets, "reports/<scenario name>");
  if (auto code = parse(app, args)) return *code;
  // Before loading, so that only rank 0 reports a bad scenario.
  const Processes processes("plan", threads_of(options));
  if (processes.refused()) return exit_bad_input;

  plan::StudyConfig study;
  std::string text;
  std::vector<scenario::Override> overrides;
  try {
    overrides = parse_overrides(sets);
    text = scenario::read_scenario_file(file);
    std::vector<scenario::Diagnostic> warnings;
    study = scenario::load_study_text(text, file, overrides, &warnings);
    print_warnings(warnings);
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_bad_input;
  } catch (const BadOverride& e) {
    std::cerr << "edasim plan: " << e.what() << '\n';
    return exit_bad_input;
  }
  if (!study.plan) {
    std::cerr << file
              << ": no [plan] table: a plan names the knobs to vary and the SLOs to meet "
                 "(see docs/scenario/plan.md)\n";
    return exit_bad_input;
  }
  if (const auto problems = unknown_measures(study); !problems.empty()) {
    for (const std::string& p : problems) std::cerr << p << '\n';
    return exit_bad_input;
  }
  plan::PlanConfig& plan = *study.plan;
  if (options.replications) {
    plan.replications = *options.replications;
    plan.verify_replications = std::max(plan.verify_replications, 2 * plan.replications);
  }
  const model::SystemConfig& base = study.designs.front().system;
  const std::uint64_t seed = options.seed.value_or(base.seed);

  plan::StudyOptions run;
  run.threads = threads_of(options);
  run.workers = processes.workers();
  std::int32_t points = 0;
  if (plan.over_designs) {
    const plan::DesignVariant variant = [&](const plan::DesignConfig& design,
                                            const plan::PlanConfig& p, const plan::Point& point) {
      return design_variant(text, file, overrides, design.name, p, point, options.seed);
    };
    const plan::PointStarted started = [&](const plan::DesignConfig& design,
                                           const plan::PlanConfig& p, const plan::Point& point) {
      if (options.quiet) return;
      const std::string knobs = plan::describe(p, point);
      std::cerr << "point " << ++points << ": " << design.name << ": "
                << (knobs.empty() ? "as written" : knobs) << '\n';
    };
    plan::DesignsPlan planned;
    try {
      planned = plan::plan_designs(study, variant, report::measures_of, run, started);
    } catch (const scenario::ScenarioError& e) {
      std::cerr << e.what() << '\n';
      return exit_bad_input;
    }
    if (!processes.writes_reports()) return exit_ok;
    const plan::DesignPlan& shown = planned.designs[planned.cheapest.value_or(0)];
    const report::PlanReport reported{study, shown.plan, shown.result, seed, &planned};
    return write_reports(reported, study, options);
  }
  const plan::DesignAt at = [&](const plan::Point& point) {
    if (!options.quiet) {
      std::cerr << "point " << ++points << ": " << plan::describe(plan, point) << '\n';
    }
    return design_at(text, file, overrides, plan, point, options.seed);
  };
  // The warm start makes designs too, to check their capacity; it simulates
  // none of them, so it shows no progress.
  const plan::DesignAt design_quietly = [&](const plan::Point& point) {
    return design_at(text, file, overrides, plan, point, options.seed);
  };
  const plan::PointRunner runner = plan::simulate_points(study, at, report::measures_of, run);
  plan::PlanResult result;
  try {
    result = plan::search(plan, study.slos, runner,
                          plan::warm_start(plan, study.slos, base, design_quietly));
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_bad_input;
  }
  // Every process took the same decisions; one writes them down.
  if (!processes.writes_reports()) return exit_ok;

  const report::PlanReport reported{study, plan, result, seed};
  return write_reports(reported, study, options);
}

}  // namespace edasim::cli
