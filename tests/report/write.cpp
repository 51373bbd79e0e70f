#include "sim/report/write.hpp"

#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>

#include "sim/report/json.hpp"
#include "tests/report/sample_run.hpp"

using namespace edasim;
using namespace edasim::model;
using namespace edasim::report;
using edasim::report::testing::sample_run;
namespace fs = std::filesystem;

namespace {

// A fresh directory per test, removed afterwards whatever happens.
class Scratch {
 public:
  Scratch() {
    static int counter = 0;
    root_ = fs::temp_directory_path() /
            ("edasim-report-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  ~Scratch() {
    std::error_code ec;
    fs::permissions(root_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(root_, ec);
  }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

const std::set<std::string> kReportFiles = {"metrics.csv", "report.html", "report.json",
                                            "report.md", "series.csv"};

}  // namespace

TEST_CASE("writing reports creates the five files and nothing beside them", "[write]") {
  Scratch scratch;
  const fs::path dir = scratch.root() / "reports" / "flash-sale";
  write_reports(sample_run(), dir);
  CHECK(names_in(dir) == kReportFiles);
  CHECK(names_in(scratch.root() / "reports") == std::set<std::string>{"flash-sale"});
  CHECK(read(dir / "report.json") == to_json_text(sample_run()));
  CHECK(read(dir / "series.csv").rfind("time_s,fraud.visible,", 0) == 0);
}

TEST_CASE("writing again replaces the earlier report whole", "[write]") {
  Scratch scratch;
  const fs::path dir = scratch.root() / "out";
  write_reports(sample_run(), dir);
  RunResult second = sample_run();
  second.seed = 7;
  write_reports(second, dir / "");  // a trailing separator names the same directory
  CHECK(names_in(dir) == kReportFiles);
  CHECK(names_in(scratch.root()) == std::set<std::string>{"out"});
  CHECK(read(dir / "report.json") == to_json_text(second));
}

TEST_CASE("a failed write leaves the earlier report intact and no temporary behind", "[write]") {
  Scratch scratch;
  const fs::path dir = scratch.root() / "out";
  write_reports(sample_run(), dir);
  const std::string before = read(dir / "report.json");
  // A name longer than any file system allows fails after the first file is
  // already written into the temporary directory.
  const std::vector<ReportFile> files = {{"report.json", "{}"},
                                         {std::string(300, 'x'), "too long"}};
  CHECK_THROWS_WITH(replace_directory(dir, files), Catch::Contains(dir.string()));
  CHECK(read(dir / "report.json") == before);
  CHECK(names_in(dir) == kReportFiles);
  CHECK(names_in(scratch.root()) == std::set<std::string>{"out"});
}

TEST_CASE("a parent that is a file fails with a message naming the path", "[write]") {
  Scratch scratch;
  std::ofstream(scratch.root() / "file") << "not a directory";
  const fs::path dir = scratch.root() / "file" / "out";
  CHECK_THROWS_WITH(write_reports(sample_run(), dir), Catch::Contains(dir.string()));
  CHECK(names_in(scratch.root()) == std::set<std::string>{"file"});
}

TEST_CASE("a directory holding other files is refused, not replaced", "[write]") {
  Scratch scratch;
  const fs::path dir = scratch.root() / "home";
  fs::create_directories(dir);
  std::ofstream(dir / "thesis.tex") << "years of work";
  CHECK_THROWS_WITH(write_reports(sample_run(), dir), Catch::Contains("thesis.tex"));
  CHECK(names_in(dir) == std::set<std::string>{"thesis.tex"});
  CHECK(names_in(scratch.root()) == std::set<std::string>{"home"});
}

TEST_CASE("an unwritable parent fails cleanly and keeps the earlier report", "[write]") {
  if (::geteuid() == 0) {
    WARN("running as root: permissions do not stop writes, so this case is skipped");
    return;
  }
  Scratch scratch;
  const fs::path parent = scratch.root() / "locked";
  const fs::path dir = parent / "out";
  write_reports(sample_run(), dir);
  const std::string before = read(dir / "report.md");
  fs::permissions(parent, fs::perms::owner_write, fs::perm_options::remove);
  RunResult second = sample_run();
  second.seed = 7;
  CHECK_THROWS_AS(write_reports(second, dir), std::runtime_error);
  fs::permissions(parent, fs::perms::owner_write, fs::perm_options::add);
  CHECK(read(dir / "report.md") == before);
  CHECK(names_in(parent) == std::set<std::string>{"out"});
}

TEST_CASE("a symbolic link is refused rather than replaced", "[write]") {
  Scratch scratch;
  fs::create_directories(scratch.root() / "real");
  fs::create_directory_symlink(scratch.root() / "real", scratch.root() / "link");
  CHECK_THROWS_WITH(write_reports(sample_run(), scratch.root() / "link"),
                    Catch::Contains("symbolic link"));
  CHECK(fs::is_empty(scratch.root() / "real"));
}

namespace {

// Every report file holding `content`.
std::vector<ReportFile> report_files(const std::string& content) {
  std::vector<ReportFile> files;
  for (const std::string& name : kReportFiles) files.push_back({name, content});
  return files;
}

// "old" or "new" when every report file in dir holds that text, else what
// was wrong: a reader at this moment would see a broken report.
std::string whole_report_in(const fs::path& dir) {
  if (!fs::is_directory(dir)) return "nothing at " + dir.string();
  if (names_in(dir) != kReportFiles) return "a partial set of files";
  const std::string first = read(dir / *kReportFiles.begin());
  for (const std::string& name : kReportFiles) {
    if (read(dir / name) != first) return "files from two different reports";
  }
  return first;
}

// A pid that no process has: a child that has been reaped.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

void make_temporary(const fs::path& path, const std::string& file) {
  fs::create_directories(path);
  std::ofstream(path / file) << "left behind";
}

}  // namespace

TEST_CASE("replacing a report leaves the old or the new one complete at every step", "[write]") {
  Scratch scratch;
  const fs::path dir = scratch.root() / "out";
  replace_directory(dir, report_files("old"));
  std::vector<ReplaceStep> steps;
  std::vector<std::string> seen;
  replace_directory(dir, report_files("new"), [&](ReplaceStep step) {
    steps.push_back(step);
    seen.push_back(whole_report_in(dir));
  });
  // This file system exchanges in one step, so the two-rename fallback (the
  // moment with nothing at dir) never happens.
  CHECK(steps == std::vector<ReplaceStep>{ReplaceStep::written, ReplaceStep::exchanged});
  CHECK(seen == std::vector<std::string>{"old", "new"});
  CHECK(whole_report_in(dir) == "new");
  CHECK(names_in(scratch.root()) == std::set<std::string>{"out"});
}

TEST_CASE("a run killed between the steps of a replacement leaves a complete report", "[write]") {
  for (const ReplaceStep kill_at : {ReplaceStep::written, ReplaceStep::exchanged}) {
    Scratch scratch;
    const fs::path dir = scratch.root() / "out";
    replace_directory(dir, report_files("old"));
    const pid_t child = ::fork();
    if (child == 0) {
      replace_directory(dir, report_files("new"), [&](ReplaceStep step) {
        if (step == kill_at) ::_exit(0);
      });
      ::_exit(1);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    CHECK(whole_report_in(dir) == (kill_at == ReplaceStep::written ? "old" : "new"));
    // The killed run's temporary is still there; the next write removes it.
    CHECK(names_in(scratch.root()).size() == 2);
    replace_directory(dir, report_files("next"));
    CHECK(whole_report_in(dir) == "next");
    CHECK(names_in(scratch.root()) == std::set<std::string>{"out"});
  }
}

TEST_CASE("stale temporaries of killed runs are removed and nothing else is", "[write]") {
  Scratch scratch;
  const fs::path dir = scratch.root() / "out";
  const std::string dead = std::to_string(dead_pid());
  const std::string alive = std::to_string(::getppid());
  make_temporary(scratch.root() / ("out.tmp-" + dead), "report.json");
  make_temporary(scratch.root() / ("out.old-" + dead), "series.csv");
  // Not ours to remove: a live process's, another report's, another name
  // pattern's, and one holding a file edasim does not write.
  make_temporary(scratch.root() / ("out.tmp-" + alive), "report.json");
  make_temporary(scratch.root() / ("other.tmp-" + dead), "report.json");
  make_temporary(scratch.root() / ("out.tmp-" + dead + "x"), "report.json");
  make_temporary(scratch.root() / ("out.old-1" + dead), "notes.txt");
  write_reports(sample_run(), dir);
  CHECK(names_in(scratch.root()) ==
        std::set<std::string>{"out", "out.tmp-" + alive, "other.tmp-" + dead,
                              "out.tmp-" + dead + "x", "out.old-1" + dead});
}
