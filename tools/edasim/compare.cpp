// edasim compare: run the designs of a study (one scenario with [[designs]],
// or several scenario files sharing a workload), replicated, and write the
// comparison report.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include "sim/model/system.hpp"
#include "sim/plan/comparison.hpp"
#include "sim/plan/study.hpp"
#include "sim/report/comparison.hpp"
#include "sim/report/measures.hpp"
#include "sim/report/progress_bar.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/load.hpp"
#include "tools/edasim/commands.hpp"
#include "tools/edasim/options.hpp"
#include "tools/edasim/overrides.hpp"
#include "tools/edasim/validate.hpp"

namespace edasim::cli {

int compare_study(StudyConfig study, const CompareOptions& options) {
  for (const DesignConfig& d : study.designs) {
    if (d.system.producers.empty()) {
      std::cerr << "edasim compare: design " << d.name
                << " has no producers, so there is nothing to simulate\n";
      return exit_bad_input;
    }
  }
  if (options.replications) study.replications = *options.replications;
  if (study.stopping && study.stopping->max_replications < study.replications)
    study.stopping->max_replications = study.replications;
  if (options.seed) {
    for (DesignConfig& d : study.designs) d.system.seed = *options.seed;
  }
  if (const auto problems = unknown_measures(study); !problems.empty()) {
    for (const std::string& p : problems) std::cerr << p << '\n';
    return exit_bad_input;
  }

  plan::StudyOptions run;
  run.threads = options.threads > 0
                    ? options.threads
                    : static_cast<std::int32_t>(std::max(1U, std::thread::hardware_concurrency()));
  // The bar counts simulated time over every planned run.
  Duration per_run = Duration::zero();
  for (const DesignConfig& d : study.designs) per_run = per_run + d.system.duration;
  per_run = per_run / static_cast<std::int64_t>(study.designs.size());
  std::optional<report::ProgressBar> bar;
  if (!options.quiet) {
    bar.emplace(per_run * static_cast<std::int64_t>(study.designs.size()) *
                std::max(study.replications, 1));
    run.progress = [&](std::int64_t done, std::int64_t) {
      bar->update(Time::zero() + per_run * done);
    };
  }
  const plan::StudyResult result = plan::run_study(study, report::measures_of, run);
  if (bar) bar->finish();
  const plan::Comparison comparison = plan::compare(study, result);

  std::vector<const RunResult*> first;
  for (const plan::DesignRuns& d : result.designs) first.push_back(&d.first);
  const std::filesystem::path dir = options.out.empty()
                                        ? std::filesystem::path("reports") / study.name
                                        : std::filesystem::path(options.out);
  if (!options.quiet) report::write_comparison_summary(comparison, std::cout);
  try {
    report::replace_directory(dir, report::render_comparison(comparison, first));
  } catch (const std::runtime_error& e) {
    std::cerr << "edasim compare: cannot write the reports: " << e.what() << '\n';
    return exit_bad_input;
  }
  if (!options.quiet) std::cout << "\nReports written to " << dir.string() << "/\n";
  return exit_ok;
}

int compare(const std::vector<std::string>& args) {
  CLI::App app{"Run the designs of a study side by side, replicated, and write the comparison.",
               "compare"};
  std::vector<std::string> files;
  std::vector<std::string> sets;
  CompareOptions options;
  app.add_option("scenarios", files,
                 "A scenario with [[designs]], or several scenario files sharing their producers")
      ->required();
  app.add_option("--replications,-r", options.replications,
                 "Independent replications per design (default: the study's, else 1)")
      ->check(CLI::Range(1, 100000));
  app.add_option("--threads,-j", options.threads,
                 "Threads to run replications on (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  app.add_option("--seed", options.seed, "Seed, instead of the scenario's");
  app.add_option("--out", options.out, "Report directory (default reports/<study name>)");
  app.add_option("--set", sets, "Override a scenario value: KEY=VALUE, KEY a dotted path")
      ->take_all();
  app.add_flag("--quiet,-q", options.quiet, "Print nothing but errors");
  if (auto code = parse(app, args)) return *code;

  StudyConfig study;
  try {
    const auto overrides = parse_overrides(sets);
    if (files.size() == 1) {
      std::vector<scenario::Diagnostic> warnings;
      study = scenario::load_study(files.front(), overrides, &warnings);
      print_warnings(warnings);
    } else {
      const std::vector<std::filesystem::path> paths(files.begin(), files.end());
      study = scenario::load_designs(paths, overrides);
    }
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_bad_input;
  } catch (const BadOverride& e) {
    std::cerr << "edasim compare: " << e.what() << '\n';
    return exit_bad_input;
  }
  return compare_study(std::move(study), options);
}

}  // namespace edasim::cli
