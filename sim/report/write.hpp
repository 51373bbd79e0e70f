// Writing a run's reports to disk, all or nothing.
//
// Promises:
// - After write_reports(result, dir) returns, dir holds exactly report.json,
//   report.md, series.csv and report.html from this run, each fsynced.
// - If it throws, dir is as it was before the call (an earlier complete
//   report stays complete) and no temporary directory is left beside it.
// - It never deletes files it did not write: a dir holding anything other
//   than report files is refused, not replaced.
// - Failures throw std::runtime_error naming the path that failed.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/model/run_result.hpp"

namespace edasim::report {

struct ReportFile {
  std::string name;  // a plain file name, no directories
  std::string content;
};

// The four files of a run, rendered in memory before anything is written.
std::vector<ReportFile> render_reports(const RunResult& result);

void write_reports(const RunResult& result, const std::filesystem::path& dir);

// Replaces dir with a directory holding exactly `files`: they are written
// and fsynced into a fresh sibling "<dir>.tmp-<pid>", the old dir (if any)
// is renamed aside, the new one renamed into place and the old one removed.
// An existing dir may hold only files whose names appear in `files`.
// Missing parent directories are created.
void replace_directory(const std::filesystem::path& dir, const std::vector<ReportFile>& files);

}  // namespace edasim::report
