// What a design cost: the bill of the simulated window itself ("this run"),
// and a month extrapolated from it under a stated assumption.
//
// An estimate, and reports say so: the run's SQS requests (the deliveries
// SNS and EventBridge make to queues included), EventBridge events (in
// billing units), SNS publishes and HTTP/S deliveries and claim-check S3
// requests, all from the call ledger; then what each kind bills besides
// (ReportKind::bill): Lambda requests and GB-seconds, Kinesis PUT payload
// units, capacity held (Kinesis shards and enhanced fan-out consumer-shards,
// Kafka brokers), Step Functions transitions, or requests and GB-seconds,
// the instance-hours of consumer fleets given an instance price, and the
// admitted calls of every downstream API at the per-call price the scenario
// gives it, at the run's list prices. Free tiers, price tiers, data
// transfer, retrieval and instance compute are left out.
//
// Promises:
// - "This run" is what the window cost: its billing units at list prices
//   and capacity for the simulated time only. It is what a study compares
//   (cost.run).
// - Without a declared month, "a month at this rate" assumes every second of
//   30 days is like the window's average (a sale of 15 minutes in a 1-hour
//   run is billed every hour): the report prints that assumption beside the
//   figure. What a quota's full bucket let through at the start beyond its
//   rate (a one-off burst) is in this run's bill but not scaled to the month.
// - A declared month (the scenario's [cost], sim/model/cost_config.hpp) is
//   runs_per_month times this run's bill (bursts included: each run starts
//   on full buckets) plus the rest of the month's hours at the steady
//   window's rates, or, when the rest is idle, at nothing but capacity held
//   and each fleet's minimum instances. Every line's month is built by the
//   same rule (Bill), whichever kind added it: a kind's steady window is
//   read from its meters (model::BillingSnapshot).
// - What the run did not bill is listed beside the bill: the backlog left
//   at the end (messages whose receives, deletes and processing fall
//   outside the window) and the components without a price.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/run_result.hpp"
#include "sim/report/api_calls.hpp"

namespace edasim::report {

inline constexpr double kMonthDays = 30;
inline constexpr double kMonthSeconds = kMonthDays * 86'400;

// How a line is charged, which decides its figures' units, its report.json
// fields and its row of the cost table.
enum class Basis {
  requests,   // per million billing units (requests, events, transitions)
  compute,    // per GB-second
  capacity,   // units held for every hour of the month (shards, brokers)
  instances,  // a fleet's instance-hours
};

// One line of the bill.
struct BillLine {
  std::string label;  // its row of the cost table: "Lambda requests"
  std::string key;    // its key in report.json's `cost` (or its group's object)
  Basis basis = Basis::requests;
  // A row of the cost table: a service the design does not use stays out
  // of the table, though report.json keeps its line for tools.
  bool shown = true;
  // The study measure it adds to ("cost.lambda"); lines naming the same
  // measure are added up. Empty: none.
  std::string measure;
  // In the run: billing units, GB-seconds, units held or instance-hours.
  double units = 0;
  // Of `units`, those a quota's full bucket let through at the start beyond
  // its rate (requests only): not scaled to a month at the run's rate.
  double one_off_units = 0;
  // USD per million billing units, per GB-second, per unit-hour or per
  // instance-hour.
  double price = 0;
  double run_usd = 0;        // this run's bill
  double monthly_units = 0;  // in the month (capacity: unit-hours)
  double monthly_usd = 0;
};

// Lines report.json gathers under one key of `cost` ("fleets": one line per
// fleet, keyed by name), or, with no key, lines at the top of `cost`.
struct BillGroup {
  std::string key;
  std::string total_key;  // the key of the lines' monthly sum, if any
  std::vector<BillLine> lines;
};

struct MonthlyCost {
  // False when the run simulated no time, so there is no rate to extrapolate
  // and every monthly figure is zero.
  bool extrapolated = false;
  double from_seconds = 0;
  // The month the scenario declared ([cost]), when it did.
  bool declared = false;
  double runs_per_month = 0;
  bool steady_rest = false;  // else the rest of the month is idle
  double steady_from_seconds = 0, steady_to_seconds = 0;
  double rest_hours = 0;  // of the 720, those not in the runs
  // The call ledger's services first, then each kind's lines in reading
  // order (report_kind.hpp).
  std::vector<BillGroup> groups;
  double total_usd = 0;
  double run_total_usd = 0;  // this run's bill: every line's run_usd
  // Messages left at the end in queues that are not dead-letter queues,
  // and records consumer groups had not committed: their processing, and
  // for messages their receives and deletes, are not in this run's bill.
  std::uint64_t backlog_messages = 0;
  std::uint64_t backlog_records = 0;
  // Components whose cost is left out for want of a price, in the order the
  // kinds add them ("consumers NAME", "API NAME").
  std::vector<std::string> unpriced;

  // The line of `key` (in group `group`); throws std::out_of_range if none.
  const BillLine& line(std::string_view key, std::string_view group = {}) const;
  // The lines of a group (empty if there is none).
  std::vector<BillLine> lines_of(std::string_view group) const;
  // A group's monthly sum.
  double group_usd(std::string_view group) const;
};

// How a month is built from the run: `runs` times the run's own figures
// (less its one-off bursts when the run's average stands for the month),
// `steady` times the steady window's figures, and for fleets `idle_hours`
// at their minimum instances.
struct Month {
  double runs = 0;
  double steady = 0;
  bool drop_one_off = false;
  double idle_hours = 0;

  double of(double run, double window, double one_off) const;
};

// What a kind's bill hook writes to: lines priced by one rule.
class Bill {
 public:
  Bill(const model::RunResult& run, MonthlyCost& cost, const Month& month);

  const model::RunResult& run() const { return run_; }

  // Starts a group of lines; the lines added next belong to it.
  void group(std::string key = {}, std::string total_key = {});

  // Adds a line priced per million billing units: `units` in the run,
  // `window` in the declared steady window, `one_off` of the run's a
  // start-of-run burst.
  BillLine& requests(std::string label, std::string key, double units, double window,
                     double one_off, double price_per_million);
  // Adds a line priced per GB-second.
  BillLine& compute(std::string label, std::string key, double gb_seconds, double window,
                    double price_per_gb_second);
  // Adds capacity held all month: `units` (shards, brokers) for every hour.
  BillLine& capacity(std::string label, std::string key, double units, double price_per_hour);
  // Adds a fleet's instance-hours; an idle rest of the month bills
  // `min_instances` for each of its hours.
  BillLine& instances(std::string label, std::string key, double instance_hours,
                      double window_hours, double min_instances, double price_per_hour);

  // What a meter used in the declared steady window; 0 without one.
  double window(std::string_view component, std::string_view quantity) const;
  // The billing units of one API action in the steady window, over all
  // components; 0 without one.
  double window_billing_units(std::string_view call_kind) const;

  void unpriced(std::string component) { cost_.unpriced.push_back(std::move(component)); }
  void backlog_messages(std::uint64_t n) { cost_.backlog_messages += n; }
  void backlog_records(std::uint64_t n) { cost_.backlog_records += n; }

 private:
  BillLine& add(BillLine line);

  const model::RunResult& run_;
  MonthlyCost& cost_;
  Month month_;
  double run_hours_ = 0;
};

MonthlyCost estimate_monthly_cost(const model::RunResult& result, const CallSummary& calls);

}  // namespace edasim::report
