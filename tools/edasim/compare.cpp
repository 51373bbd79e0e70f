// edasim compare: run the designs of a study (one scenario with [[designs]],
// or several scenario files sharing a workload), replicated, and write the
// comparison report.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "sim/model/system.hpp"
#include "sim/plan/comparison.hpp"
#include "sim/plan/study.hpp"
#include "sim/report/comparison.hpp"
#include "sim/report/measures.hpp"
#include "sim/report/progress_bar.hpp"
#include "sim/report/terminal.hpp"
#include "sim/scenario/key_path.hpp"
#include "sim/scenario/load.hpp"
#include "tools/edasim/commands.hpp"
#include "tools/edasim/options.hpp"
#include "tools/edasim/overrides.hpp"
#include "tools/edasim/processes.hpp"
#include "tools/edasim/validate.hpp"

namespace edasim::cli {

namespace {

// Producer name -> event-stream fingerprint (see ProducerResult).
using Workload = std::map<std::string, std::uint64_t>;

Workload workload_of(const model::RunResult& r) {
  Workload out;
  for (const model::ProducerResult& p : r.producers) out[p.name] = p.fingerprint;
  return out;
}

// Designs are compared on common random numbers: each producer must emit
// the same events at the same times in every design, or the differences
// measured are partly the workload's. One problem per differing producer,
// placed at its table in the design's file (separate files) or at the
// design (one file with [[designs]]), unless the study says
// workload = "varies".
std::vector<std::string> workload_problems(const plan::StudyConfig& study,
                                           const std::vector<Workload>& workloads,
                                           const std::vector<std::string>& files) {
  std::vector<std::string> problems;
  if (study.workload_varies || workloads.empty()) return problems;
  const bool separate_files = files.size() == study.designs.size() && files.size() > 1;
  const Workload& base = workloads.front();
  for (std::size_t d = 1; d < workloads.size(); ++d) {
    std::set<std::string> names;
    for (const auto& [name, _] : base) names.insert(name);
    for (const auto& [name, _] : workloads[d]) names.insert(name);
    for (const std::string& name : names) {
      const auto a = base.find(name);
      const auto b = workloads[d].find(name);
      if (a != base.end() && b != workloads[d].end() && a->second == b->second) continue;
      const std::string& design = study.designs[d].name;
      const std::string& baseline = study.designs.front().name;
      std::string where;
      std::string what;
      const plan::DesignConfig& config = study.designs[d];
      if (separate_files) {
        const auto at = config.producer_origins.find(name);
        where = at != config.producer_origins.end() ? at->second : files[d];
        what = "producers." + name + ": its events differ from those of " + files.front() +
               " (event-stream fingerprints differ)";
      } else {
        where = !config.origin.empty() ? config.origin
                : files.empty()        ? std::string("the study")
                                       : files.front();
        what = "designs \"" + design + "\": changes the events of producer " + name +
               " from those of \"" + baseline + "\" (event-stream fingerprints differ)";
      }
      if (a == base.end() || b == workloads[d].end()) {
        what = (separate_files ? "producers." + name
                               : "designs \"" + design + "\": producer " + name) +
               (b == workloads[d].end() ? ": missing here but declared by " + baseline
                                        : ": not declared by " + baseline);
      }
      what += "; designs compared on common random numbers must share their workload";
      if (!separate_files) {
        what += " (set study.workload = \"varies\" to compare designs that change it on purpose)";
      }
      problems.push_back(where + ": " + what);
    }
  }
  return problems;
}

// The workload each design produces in its first `window` of simulated time:
// a cheap check before the full runs (which are checked whole afterwards).
std::vector<Workload> probe_workloads(const plan::StudyConfig& study, Duration window) {
  std::vector<Workload> out;
  for (const plan::DesignConfig& d : study.designs) {
    model::System probe(d.system);
    probe.run_until(Time::zero() + std::min(window, d.system.duration));
    out.push_back(workload_of(probe.hand_over()));
  }
  return out;
}

}  // namespace

std::int32_t threads_of(const CompareOptions& options) {
  return options.threads > 0
             ? options.threads
             : static_cast<std::int32_t>(std::max(1U, std::thread::hardware_concurrency()));
}

int compare_study(plan::StudyConfig study, const CompareOptions& options,
                  const Processes* processes) {
  std::optional<Processes> own;
  if (processes == nullptr) processes = &own.emplace("compare", threads_of(options));
  if (processes->refused()) return exit_bad_input;
  for (const plan::DesignConfig& d : study.designs) {
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
    for (plan::DesignConfig& d : study.designs) d.system.seed = *options.seed;
  }
  if (const auto problems = unknown_measures(study); !problems.empty()) {
    for (const std::string& p : problems) std::cerr << p << '\n';
    return exit_bad_input;
  }
  if (const auto problems =
          workload_problems(study, probe_workloads(study, seconds(10)), options.files);
      !problems.empty()) {
    for (const std::string& p : problems) std::cerr << p << '\n';
    return exit_bad_input;
  }

  plan::StudyOptions run;
  run.threads = threads_of(options);
  run.workers = processes->workers();
  const bool quiet = options.quiet || !processes->writes_reports();
  // The bar counts simulated time over every planned run.
  Duration per_run = Duration::zero();
  for (const plan::DesignConfig& d : study.designs) per_run = per_run + d.system.duration;
  per_run = per_run / static_cast<std::int64_t>(study.designs.size());
  std::optional<report::ProgressBar> bar;
  if (!quiet) {
    bar.emplace(per_run * static_cast<std::int64_t>(study.designs.size()) *
                std::max(study.replications, 1));
    run.progress = [&](std::int64_t done, std::int64_t planned) {
      bar->set_note(fmt::format("run {} of {}", done, planned));
      bar->update(Time::zero() + per_run * done);
    };
  }
  const plan::StudyResult result = plan::run_study(study, report::measures_of, run);
  if (bar) bar->finish();
  // The other processes have played their part; only this one holds the
  // whole runs the reports need.
  if (!processes->writes_reports()) return exit_ok;
  std::vector<Workload> workloads;
  for (const plan::DesignRuns& d : result.designs) workloads.push_back(workload_of(d.first));
  if (const auto problems = workload_problems(study, workloads, options.files); !problems.empty()) {
    for (const std::string& p : problems) std::cerr << p << '\n';
    return exit_bad_input;
  }
  const plan::Comparison comparison = plan::compare(study, result);

  const std::filesystem::path dir = options.out.empty()
                                        ? std::filesystem::path("reports") / study.name
                                        : std::filesystem::path(options.out);
  if (!options.quiet) {
    report::write_comparison_summary(comparison, std::cout, report::terminal_width(),
                                     options.summary);
  }
  try {
    report::replace_directory(dir, report::render_comparison(comparison, result));
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
  add_replicated_run_options(app, options, sets, "reports/<study name>");
  app.add_flag("--summary", options.summary,
               "Print only the headline measures and the SLO verdicts; the reports are written "
               "whole");
  if (auto code = parse(app, args)) return *code;
  options.files = files;
  // Before loading, so that only rank 0 reports a bad scenario.
  const Processes processes("compare", threads_of(options));
  if (processes.refused()) return exit_bad_input;

  plan::StudyConfig study;
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
  return compare_study(std::move(study), options, &processes);
}

}  // namespace edasim::cli
