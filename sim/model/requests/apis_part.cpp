// The downstream APIs of a system: called by fleets, chains and pollers,
// driven by nothing of their own.
#include <memory>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/requests/api.hpp"

namespace edasim {

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
      s.api_admitted.push_back(r.calls - r.rejected);
    }
  }
  void report(RunResult& r) override {
    for (auto& api : apis_) r.apis.push_back(api->result());
  }

 private:
  std::vector<std::unique_ptr<Api>> apis_;
};

}  // namespace

std::unique_ptr<Part> build_apis(Assembly& a) {
  return std::make_unique<Apis>(a);
}

}  // namespace edasim
