// `check`: what is wrong or suspicious in a design, found on its topology.
//
// Errors make a design unrunnable (a reference to nothing, a redrive cycle);
// loading a scenario fails on them. Warnings point at designs that run but
// probably do not do what was meant (a queue nobody consumes, a bus without
// rules). Infos state a consequence worth knowing that is usually intended (a
// dead-letter queue without a consumer).
#pragma once

#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "sim/model/system_config.hpp"
#include "sim/scenario/topology.hpp"

namespace edasim::scenario {

enum class Severity { error, warning, info };

struct Finding {
  Severity severity = Severity::error;
  std::string key;  // the scenario key the finding is about
  std::string message;
};

std::string to_string(Severity severity);

// A further check supplied by another layer (the model's "no rule can match
// this producer's events" needs the event generator): it appends its own
// findings.
using ExtraCheck =
    std::function<void(const model::SystemConfig&, const Topology&, std::vector<Finding>&)>;

// Findings in a fixed order: reference errors in topology order, then each
// registered kind's findings (its TopologyKind::check) in build order, then
// whatever `extra` appends, in the order given.
std::vector<Finding> check(const model::SystemConfig& config, const Topology& topology,
                           std::span<const ExtraCheck> extra = {});

// "error: queues.a.dead_letter_queue: ...", one finding per line, errors
// first, then warnings, then infos; "no findings" when there are none.
void print(std::ostream& out, std::span<const Finding> findings);

}  // namespace edasim::scenario
