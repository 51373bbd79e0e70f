#include "sim/report/write.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <streambuf>
#include <system_error>
#include <vector>

#include "sim/report/html.hpp"
#include "sim/report/json.hpp"
#include "sim/report/markdown.hpp"

namespace edasim::report {

namespace fs = std::filesystem;

namespace {

// Every failure names the report directory asked for and, when it differs,
// the path that actually failed.
class WriteError : public std::runtime_error {
 public:
  WriteError(const fs::path& dir, const std::string& detail)
      : std::runtime_error("cannot write report " + dir.string() + ": " + detail) {}
};

[[noreturn]] void fail(const fs::path& dir, const std::string& what, const fs::path& path,
                       int error) {
  throw WriteError(dir, what + " " + path.string() + ": " + std::strerror(error));
}

// Closes the descriptor on every path out, so a failed write leaks nothing.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // close() can report a write-back error that write() did not.
  int release_and_close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd);
  }

 private:
  int fd_;
};

void write_all(const fs::path& dir, const fs::path& path, int fd, const char* data,
               std::size_t left) {
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(dir, "writing", path, errno);
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

// An output stream buffer straight onto a descriptor, in 64 KiB chunks, so
// that a streamed file never needs more memory than that. Errors throw.
class DescriptorBuffer : public std::streambuf {
 public:
  DescriptorBuffer(const fs::path& dir, const fs::path& path, int fd)
      : dir_(dir), path_(path), fd_(fd), buffer_(64 * 1024) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  void flush() {
    write_all(dir_, path_, fd_, pbase(), static_cast<std::size_t>(pptr() - pbase()));
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }

 protected:
  int_type overflow(int_type c) override {
    flush();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override {
    flush();
    return 0;
  }

 private:
  const fs::path& dir_;
  const fs::path& path_;
  int fd_;
  std::vector<char> buffer_;
};

void write_file(const fs::path& dir, const fs::path& path, const ReportFile& file) {
  Descriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) fail(dir, "creating", path, errno);
  if (file.stream) {
    DescriptorBuffer buffer(dir, path, fd.get());
    std::ostream out(&buffer);
    out.exceptions(std::ios::badbit);
    file.stream(out);
    buffer.flush();
  } else {
    write_all(dir, path, fd.get(), file.content.data(), file.content.size());
  }
  if (::fsync(fd.get()) != 0) fail(dir, "flushing", path, errno);
  if (fd.release_and_close() != 0) fail(dir, "closing", path, errno);
}

// A rename is durable only once the directory holding the entry is synced.
void sync_directory(const fs::path& dir, const fs::path& path) {
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) fail(dir, "opening", path, errno);
  if (::fsync(fd.get()) != 0) fail(dir, "flushing", path, errno);
}

void rename_or_fail(const fs::path& dir, const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    fail(dir, "renaming " + from.string() + " to", to, errno);
  }
}

// Refuses to replace anything that is not an earlier report, so a slip such
// as "--out ~" costs an error message rather than a home directory.
void check_replaceable(const fs::path& dir, const std::vector<ReportFile>& files) {
  if (fs::is_symlink(fs::symlink_status(dir))) {
    throw WriteError(dir, "it is a symbolic link; name the directory it points to instead");
  }
  if (!fs::is_directory(fs::symlink_status(dir))) {
    throw WriteError(dir, "it exists and is not a directory");
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    bool ours = entry.is_regular_file();
    if (ours) {
      ours = false;
      for (const ReportFile& f : files) ours = ours || f.name == name;
    }
    if (!ours) {
      throw WriteError(dir, "refusing to replace it: it holds " + entry.path().string() +
                                ", which is not a report file");
    }
  }
}

// "<dir>.tmp-<pid>" and "<dir>.old-<pid>": the temporaries of one call.
constexpr const char* kFreshInfix = ".tmp-";
constexpr const char* kOldInfix = ".old-";

bool process_alive(long pid) {
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// The pid in "<dir><infix><digits>", or nothing if `name` is not of that form.
std::optional<long> temporary_pid(const std::string& name, const std::string& stem) {
  for (const std::string infix : {kFreshInfix, kOldInfix}) {
    const std::string prefix = stem + infix;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    return std::stol(digits);
  }
  return std::nullopt;
}

// Removes the temporaries that killed runs left beside dir. Only what this
// code makes is touched: a directory named "<dir>.tmp-<pid>" or
// "<dir>.old-<pid>" whose process is gone and which holds nothing but report
// files. A live process's temporaries are its own business.
void remove_stale_temporaries(const fs::path& dir, const std::vector<ReportFile>& files) {
  const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  const std::string stem = dir.filename().string();
  std::error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    const std::optional<long> pid = temporary_pid(name, stem);
    if (!pid || *pid <= 0 || *pid == ::getpid() || process_alive(*pid)) continue;
    if (!fs::is_directory(fs::symlink_status(it->path(), ec))) continue;
    try {
      check_replaceable(it->path(), files);
    } catch (const std::exception&) {
      continue;
    }
    stale.push_back(it->path());
  }
  for (const fs::path& p : stale) fs::remove_all(p, ec);
}

