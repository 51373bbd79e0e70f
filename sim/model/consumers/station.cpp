#include "sim/model/consumers/station.hpp"

#include <algorithm>
#include <cmath>

namespace edasim::model {

std::optional<StationParameters> station(const SystemConfig& config, const FleetConfig& fleet,
                                         std::string& why) {
  const auto no = [&why](std::string reason) {
    why = std::move(reason);
    return std::nullopt;
  };
  const QueueConfig* queue = nullptr;
  for (const QueueConfig& q : config.queues) {
    if (q.name == fleet.queue) queue = &q;
  }
  if (queue == nullptr) return no("its queue is not declared");
  // Every inflow into the queue but one Poisson producer breaks the model.
  const ProducerConfig* source = nullptr;
  for (const ProducerConfig& p : config.producers) {
    if (p.target_table != "queues") continue;
    const bool feeds = p.target == fleet.queue || std::find(p.targets.begin(), p.targets.end(),
                                                            fleet.queue) != p.targets.end();
    if (!feeds) continue;
    if (source != nullptr) return no("more than one producer sends to queue " + fleet.queue);
    source = &p;
  }
  for (const BusConfig& b : config.buses) {
    for (const RuleConfig& r : b.rules) {
      for (std::size_t t = 0; t < r.targets.size(); ++t) {
        if (r.targets[t] == fleet.queue) return no("bus rule " + r.name + " delivers to it");
        if (t < r.policies.size() && r.policies[t].dead_letter_queue == fleet.queue) {
          return no("it is the dead-letter queue of a target of bus rule " + r.name);
        }
      }
    }
  }
  for (const TopicConfig& t : config.topics) {
    for (const SubscriptionConfig& s : t.subscriptions) {
      if (s.queue == fleet.queue || s.dead_letter_queue == fleet.queue) {
        return no("topic " + t.name + " delivers to it");
      }
    }
  }
  for (const QueueConfig& q : config.queues) {
    if (q.dead_letter_queue == fleet.queue) {
      return no("queue " + fleet.queue + " is the dead-letter queue of queue " + q.name);
    }
    if (q.name == queue->dead_letter_queue && q.redrive) {
      return no("its dead-letter queue " + q.name + " redrives messages back");
    }
  }
  if (source == nullptr) return no("no producer sends to queue " + fleet.queue + " directly");
  if (source->arrival.process != ArrivalConfig::Process::poisson ||
      !source->arrival.profile.empty() || source->stop_after != Duration::max()) {
    return no("producer " + source->name + " is not a steady Poisson process");
  }
  if (source->batch_size != 1) return no("producer " + source->name + " sends in batches");
  if (source->claim_check || source->duplicate_send_probability != 0) {
    return no("producer " + source->name + " uses a claim check or sends duplicates");
  }
  // The only reader of its queue.
  for (const FleetConfig& other : config.fleets) {
    if (other.name != fleet.name && other.queue == fleet.queue) {
      return no("consumer " + other.name + " reads the same queue");
    }
  }
  for (const FunctionConfig& l : config.functions) {
    if (l.queue == fleet.queue) return no("Lambda function " + l.name + " reads the same queue");
  }
  const core::Distribution& latency = queue->api_latency.seconds();
  if (latency.kind() != core::Distribution::Kind::constant || latency.mean() != 0) {
    return no("SQS calls take time (api_latency), which the closed forms leave out");
  }
  if (queue->delay != Duration::zero() || queue->duplicate_probability != 0 || queue->fifo) {
    return no("queue " + fleet.queue + " delays, duplicates or orders messages (FIFO)");
  }
  if (fleet.batch_size != 1) return no("it receives batches of more than one message");
  if (fleet.wait_time == Duration::zero()) return no("it short-polls");
  if (fleet.failure_probability != 0 || !fleet.calls.empty()) {
    return no("its attempts can fail or call downstream APIs");
  }
  if (!fleet.wants.empty()) return no("it discards copies it does not want");
  if (fleet.autoscaling.enabled) return no("it is autoscaled");
  for (const FaultConfig& f : config.faults) {
    if (f.target == fleet.name) return no("fault " + f.name + " acts on it");
  }
  const std::int64_t servers = std::int64_t{fleet.instances} * fleet.pollers_per_instance;
  if (queue->in_flight_limit < servers) {
    return no("the queue's in-flight limit (" + std::to_string(queue->in_flight_limit) +
              ") is below its " + std::to_string(servers) + " pollers");
  }
  // The truncated moments: what the fleet samples.
  const double mean = fleet.processing.mean_seconds();
  const double variance = fleet.processing.variance_seconds();
  if (!(mean > 0) || !std::isfinite(mean) || !std::isfinite(variance)) {
    return no("its service time has no finite, positive mean and variance");
  }
  // A message whose processing outlives its visibility timeout is delivered
  // again while still in service: a second job the model does not have.
  if (queue->visibility_timeout.seconds() < 10 * mean) {
    return no(
        "the visibility timeout is under 10 times the mean service time, so messages "
        "come back while still in service");
  }
  StationParameters s;
  s.arrival_rate = source->arrival.rate.per_second;
  s.service_mean = mean;
  s.service_scv = variance / (mean * mean);
  s.exponential_service =
      fleet.processing.seconds().kind() == core::Distribution::Kind::exponential;
  s.servers = servers;
  why.clear();
  return s;
}

}  // namespace edasim::model
