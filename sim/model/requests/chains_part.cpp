// The synchronous call chains of a system: each calls its steps' APIs and
// may publish at its end to any receiving kind's component, through the
// destination that kind's registration makes for it, connected once every
// kind is built (connect_chain, chain_destination.hpp).
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/receiving_kind.hpp"
#include "sim/model/requests/chain.hpp"
#include "sim/model/requests/chain_destination.hpp"

namespace edasim::model {

namespace {

class Chains final : public Part {
 public:
  explicit Chains(Assembly& a) {
    for (const ChainConfig& cc : a.config.chains) {
      std::vector<std::vector<Api*>> apis;
      for (const ChainStep& step : cc.steps) {
        std::vector<Api*> calls;
        for (const std::string& name : step.apis) {
          Api* api = a.find<Api>(name);
          if (api == nullptr)
            throw std::invalid_argument("chain " + cc.name + ": no such API " + name);
          calls.push_back(api);
        }
        apis.push_back(std::move(calls));
      }
      chains_.push_back(std::make_unique<Chain>(cc, std::move(apis), nullptr, a));
      chains_.back()->attach(a.kernel.attach(*chains_.back()));
      a.add(*chains_.back());
    }
  }

  // A chain a producer sends to is connected then (chain_destination.cpp);
  // this connects the others.
  void connect(Assembly& a) override {
    for (auto& c : chains_) connect_chain(a, *c);
  }

  void report(RunResult& r) override {
    for (auto& c : chains_) {
      r.events.awaiting_routing += c->awaiting_routing();
      r.chains.push_back(c->result());
      // A chain that does not publish does all of an event's work before it
      // answers: its latency is the event's end to end.
      if (!c->publishes()) r.end_to_end.merge(r.chains.back().latency);
    }
  }

 private:
  std::vector<std::unique_ptr<Chain>> chains_;
};

}  // namespace

std::unique_ptr<Part> build_chains(Assembly& a) {
  return std::make_unique<Chains>(a);
}

}  // namespace edasim::model
