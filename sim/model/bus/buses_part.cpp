// The buses of a system: each delivers to the queues its rules target,
// through the destinations the queues' registration makes for a service.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/bus/bus.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/receiving_kind.hpp"

namespace edasim {

namespace {

class Buses final : public Part {
 public:
  explicit Buses(Assembly& a) {
    for (const BusConfig& bc : a.config.buses) {
      const auto index = static_cast<std::uint32_t>(buses_.size());
      const std::string component = "bus:" + bc.name;
      const MakeDelivery deliveries = [&a, &component](std::string_view table,
                                                       const std::string& name) {
        return make_destination(a, table, {&name, 1}, Sending{component, Sending::Role::service});
      };
      buses_.push_back(std::make_unique<Bus>(bc, index, a, a.all<Queue>(), deliveries));
      buses_.back()->attach(a.kernel.attach(*buses_.back()));
      a.add(*buses_.back());
    }
  }

  void start(Time) override {
    for (auto& b : buses_) b->start();
  }
  void report(RunResult& r) override {
    for (auto& b : buses_) {
      r.events.in_flight += b->pending_deliveries();
      r.buses.push_back(b->result());
    }
  }

 private:
  std::vector<std::unique_ptr<Bus>> buses_;
};

}  // namespace

std::unique_ptr<Part> build_buses(Assembly& a) {
  return std::make_unique<Buses>(a);
}

}  // namespace edasim
