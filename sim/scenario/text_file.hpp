// Reading a file a scenario depends on (the scenario itself, recorded
// traffic): a regular file within a size limit, read whole.
//
// Promises: a directory, a device or a pipe is refused before anything is
// read (reading /dev/zero or a FIFO could block or never end), and a file is
// read at most one byte past the limit, so a file that grows while it is read
// cannot make the read unbounded; memory grows with what is read, not with
// the limit.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

namespace edasim::scenario {

// The file's text, or nothing with `problem` saying why it cannot be used,
// calling the file `noun` ("the scenario file"): "cannot open the scenario
// file: no such file", "expected a regular file, got a directory", "the
// scenario file is larger than the limit of 16 MiB".
std::optional<std::string> read_text_file(const std::filesystem::path& file, std::size_t limit,
                                          const std::string& noun, std::string& problem);

}  // namespace edasim::scenario
