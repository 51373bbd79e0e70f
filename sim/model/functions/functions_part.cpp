// The Lambda functions of a system, each behind an event source mapping
// that polls one queue or reads one stream (a Kinesis stream, or a DynamoDB
// table's), sending what its emit list makes as a client in its own name.
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/functions/function.hpp"
#include "sim/model/functions/stream_mapping.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/support/emit_list.hpp"
#include "sim/model/support/group_order.hpp"
#include "sim/model/tables/table.hpp"

namespace edasim::model {

namespace {

class Functions final : public Part {
 public:
  explicit Functions(Assembly& a) : config_(a.config) {
    const EventBases bases(a.config);
    const bool emits = design_emits(a.config);
    for (const FunctionConfig& lc : a.config.functions) {
      if (lc.reads_stream()) {
        build_mapping(a, lc, bases, emits);
        continue;
      }
      Queue* queue = a.find<Queue>(lc.queue);
      if (queue == nullptr)
        throw std::invalid_argument("function " + lc.name + ": no such queue " + lc.queue);
      functions_.push_back(std::make_unique<Function>(lc, *queue, a));
      functions_.back()->attach(a.kernel.attach(*functions_.back()));
      a.add(*functions_.back());
      functions_.back()->emit_through(
          EmitList(a, "lambda:" + lc.name, "function " + lc.name, lc.emit, bases));
      if (emits) functions_.back()->track_flows(bases.producers());
      if (queue_carries_groups(a.config, lc.queue)) functions_.back()->track_order();
      order_.push_back({functions_.back().get(), nullptr});
    }
  }

  void start(Time) override {
    each([](auto& f) { f.start(); });
  }
  void restart_measurements() override {
    each([](auto& f) { f.restart_measurements(); });
  }
  void add_columns(metrics::TimeSeries& series) override {
    each([&](auto& f) {
      series.add_column(f.name() + ".concurrency");
      series.add_column(f.name() + ".executions");
    });
  }
  void sample(std::vector<double>& row) override {
    each([&](auto& f) {
      row.push_back(static_cast<double>(f.concurrency()));
      row.push_back(static_cast<double>(f.executions()));
    });
  }
  void bill(BillingSnapshot& s) const override {
    each([&](const auto& f) {
      const FunctionResult r = f.result();
      s.meters.push_back(
          {"functions." + r.name, "invocations", static_cast<double>(r.invocations)});
      s.meters.push_back({"functions." + r.name, "gb_seconds", r.gb_seconds});
    });
  }
  void report(RunResult& r) override { add(r, false); }
  void hand_over(RunResult& r) override { add(r, true); }
  void add(RunResult& r, bool move) {
    for (const Entry& e : order_) {
      if (e.mapping != nullptr) r.events.in_flight += e.mapping->holding();
    }
    each([&](auto& f) {
      FunctionResult fr = f.result();
      r.end_to_end.merge(fr.end_to_end);
      r.events.awaiting_routing += f.emitted_buffered();
      f.flow_ends().add_to(r, config_, "function", f.name(), move);
      r.functions.push_back(std::move(fr));
    });
  }

  void offer_emissions(const OfferedLoad& reached, OfferedLoad& load) override {
    each([&](auto& f) {
      f.emit_list().offer(reached, "functions", f.name(), f.config().failure_probability, load);
    });
  }

  // A queue's readers share its messages; every mapping of a stream reads
  // all of its records.
  void offer(OfferedLoad& load) const override {
    for (const FunctionConfig& c : config_.functions) {
      if (!c.table.empty()) {
        load.pass("tables", c.table, "functions", c.name, 1.0);
      } else if (!c.stream.empty()) {
        load.pass("streams", c.stream, "functions", c.name, 1.0);
      } else {
        const auto readers = static_cast<double>(readers_of(config_, c.queue));
        load.pass("queues", c.queue, "functions", c.name, 1.0 / readers);
      }
    }
  }

  // An invocation handles a batch one message after another, so the
  // concurrency a message rate needs is rate / batch invocations a second,
  // each lasting batch x the mean processing: rate x mean (cold starts left
  // out). It is held to the smaller of the function's concurrency (reserved,
  // or the account's) and the event source mapping's ceiling.
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (const FunctionConfig& c : config_.functions) {
      const ComponentLoad l = load.peak("functions", c.name);
      const double arrivals = l.per_second.events;
      if (!(arrivals > 0)) continue;
      const double mean = c.processing.mean_seconds();
      // A stream's mapping runs one batch per shard and lane at a time.
      const double lanes = static_cast<double>(lanes_of(c));
      const double limit = c.reads_stream()
                               ? std::min<double>(c.function_concurrency(), lanes)
                               : std::min(c.function_concurrency(), c.concurrency_cap());
      out.stations.push_back(ServerLoad{"functions", c.name, arrivals, l.peak, limit, mean,
                                        c.processing.variance_seconds() + mean * mean});
      const double needed = arrivals * mean;
      const double utilisation = needed / limit;
      if (!(utilisation > 0.8)) continue;
      const double batch = c.batch_size;
      std::string why;
      if (c.reads_stream() && lanes < c.function_concurrency()) {
        why = "its stream's shards x parallelization_factor";
      } else if (c.reads_stream() || c.function_concurrency() <= c.concurrency_cap()) {
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
  // A function in scenario order: one of the two is set.
  struct Entry {
    Function* queue_fed;
    StreamMapping* mapping;
  };

  template <class Visit>
  void each(Visit visit) const {
    for (const Entry& e : order_) {
      if (e.mapping != nullptr) {
        visit(*e.mapping);
      } else {
        visit(*e.queue_fed);
      }
    }
  }

  void build_mapping(Assembly& a, const FunctionConfig& lc, const EventBases& bases, bool emits) {
    Stream* stream = nullptr;
    if (!lc.table.empty()) {
      Table* table = a.find<Table>(lc.table);
      if (table == nullptr)
        throw std::invalid_argument("function " + lc.name + ": no such table " + lc.table);
      stream = table->stream();
      if (stream == nullptr)
        throw std::invalid_argument("function " + lc.name + ": table " + lc.table +
                                    " has no stream");
    } else {
      stream = a.find<Stream>(lc.stream);
      if (stream == nullptr)
        throw std::invalid_argument("function " + lc.name + ": no such stream " + lc.stream);
    }
    mappings_.push_back(std::make_unique<StreamMapping>(lc, *stream, a));
    StreamMapping& m = *mappings_.back();
    m.attach(a.kernel.attach(m));
    a.add(m);
    m.emit_through(EmitList(a, "lambda:" + lc.name, "function " + lc.name, lc.emit, bases));
    m.fail_through(EmitList(a, on_failure_component(lc.name), "function " + lc.name,
                            lc.stream_mapping.on_failure, bases));
    if (emits) m.track_flows(bases.producers());
    order_.push_back({nullptr, &m});
  }

  std::int64_t lanes_of(const FunctionConfig& c) const {
    std::int64_t shards = 1;
    for (const TableConfig& t : config_.tables)
      if (t.name == c.table) shards = t.shards;
    for (const StreamConfig& s : config_.streams)
      if (s.name == c.stream) shards = s.partitions;
    return shards * c.stream_mapping.parallelization_factor;
  }

  const SystemConfig& config_;
  std::vector<std::unique_ptr<Function>> functions_;
  std::vector<std::unique_ptr<StreamMapping>> mappings_;
  std::vector<Entry> order_;
};

}  // namespace

std::unique_ptr<Part> build_functions(Assembly& a) {
  return std::make_unique<Functions>(a);
}

}  // namespace edasim::model
