// What one producer emitted over a run (sim/model/producers).
#pragma once

#include <cstdint>
#include <string>
#include "sim/model/support/result_field.hpp"

namespace edasim::model {

// What one producer emitted. The fingerprint hashes the time, number and size
// of every event in order: two runs whose producers have equal fingerprints
// were fed the same workload (common random numbers at work).
struct ProducerResult {
  std::string name;
  std::uint64_t produced = 0;
  std::uint64_t fingerprint = 0;
};

// report.json's fields of a producer, in order.
std::span<const Field<ProducerResult>> producer_fields();

}  // namespace edasim::model
