// Comparing designs: every measure of every design as a mean with its
// confidence interval across replications, and its paired difference
// against the baseline.
//
// Promises:
// - Intervals are Student-t intervals at the study's confidence over the
//   replications; with one replication the half width is infinite and
//   reports say the spread is unknown.
// - A delta is estimated from the per-replication differences
//   (design - baseline, same seed), which is what common random numbers
//   make tight; its percentage is relative to the baseline's mean.
// - Rows come in the order the baseline lists its measures, then measures
//   only other designs have, in design order; a design without a measure has
//   an empty cell, except a cost (a design without a service pays $0 for it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/metrics/estimate.hpp"
#include "sim/plan/measure.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/study_config.hpp"

namespace edasim::plan {

struct Cell {
  std::optional<metrics::Estimate> value;
  std::optional<metrics::Estimate> delta;  // against the baseline; none on the baseline
  // delta as a percentage of the baseline's mean; none when that mean is 0.
  std::optional<double> delta_percent;
  std::optional<double> delta_percent_half_width;
};

struct Row {
  std::string measure;
  std::string family;
  Unit unit = Unit::number;
  bool lower_is_better = true;
  std::vector<Cell> cells;  // by design
};

enum class Verdict { met, not_met, uncertain, no_data };

struct SloRow {
  Slo slo;
  Unit unit = Unit::number;
  std::vector<Verdict> verdicts;  // by design
};

struct Comparison {
  std::string name;
  std::string question;
  std::vector<std::string> designs;  // the baseline first
  std::vector<std::string> descriptions;
  // A sweep's paths, in [study.sweep] order, and each design's values of
  // them (by design, then by path); both empty for a study without a sweep.
  std::vector<std::string> sweep_paths;
  std::vector<std::vector<SweptValue>> swept;
  // In a sweep of a study with [[designs]]: the design each one was made
  // from, by design (DesignConfig's swept_from); empty otherwise.
  std::vector<std::string> swept_from;
  std::size_t replications = 0;
  double confidence = 0.95;
  Duration warmup;
  bool automatic_warmup = false;
  std::optional<StoppingRule> stopping;
  bool precision_reached = false;
  bool precision_below_resolution = false;  // StudyResult's
  double finest_relative_half_width = 0;    // StudyResult's
  std::vector<Row> rows;
  std::vector<SloRow> slos;
};

Comparison compare(const StudyConfig& study, const StudyResult& result);

// A verdict on one estimate: met when the whole interval satisfies the
// bound, not met when none of it does, uncertain otherwise. With one
// replication the point value decides.
Verdict judge(const Slo& slo, const metrics::Estimate& e);

std::string_view verdict_name(Verdict v);

}  // namespace edasim::plan
