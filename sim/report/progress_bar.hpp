// ProgressBar: how far a long run has got, redrawn in place on stderr.
//
// Promises:
// - Draws only when the stream is a terminal, or when forced; otherwise
//   every call is a no-op, so logs and pipes never fill with bars.
// - Redraws at most about ten times a second of wall-clock time however
//   often update() is called, so the simulation loop can call it freely.
// - Once a twentieth of the work is done, the line ends with an estimate of
//   the wall time left ("ETA 3m 12s"), from the pace so far; before that
//   the pace says too little.
// - finish() draws the bar full and ends its line, once; the destructor
//   does the same if finish() was not called and something was drawn.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>
#include <utility>

#include "sim/core/time.hpp"

namespace edasim::report {

class ProgressBar {
 public:
  enum class Show { if_terminal, always };

  // Draws on stderr; `show` forces drawing when stderr is not a terminal.
  // Nothing is drawn during the first kQuietStart of wall time, so a run
  // shorter than that shows no bar at all.
  explicit ProgressBar(Duration total, Show show = Show::if_terminal);
  // Draws on `out` when `enabled`, once `quiet_start` of wall time has
  // passed; for tests and for callers with their own idea of where progress
  // goes.
  ProgressBar(Duration total, std::ostream& out, bool enabled,
              std::chrono::milliseconds quiet_start = std::chrono::milliseconds(0));
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar();

  // `now` is the simulated time reached.
  void update(Time now);
  // Text drawn after the figures from the next redraw on ("run 7 of 25").
  void set_note(std::string note) { note_ = std::move(note); }
  void finish();

  bool enabled() const { return enabled_; }
  std::size_t redraws() const { return redraws_; }

  static constexpr std::chrono::milliseconds kRedrawInterval{100};
  static constexpr std::chrono::milliseconds kQuietStart{1000};
  static constexpr int kWidth = 30;

 private:
  using Clock = std::chrono::steady_clock;

  void draw(Time now);

  Duration total_;
  std::ostream& out_;
  bool enabled_;
  bool finished_ = false;
  std::size_t redraws_ = 0;
  std::size_t last_length_ = 0;
  Clock::time_point started_;
  std::chrono::milliseconds quiet_start_;
  Clock::time_point last_draw_;
  std::string note_;
};

// "ETA 3m 12s": the wall time left at the pace so far, `elapsed_s` seconds
// for `fraction` of the work; empty below a twentieth or when done.
std::string eta_text(double fraction, double elapsed_s);

}  // namespace edasim::report
