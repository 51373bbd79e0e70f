// The downstream APIs of a system: called by fleets, chains and pollers,
// driven by nothing of their own.
#include <memory>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/requests/api.hpp"

namespace edasim::model {

namespace {

class Apis final : public Part {
 public:
  explicit Apis(Assembly& a) {
    for (const ApiConfig& ac : a.config.apis) {
      apis_.push_back(std::make_unique<Api>(ac, a.seed));
      a.add(*apis_.back());
    }
  }

  void bill(BillingSnapshot& s) const override {
    for (const auto& api : apis_) {
      const ApiResult& r = api->result();
      s.meters.push_back({"apis." + r.name, "admitted", static_cast<double>(r.calls - r.rejected)});
    }
  }
  void report(RunResult& r) override {
    for (auto& api : apis_) r.apis.push_back(api->result());
  }

  // An API with a concurrency limit holds calls/s x mean latency calls at
  // once (Little's law); over its limit, calls are rejected. Calls come
  // from fleets (per attempt), chains (per request) and pollers (per
  // fetched change); retries are left out.
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (const auto& api : apis_) {
      const ApiConfig& c = api->config();
      if (c.concurrency <= 0) continue;
      const ComponentLoad l = load.peak("apis", c.name);
      const double mean = c.latency.mean_seconds();
      const double needed = l.per_second.events * mean;
      const double utilisation = needed / c.concurrency;
      if (!(utilisation > 0.8)) continue;
      std::string m = at_peak_text(l.peak) + " " + count_text(l.per_second.events) +
                      " calls/s at mean " + seconds_text(mean) + " hold " + count_text(needed) +
                      " at once; its concurrency limit is " + std::to_string(c.concurrency) +
                      utilisation_text(utilisation);
      m += utilisation > 1 ? ": calls over it are rejected" : ": little headroom for bursts";
      out.limits.push_back({"apis", c.name, utilisation, std::move(m)});
    }
  }

 private:
  std::vector<std::unique_ptr<Api>> apis_;
};

}  // namespace

std::unique_ptr<Part> build_apis(Assembly& a) {
  return std::make_unique<Apis>(a);
}

}  // namespace edasim::model
