// The edasim subcommands. Each takes the arguments after its own name and
// returns the process exit code: 0 ok, 2 bad input, 1 internal error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/plan/study_config.hpp"

namespace edasim::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_internal = 1;
inline constexpr int exit_bad_input = 2;

int run(const std::vector<std::string>& args);
int check(const std::vector<std::string>& args);
int match(const std::vector<std::string>& args);
int compare(const std::vector<std::string>& args);
int init(const std::vector<std::string>& args);
int plan(const std::vector<std::string>& args);
// Whether `edasim import` is built in, for --version: "built in (yaml-cpp)" or
// "not built in (needs yaml-cpp)".
std::string import_support();
int import_template(const std::vector<std::string>& args);
int schema(const std::vector<std::string>& args);

struct CompareOptions {
  std::optional<std::int32_t> replications;
  std::int32_t threads = 0;  // 0: every core
  std::optional<std::uint64_t> seed;
  std::string out;
  bool quiet = false;
  // Only the headline measures and the SLO verdicts on the terminal.
  bool summary = false;
  // The scenario files: one with [[designs]], or one per design. Errors
  // about a design's workload point into them.
  std::vector<std::string> files;
};
// The threads each process runs replications on: --threads, else every core.
std::int32_t threads_of(const CompareOptions& options);

class Processes;
// Runs a loaded study and writes its comparison (shared by `run` of a
// scenario with designs and `compare`), on `processes` (tools/edasim/
// processes.hpp), or on processes of its own when null.
int compare_study(plan::StudyConfig study, const CompareOptions& options,
                  const Processes* processes = nullptr);

}  // namespace edasim::cli