fs::path without_trailing_separator(const fs::path& dir) {
  fs::path p = dir.lexically_normal();
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
  return p;
}

}  // namespace

std::vector<ReportFile> render_reports(const model::RunResult& result) {
  return {
      {"report.json", to_json_text(result)},
      {"report.md", to_markdown(result)},
      {"series.csv", "", [&result](std::ostream& out) { result.series.write_csv(out); }},
      {"metrics.csv", "", [&result](std::ostream& out) { result.metrics.write_csv(out); }},
      {"report.html", to_html(result)},
  };
}

void write_reports(const model::RunResult& result, const fs::path& dir) {
  replace_directory(dir, render_reports(result));
}

void replace_directory(const fs::path& target, const std::vector<ReportFile>& files,
                       const ReplaceObserver& observe) {
  const fs::path dir = without_trailing_separator(target);
  if (dir.empty() || dir.filename() == "." || dir.filename() == "..") {
    throw WriteError(target, "it does not name a directory of its own");
  }
  for (const ReportFile& f : files) {
    if (f.name.empty() || f.name.find('/') != std::string::npos || f.name == "." ||
        f.name == "..") {
      throw std::invalid_argument("report file name '" + f.name + "' is not a plain file name");
    }
  }
  const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec || !fs::is_directory(parent)) {
    throw WriteError(dir, "cannot create its parent directory " + parent.string() + ": " +
                              (ec ? ec.message() : "a file is in the way"));
  }
  remove_stale_temporaries(dir, files);
  const bool replacing = fs::exists(fs::symlink_status(dir, ec));
  if (replacing) check_replaceable(dir, files);

  const std::string pid = std::to_string(::getpid());
  const fs::path fresh = parent / (dir.filename().string() + kFreshInfix + pid);
  const fs::path old = parent / (dir.filename().string() + kOldInfix + pid);
  // Left over from an earlier call in this process that failed mid-write.
  fs::remove_all(fresh, ec);
  fs::remove_all(old, ec);

  if (::mkdir(fresh.c_str(), 0755) != 0) fail(dir, "creating", fresh, errno);
  try {
    for (const ReportFile& f : files) write_file(dir, fresh / f.name, f);
    sync_directory(dir, fresh);
    observe(ReplaceStep::written);
    if (!replacing) {
      rename_or_fail(dir, fresh, dir);
    } else if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) == 0) {
      // One step: the new report is at dir and the old one at `fresh`.
      observe(ReplaceStep::exchanged);
      fs::remove_all(fresh, ec);
    } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
      // A file system (or kernel) without RENAME_EXCHANGE: two renames. A
      // kill between them leaves the old report in "<dir>.old-<pid>" and
      // nothing at dir; the next write to dir removes that stale copy.
      rename_or_fail(dir, dir, old);
      observe(ReplaceStep::moved_aside);
      if (::rename(fresh.c_str(), dir.c_str()) != 0) {
        const int error = errno;
        if (::rename(old.c_str(), dir.c_str()) != 0) {
          throw WriteError(dir, std::string("renaming the new report into place: ") +
                                    std::strerror(error) + "; the previous report is in " +
                                    old.string());
        }
        fail(dir, "renaming " + fresh.string() + " to", dir, error);
      }
      fs::remove_all(old, ec);
    } else {
      fail(dir, "exchanging " + fresh.string() + " with", dir, errno);
    }
  } catch (...) {
    fs::remove_all(fresh, ec);
    throw;
  }
  // The rename was the commit: the new report is complete and in place. An
  // old copy that will not go away, or a parent that will not sync, makes
  // the report less tidy or less durable, not wrong, so neither throws.
  const int parent_fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (parent_fd >= 0) {
    ::fsync(parent_fd);
    ::close(parent_fd);
  }
}

void replace_directory(const fs::path& dir, const std::vector<ReportFile>& files) {
  replace_directory(dir, files, [](ReplaceStep) {});
}

}  // namespace edasim::report
