// The read workloads of a system: each watches its producers' writes and
// its view's successful processings (sim/model/reads/read_workload.hpp).
// Built after every processing kind, so that its view exists; it schedules
// nothing and draws only from its own streams, so a design's other figures
// are the same with or without it.
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/consumers/fleet.hpp"
#include "sim/model/functions/function.hpp"
#include "sim/model/functions/stream_mapping.hpp"
#include "sim/model/part.hpp"
#include "sim/model/producers/producer.hpp"
#include "sim/model/reads/read_workload.hpp"

namespace edasim::model {

namespace {

ProcessingWatch* view_of(Assembly& a, const ReadConfig& rc) {
  if (rc.view_kind == "functions") {
    if (Function* f = a.find<Function>(rc.view)) return &f->processing_watch();
    if (StreamMapping* m = a.find<StreamMapping>(rc.view)) return &m->processing_watch();
  } else if (rc.view_kind == "consumers") {
    if (Fleet* f = a.find<Fleet>(rc.view)) return &f->processing_watch();
  }
  return nullptr;
}

class Reads final : public Part {
 public:
  explicit Reads(Assembly& a) {
    for (const ReadConfig& rc : a.config.reads) {
      reads_.push_back(std::make_unique<ReadWorkload>(rc, a));
      ReadWorkload* w = reads_.back().get();
      ProcessingWatch* view = view_of(a, rc);
      if (view == nullptr)
        throw std::invalid_argument("reads " + rc.name + ": no such view " + rc.view);
      view->add([w](std::uint64_t root, Time at) { w->projected(root, at); });
      for (const std::string& name : rc.from) {
        Producer* p = a.find<Producer>(name);
        if (p == nullptr)
          throw std::invalid_argument("reads " + rc.name + ": no such producer " + name);
        p->watch_production([w](std::uint64_t event, Time at) { w->written(event, at); });
      }
    }
  }

  void start(Time end) override {
    for (auto& w : reads_) w->start(end);
  }
  void restart_measurements() override {
    for (auto& w : reads_) w->restart_measurements();
  }
  void report(RunResult& r) override {
    for (const auto& w : reads_) r.reads.push_back(w->result());
  }

 private:
  std::vector<std::unique_ptr<ReadWorkload>> reads_;
};

}  // namespace

std::unique_ptr<Part> build_reads(Assembly& a) {
  return std::make_unique<Reads>(a);
}

}  // namespace edasim::model
