#include "sim/scenario/text_file.hpp"

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
  // One byte past the limit tells "at the limit" from "past it".
  std::string text(limit + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > limit) {
    problem =
        noun + " is larger than the limit of " + std::to_string(limit / (1024 * 1024)) + " MiB";
    return std::nullopt;
  }
  return text;
}

}  // namespace edasim::scenario
