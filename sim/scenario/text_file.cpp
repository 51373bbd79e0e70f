#include "sim/scenario/text_file.hpp"

#include <algorithm>
#include <fstream>
#include <system_error>

namespace edasim::scenario {

std::optional<std::string> read_text_file(const std::filesystem::path& file, std::size_t limit,
                                          const std::string& noun, std::string& problem) {
  std::error_code error;
  const auto status = std::filesystem::status(file, error);
  if (error || !std::filesystem::exists(status)) {
    problem = "cannot open " + noun + ": no such file";
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(status)) {
    problem = "expected a regular file, got a " +
              std::string(std::filesystem::is_directory(status) ? "directory" : "special file");
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problem = "cannot open " + noun;
    return std::nullopt;
  }
  // One byte past the limit tells "at the limit" from "past it". Read in
  // blocks, so that a small file costs its size, not the limit's.
  std::string text;
  constexpr std::size_t block = 1 << 20;
  while (in && text.size() <= limit) {
    const std::size_t before = text.size();
    text.resize(before + std::min(block, limit + 1 - before));
    in.read(text.data() + before, static_cast<std::streamsize>(text.size() - before));
    text.resize(before + static_cast<std::size_t>(in.gcount()));
  }
  if (text.size() > limit) {
    problem =
        noun + " is larger than the limit of " + std::to_string(limit / (1024 * 1024)) + " MiB";
    return std::nullopt;
  }
  return text;
}

}  // namespace edasim::scenario
