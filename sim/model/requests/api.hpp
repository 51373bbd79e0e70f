// A downstream API that consumers (and, later, synchronous call chains) call:
// a latency distribution, an error probability, an optional concurrency
// limit, and the faults (brownouts, outages) that change them for a while.
//
// What a call promises:
// - Each call draws its latency and one uniform for its error from the
//   API's own stream ("api:<name>"), whatever its outcome, so a fault window
//   or a rejection does not shift the draws of later calls.
// - A call finds the API over its concurrency limit when `concurrency` calls
//   admitted earlier are still running at its start: it is rejected (as a
//   429 would be) and holds no slot.
// - Inside a brownout the latency is multiplied and the error probability
//   combines with the API's own (independent failures); inside an outage
//   every admitted call fails. Overlapping faults combine the same way.
// - Failed and rejected calls take the call's latency too.
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/random.hpp"
#include "sim/core/time.hpp"
#include "sim/model/faults/fault_config.hpp"
#include "sim/model/requests/api_config.hpp"
#include "sim/model/requests/api_result.hpp"

namespace edasim::model {

class Api {
 public:
  enum class Outcome { ok, error, rejected };
  struct Call {
    Duration latency;
    Outcome outcome = Outcome::ok;
    // An error a fault caused: the `blame` its add_fault was given (0: the
    // API's own error, or no error).
    std::uint32_t fault = 0;
    // The latency the call would have had with no fault in force, and the
    // blame of the first brownout that lengthened it (0: none did), so a
    // caller's timeout can be put down to the slowdown that caused it.
    Duration own_latency;
    std::uint32_t slowed_by = 0;
  };

  Api(ApiConfig config, std::uint64_t seed);

  // A brownout or outage of this API; the errors it causes carry `blame`
  // (Message::fault's numbering).
  void add_fault(const FaultConfig& fault, std::uint32_t blame = 0);

  // One call starting at `start`.
  Call call(Time start);

  const std::string& name() const { return config_.name; }
  const ApiConfig& config() const { return config_; }
  const ApiResult& result() const { return result_; }

 private:
  ApiConfig config_;
  core::RandomStream rng_;
  std::vector<std::pair<FaultConfig, std::uint32_t>> faults_;  // with their blame
  // End times of admitted calls still running at the latest start seen.
  std::priority_queue<Time, std::vector<Time>, std::greater<>> running_;
  ApiResult result_;
};

}  // namespace edasim::model
