// The consumer fleets of a system: each polls one queue and calls its
// downstream APIs.
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/consumers/fleet.hpp"
#include "sim/model/consumers/station.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/requests/api.hpp"

namespace edasim {

namespace {

class Fleets final : public Part {
 public:
  explicit Fleets(Assembly& a) : config_(a.config), kernel_(a.kernel) {
    for (const FleetConfig& fc : a.config.fleets) {
      Queue* queue = a.find<Queue>(fc.queue);
      if (queue == nullptr)
        throw std::invalid_argument("consumer " + fc.name + ": no such queue " + fc.queue);
      std::vector<Api*> apis;
      for (const auto& [name, count] : fc.calls) {
        Api* api = a.find<Api>(name);
        if (api == nullptr)
          throw std::invalid_argument("consumer " + fc.name + ": no such API " + name);
        apis.push_back(api);
      }
      if (fc.on_failure.kind == FailurePolicy::Kind::repush && !queue->has_dead_letter_queue()) {
        throw std::invalid_argument("consumer " + fc.name + ": re-push needs queue " + fc.queue +
                                    " to have a dead-letter queue");
      }
      fleets_.push_back(std::make_unique<Fleet>(fc, *queue, std::move(apis), a));
      fleets_.back()->attach(a.kernel.attach(*fleets_.back()));
      a.add(*fleets_.back());
    }
  }

  void start(Time) override {
    for (auto& f : fleets_) f->start();
  }
  void restart_measurements() override {
    for (auto& f : fleets_) f->restart_measurements();
  }
  // Only autoscaled fleets change size, so only they add columns.
  void add_columns(TimeSeries& series) override {
    for (auto& f : fleets_) {
      if (!f->config().autoscaling.enabled) continue;
      series.add_column(f->name() + ".instances");
      series.add_column(f->name() + ".running");
    }
  }
  void sample(std::vector<double>& row) override {
    for (auto& f : fleets_) {
      if (!f->config().autoscaling.enabled) continue;
      row.push_back(static_cast<double>(f->instances()));
      row.push_back(static_cast<double>(f->running_instances()));
    }
  }
  void bill(BillingSnapshot& s) const override {
    for (const auto& f : fleets_) {
      s.fleet_instance_hours.push_back(f->result(kernel_.now()).instance_hours);
    }
  }
  void report(RunResult& r) override {
    for (auto& f : fleets_) {
      FleetResult fr = f->result(kernel_.now());
      fr.station = station(config_, f->config(), fr.not_a_station);
      r.end_to_end.merge(fr.end_to_end);
      r.fleets.push_back(std::move(fr));
    }
  }

 private:
  const SystemConfig& config_;
  const Kernel& kernel_;
  std::vector<std::unique_ptr<Fleet>> fleets_;
};

}  // namespace

std::unique_ptr<Part> build_consumers(Assembly& a) {
  return std::make_unique<Fleets>(a);
}

}  // namespace edasim
