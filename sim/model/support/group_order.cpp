#include "sim/model/support/group_order.hpp"

#include <algorithm>

#include "sim/model/system_config.hpp"

namespace edasim::model {

bool queue_carries_groups(const SystemConfig& config, const std::string& queue) {
  for (const QueueConfig& q : config.queues) {
    if (q.name == queue && q.fifo.has_value()) return true;
  }
  return std::ranges::any_of(config.producers, [&](const ProducerConfig& p) {
    if (p.message_group_field.empty() || p.target_table != "queues") return false;
    return p.target == queue || std::ranges::find(p.targets, queue) != p.targets.end();
  });
}

}  // namespace edasim::model
