// The Lambda functions of a system, each behind an event source mapping
// that polls one queue, sending what its emit list makes as a client in its
// own name.
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/functions/function.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/support/emit_list.hpp"

namespace edasim::model {

namespace {

class Functions final : public Part {
 public:
  explicit Functions(Assembly& a) : config_(a.config) {
    const EventBases bases(a.config);
    const bool emits = design_emits(a.config);
    for (const FunctionConfig& lc : a.config.functions) {
      Queue* queue = a.find<Queue>(lc.queue);
      if (queue == nullptr)
        throw std::invalid_argument("function " + lc.name + ": no such queue " + lc.queue);
      functions_.push_back(std::make_unique<Function>(lc, *queue, a));
      functions_.back()->attach(a.kernel.attach(*functions_.back()));
      a.add(*functions_.back());
      functions_.back()->emit_through(
          EmitList(a, "lambda:" + lc.name, "function " + lc.name, lc.emit, bases));
      if (emits) functions_.back()->track_flows(bases.producers());
    }
  }

  void start(Time) override {
    for (auto& f : functions_) f->start();
  }
  void restart_measurements() override {
    for (auto& f : functions_) f->restart_measurements();
  }
  void add_columns(metrics::TimeSeries& series) override {
    for (auto& f : functions_) {
      series.add_column(f->name() + ".concurrency");
      series.add_column(f->name() + ".executions");
    }
  }
  void sample(std::vector<double>& row) override {
    for (auto& f : functions_) {
      row.push_back(static_cast<double>(f->concurrency()));
      row.push_back(static_cast<double>(f->executions()));
    }
  }
  void bill(BillingSnapshot& s) const override {
    for (const auto& f : functions_) {
      const FunctionResult r = f->result();
      s.meters.push_back(
          {"functions." + r.name, "invocations", static_cast<double>(r.invocations)});
      s.meters.push_back({"functions." + r.name, "gb_seconds", r.gb_seconds});
    }
  }
  void report(RunResult& r) override { add(r, false); }
  void hand_over(RunResult& r) override { add(r, true); }
  void add(RunResult& r, bool move) {
    for (auto& f : functions_) {
      FunctionResult fr = f->result();
      r.end_to_end.merge(fr.end_to_end);
      r.events.awaiting_routing += f->emitted_buffered();
      f->flow_ends().add_to(r, config_, "function", f->name(), move);
      r.functions.push_back(std::move(fr));
    }
  }

  void offer_emissions(const OfferedLoad& reached, OfferedLoad& load) override {
    for (auto& f : functions_) {
      f->emit_list().offer(reached, "functions", f->name(), f->config().failure_probability, load);
    }
  }

  void offer(OfferedLoad& load) const override {
    for (const auto& f : functions_) {
      const FunctionConfig& c = f->config();
      const auto readers = static_cast<double>(readers_of(config_, c.queue));
      load.pass("queues", c.queue, "functions", c.name, 1.0 / readers);
    }
  }

  // An invocation handles a batch one message after another, so the
  // concurrency a message rate needs is rate / batch invocations a second,
  // each lasting batch x the mean processing: rate x mean (cold starts left
  // out). It is held to the smaller of the function's concurrency (reserved,
  // or the account's) and the event source mapping's ceiling.
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (const auto& f : functions_) {
      const FunctionConfig& c = f->config();
      const ComponentLoad l = load.peak("functions", c.name);
      const double arrivals = l.per_second.events;
      if (!(arrivals > 0)) continue;
      const double mean = c.processing.mean_seconds();
      const double limit = std::min(c.function_concurrency(), c.concurrency_cap());
      out.stations.push_back(ServerLoad{"functions", c.name, arrivals, l.peak, limit, mean,
                                        c.processing.variance_seconds() + mean * mean});
      const double needed = arrivals * mean;
      const double utilisation = needed / limit;
      if (!(utilisation > 0.8)) continue;
      const double batch = c.batch_size;
      std::string why;
      if (c.function_concurrency() <= c.concurrency_cap()) {
        why = c.reserved_concurrency ? "its reserved concurrency" : "the account's concurrency";
      } else {
        why = c.maximum_concurrency ? "the event source mapping's maximum concurrency"
                                    : "the event source mapping's pollers";
      }
      std::string m = at_peak_text(l.peak) + " " + count_text(arrivals) +
                      " messages/s arrive: " + count_text(arrivals / batch) +
                      " invocations/s of batch " + count_text(batch) + " at mean " +
                      seconds_text(batch * mean) + " (" + count_text(batch) + " x " +
                      seconds_text(mean) + ") need " + count_text(needed) +
                      " concurrent invocations; " + why + " allows " + count_text(limit) +
                      utilisation_text(utilisation);
      m += utilisation > 1
               ? ": the backlog grows by about " + count_text(arrivals - limit / mean) + "/s"
               : ": little headroom for bursts";
      out.limits.push_back({"functions", c.name, utilisation, std::move(m)});
    }
  }

 private:
  const SystemConfig& config_;
  std::vector<std::unique_ptr<Function>> functions_;
};

}  // namespace

std::unique_ptr<Part> build_functions(Assembly& a) {
  return std::make_unique<Functions>(a);
}

}  // namespace edasim::model
