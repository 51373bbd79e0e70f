// The edasim subcommands. Each takes the arguments after its own name and
// returns the process exit code: 0 ok, 2 bad input, 1 internal error.
#pragma once

#include <string>
#include <vector>

namespace edasim::cli {

inline constexpr int exit_ok = 0;
inline constexpr int exit_internal = 1;
inline constexpr int exit_bad_input = 2;

int run(const std::vector<std::string>& args);
int check(const std::vector<std::string>& args);
int match(const std::vector<std::string>& args);

}  // namespace edasim::cli
