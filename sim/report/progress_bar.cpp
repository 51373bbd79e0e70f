#include "sim/report/progress_bar.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>

#include "sim/report/format.hpp"

namespace edasim::report {

ProgressBar::ProgressBar(Duration total, Show show)
    : ProgressBar(total, std::cerr, show == Show::always || ::isatty(STDERR_FILENO) == 1,
                  kQuietStart) {}

ProgressBar::ProgressBar(Duration total, std::ostream& out, bool enabled,
                         std::chrono::milliseconds quiet_start)
    : total_(total),
      out_(out),
      enabled_(enabled),
      started_(Clock::now()),
      quiet_start_(quiet_start) {}

ProgressBar::~ProgressBar() {
  if (redraws_ > 0 && !finished_) {
    // A destructor must not throw; a bar that cannot be finished is cosmetic.
    try {
      finish();
    } catch (...) {
    }
  }
}

void ProgressBar::update(Time now) {
  if (!enabled_ || finished_) return;
  const Clock::time_point wall = Clock::now();
  if (wall - started_ < quiet_start_) return;
  if (redraws_ > 0 && wall - last_draw_ < kRedrawInterval) return;
  last_draw_ = wall;
  draw(now);
}

void ProgressBar::finish() {
  // A run that ended within its quiet start never showed a bar.
  if (!enabled_ || finished_ || (redraws_ == 0 && Clock::now() - started_ < quiet_start_)) return;
  draw(Time::zero() + total_);
  out_ << '\n' << std::flush;
  finished_ = true;
}

void ProgressBar::draw(Time now) {
  const double fraction =
      total_.ns > 0
          ? std::clamp(static_cast<double>(now.ns) / static_cast<double>(total_.ns), 0.0, 1.0)
          : 1.0;
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
  std::string line =
      fmt::format("[{}{}] {:5.1f}%  {} of {} simulated  {:.1f}s",
                  std::string(static_cast<std::size_t>(filled), '#'),
                  std::string(static_cast<std::size_t>(kWidth - filled), '-'), fraction * 100,
                  format_span(Duration{now.ns}), format_span(total_), elapsed);
  if (const std::string eta = eta_text(fraction, elapsed); !eta.empty()) line += "  " + eta;
  if (!note_.empty()) line += "  " + note_;
  // Spaces rather than an escape code blank what a longer previous line left,
  // so a forced bar in a log file is still plain text.
  const std::size_t length = line.size();
  if (length < last_length_) line.append(last_length_ - length, ' ');
  last_length_ = length;
  out_ << '\r' << line << std::flush;
  ++redraws_;
}

std::string eta_text(double fraction, double elapsed_s) {
  constexpr double kFirstEstimate = 0.05;
  if (!(fraction >= kFirstEstimate) || fraction >= 1 || !(elapsed_s >= 0)) return "";
  const double left = elapsed_s * (1 - fraction) / fraction;
  if (!std::isfinite(left) || left > 1e9) return "";
  return "ETA " + format_span(Duration{static_cast<std::int64_t>(std::llround(left * 1e9))});
}

}  // namespace edasim::report
