// The Lambda functions of a system, each behind an event source mapping
// that polls one queue.
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/functions/function.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"

namespace edasim {

namespace {

class Functions final : public Part {
 public:
  explicit Functions(Assembly& a) {
    for (const FunctionConfig& lc : a.config.functions) {
      Queue* queue = a.find<Queue>(lc.queue);
      if (queue == nullptr)
        throw std::invalid_argument("function " + lc.name + ": no such queue " + lc.queue);
      functions_.push_back(std::make_unique<Function>(lc, *queue, a));
      functions_.back()->attach(a.kernel.attach(*functions_.back()));
      a.add(*functions_.back());
    }
  }

  void start(Time) override {
    for (auto& f : functions_) f->start();
  }
  void restart_measurements() override {
    for (auto& f : functions_) f->restart_measurements();
  }
  void add_columns(TimeSeries& series) override {
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
      s.function_invocations.push_back(r.invocations);
      s.function_gb_seconds.push_back(r.gb_seconds);
    }
  }
  void report(RunResult& r) override {
    for (auto& f : functions_) {
      FunctionResult fr = f->result();
      r.end_to_end.merge(fr.end_to_end);
      r.functions.push_back(std::move(fr));
    }
  }

 private:
  std::vector<std::unique_ptr<Function>> functions_;
};

}  // namespace

std::unique_ptr<Part> build_functions(Assembly& a) {
  return std::make_unique<Functions>(a);
}

}  // namespace edasim
