// Writing a run's reports to disk, all or nothing.
//
// Promises:
// - After write_reports(result, dir) returns, dir holds exactly report.json,
//   report.md, series.csv, metrics.csv and report.html from this run, each
//   fsynced.
// - If it throws, dir is as it was before the call (an earlier complete
//   report stays complete) and no temporary directory is left beside it.
// - It never deletes files it did not write: a dir holding anything other
//   than report files is refused, not replaced.
// - Failures throw std::runtime_error naming the path that failed.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/model/run_result.hpp"

namespace edasim::report {

struct ReportFile {
  std::string name;  // a plain file name, no directories
  std::string content;
  // When set, writes the file instead of `content`: the per-period CSVs
  // stream to disk instead of being held in memory whole.
  std::function<void(std::ostream&)> stream = {};
};

// The five files of a run: report.json, report.md and report.html rendered
// in memory, series.csv and metrics.csv streamed from `result` when written
// (so `result` must outlive the files).
std::vector<ReportFile> render_reports(const model::RunResult& result);

void write_reports(const model::RunResult& result, const std::filesystem::path& dir);

// Replaces dir with a directory holding exactly `files`: they are written
// and fsynced into a fresh sibling "<dir>.tmp-<pid>", which then trades
// places with the old dir in one step (renameat2 with RENAME_EXCHANGE), so
// at every moment dir holds either the old report or the new one, complete;
// the old one is then removed. Where the file system cannot exchange, the old
// dir is renamed aside to "<dir>.old-<pid>" and the new one renamed in (a
// kill between the two leaves nothing at dir until the next write).
// Temporaries that killed runs left beside dir (those names, a pid no longer
// running, nothing inside but report files) are removed first.
// An existing dir may hold only files whose names appear in `files`.
// Missing parent directories are created.
void replace_directory(const std::filesystem::path& dir, const std::vector<ReportFile>& files);

// The moments between the steps of a replacement, for tests that check what
// a reader (or a kill) would find at each of them.
enum class ReplaceStep {
  written,      // the new files are complete in "<dir>.tmp-<pid>"
  exchanged,    // dir is the new report, the old one is at "<dir>.tmp-<pid>"
  moved_aside,  // without exchange: the old report is at "<dir>.old-<pid>"
};
using ReplaceObserver = std::function<void(ReplaceStep)>;
void replace_directory(const std::filesystem::path& dir, const std::vector<ReportFile>& files,
                       const ReplaceObserver& observe);

}  // namespace edasim::report
