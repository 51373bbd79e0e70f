// edasim run: simulate one scenario, print the summary, write the reports.
#include <filesystem>
#include <iostream>

#include "sim/model/system.hpp"
#include "sim/report/progress_bar.hpp"
#include "sim/report/terminal.hpp"
#include "sim/report/write.hpp"
#include "sim/scenario/load.hpp"
#include "tools/edasim/commands.hpp"
#include "tools/edasim/options.hpp"
#include "tools/edasim/overrides.hpp"
#include "tools/edasim/validate.hpp"

namespace edasim::cli {

int run(const std::vector<std::string>& args) {
  CLI::App app{"Simulate a scenario, print its summary and write its reports.", "run"};
  std::string scenario_file;
  std::optional<std::uint64_t> seed;
  std::string out;
  std::vector<std::string> sets;
  bool quiet = false;
  bool summary = false;
  app.add_option("scenario", scenario_file, "Scenario file (TOML)")->required();
  app.add_option("--seed", seed, "Seed, instead of the scenario's");
  app.add_option("--out", out, "Report directory (default reports/<scenario name>)");
  app.add_option("--set", sets, "Override a scenario value: KEY=VALUE, KEY a dotted path")
      ->take_all();
  app.add_flag("--quiet,-q", quiet, "Print nothing but errors");
  app.add_flag("--summary", summary,
               "Print only the headline figures (and a study's SLO verdicts); the reports are "
               "written whole");
  if (auto code = parse(app, args)) return *code;

  model::SystemConfig config;
  try {
    const auto overrides = parse_overrides(sets);
    std::vector<scenario::Diagnostic> warnings;
    plan::StudyConfig study = scenario::load_study(scenario_file, overrides, &warnings);
    // Settings that cannot take effect are said before the run, not only by
    // `check`.
    print_warnings(warnings);
    if (study.declared) {
      CompareOptions options;
      options.seed = seed;
      options.out = out;
      options.quiet = quiet;
      options.summary = summary;
      options.files = {scenario_file};
      return compare_study(std::move(study), options);
    }
    config = std::move(study.designs.front().system);
  } catch (const scenario::ScenarioError& e) {
    std::cerr << e.what() << '\n';
    return exit_bad_input;
  } catch (const BadOverride& e) {
    std::cerr << "edasim run: " << e.what() << '\n';
    return exit_bad_input;
  }
  if (seed) config.seed = *seed;
  if (config.producers.empty()) {
    std::cerr << scenario_file << ": producers: the scenario has no producers, so there is "
              << "nothing to simulate; add a [producers.NAME] table\n";
    return exit_bad_input;
  }

  // The system (its message pools above all) is gone before the reports are
  // rendered, so that the peak memory is the larger of the run's and the
  // reports', not their sum.
  const model::RunResult result = [&] {
    model::System system(config);
    if (quiet) {
      system.run();
    } else {
      report::ProgressBar bar(config.duration);
      system.run([&bar](Time now) { bar.update(now); });
      bar.finish();
    }
    return system.hand_over();
  }();
  const std::filesystem::path dir =
      out.empty() ? std::filesystem::path("reports") / result.scenario : std::filesystem::path(out);
  if (!quiet) {
    report::write_summary(result, std::cout, {report::terminal_width(), summary});
  }
  try {
    report::write_reports(result, dir);
  } catch (const std::runtime_error& e) {
    std::cerr << "edasim run: cannot write the reports: " << e.what() << '\n';
    return exit_bad_input;
  }
  if (!quiet) std::cout << "\nReports written to " << dir.string() << "/\n";
  return exit_ok;
}

}  // namespace edasim::cli
