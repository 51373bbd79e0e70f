// The polling integrations of a system: each lists and fetches changes at
// its source through two APIs.
#include <memory>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/requests/api.hpp"
#include "sim/model/requests/polling.hpp"

namespace edasim::model {

namespace {

class Pollers final : public Part {
 public:
  explicit Pollers(Assembly& a) {
    for (const PollerConfig& pc : a.config.pollers) {
      pollers_.push_back(
          std::make_unique<Poller>(pc, a.find<Api>(pc.list_api), a.find<Api>(pc.fetch_api), a));
      pollers_.back()->attach(a.kernel.attach(*pollers_.back()));
      a.add(*pollers_.back());
    }
  }

  void start(Time end) override {
    for (auto& p : pollers_) p->start(end);
  }
  void restart_measurements() override {
    for (auto& p : pollers_) p->restart_measurements();
  }
  void report(RunResult& r) override {
    for (auto& p : pollers_) {
      r.events.in_flight += p->in_flight();
      PollerResult pr = p->result();
      r.end_to_end.merge(pr.end_to_end);
      r.pollers.push_back(std::move(pr));
    }
  }

  // One fetch per change a poller lists (its list calls follow the clock,
  // not the load, and are left out).
  void offer(OfferedLoad& load) const override {
    for (const auto& p : pollers_) {
      if (!p->config().fetch_api.empty())
        load.pass("pollers", p->name(), "apis", p->config().fetch_api, 1.0, false);
    }
  }

 private:
  std::vector<std::unique_ptr<Poller>> pollers_;
};

}  // namespace

std::unique_ptr<Part> build_pollers(Assembly& a) {
  return std::make_unique<Pollers>(a);
}

}  // namespace edasim::model
