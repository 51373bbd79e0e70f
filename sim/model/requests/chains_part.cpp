// The synchronous call chains of a system: each calls its steps' APIs and
// may publish to a bus at its end.
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/bus/bus.hpp"
#include "sim/model/part.hpp"
#include "sim/model/requests/chain.hpp"

namespace edasim {

namespace {

class Chains final : public Part {
 public:
  explicit Chains(Assembly& a) {
    for (const ChainConfig& cc : a.config.chains) {
      std::vector<std::vector<Api*>> apis;
      Bus* bus = nullptr;
      for (const ChainStep& step : cc.steps) {
        std::vector<Api*> calls;
        for (const std::string& name : step.apis) {
          Api* api = a.find<Api>(name);
          if (api == nullptr)
            throw std::invalid_argument("chain " + cc.name + ": no such API " + name);
          calls.push_back(api);
        }
        apis.push_back(std::move(calls));
        if (step.publish) {
          bus = a.find<Bus>(*step.publish);
          if (bus == nullptr)
            throw std::invalid_argument("chain " + cc.name + ": no such bus " + *step.publish);
        }
      }
      chains_.push_back(std::make_unique<Chain>(cc, std::move(apis), bus, a));
      chains_.back()->attach(a.kernel.attach(*chains_.back()));
      a.add(*chains_.back());
    }
  }

  void report(RunResult& r) override {
    for (auto& c : chains_) {
      r.events.awaiting_routing += c->awaiting_routing();
      r.chains.push_back(c->result());
      // A chain that does not publish does all of an event's work before it
      // answers: its latency is the event's end to end.
      if (c->publish_bus() == nullptr) r.end_to_end.merge(r.chains.back().latency);
    }
  }

 private:
  std::vector<std::unique_ptr<Chain>> chains_;
};

}  // namespace

std::unique_ptr<Part> build_chains(Assembly& a) {
  return std::make_unique<Chains>(a);
}

}  // namespace edasim
