// The consumer fleets of a system: each polls one queue, calls its
// downstream APIs, and sends what its emit list makes through destinations
// made by the receiving kinds' registration, as a client in its own name.
#include <algorithm>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/consumers/fleet.hpp"
#include "sim/model/consumers/station.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"
#include "sim/model/requests/api.hpp"
#include "sim/model/support/emit_list.hpp"
#include "sim/model/support/group_order.hpp"

namespace edasim::model {

namespace {

class Fleets final : public Part {
 public:
  explicit Fleets(Assembly& a) : config_(a.config), kernel_(a.kernel) {
    // Every event number stays unique, and names its maker (emit_list.hpp).
    const EventBases bases(a.config);
    // Fleets measure stage latencies and flows when any component emits,
    // so a fleet behind an emitting function or group sees its flows end.
    emits_ = design_emits(a.config);
    for (const FleetConfig& fc : a.config.fleets) {
      Queue* queue = a.find<Queue>(fc.queue);
      if (queue == nullptr)
        throw std::invalid_argument("consumer " + fc.name + ": no such queue " + fc.queue);
      std::vector<Api*> apis;
      for (const auto& [name, count] : fc.calls) {
        Api* api = a.find<Api>(name);
        if (api == nullptr)
          throw std::invalid_argument("consumer " + fc.name + ": no such API " + name);
        apis.push_back(api);
      }
      if (fc.on_failure.kind == FailurePolicy::Kind::repush && !queue->has_dead_letter_queue()) {
        throw std::invalid_argument("consumer " + fc.name + ": re-push needs queue " + fc.queue +
                                    " to have a dead-letter queue");
      }
      fleets_.push_back(std::make_unique<Fleet>(fc, *queue, std::move(apis), a));
      fleets_.back()->attach(a.kernel.attach(*fleets_.back()));
      a.add(*fleets_.back());
      fleets_.back()->emit_through(
          EmitList(a, "consumer:" + fc.name, "consumer " + fc.name, fc.emit, bases));
      if (emits_) fleets_.back()->track_flows(bases.producers());
      if (queue_carries_groups(a.config, fc.queue)) fleets_.back()->track_order();
    }
  }

  void start(Time) override {
    for (auto& f : fleets_) f->start();
  }
  void restart_measurements() override {
    for (auto& f : fleets_) f->restart_measurements();
  }
  // Only autoscaled fleets change size, so only they add columns.
  void add_columns(metrics::TimeSeries& series) override {
    for (auto& f : fleets_) {
      if (!f->config().autoscaling.enabled) continue;
      series.add_column(f->name() + ".instances");
      series.add_column(f->name() + ".running");
    }
  }
  void sample(std::vector<double>& row) override {
    for (auto& f : fleets_) {
      if (!f->config().autoscaling.enabled) continue;
      row.push_back(static_cast<double>(f->instances()));
      row.push_back(static_cast<double>(f->running_instances()));
    }
  }
  void bill(BillingSnapshot& s) const override {
    for (const auto& f : fleets_) {
      s.meters.push_back(
          {"consumers." + f->name(), "instance_hours", f->instance_hours(kernel_.now())});
    }
  }
  void report(RunResult& r) override { add(r, false); }
  void hand_over(RunResult& r) override { add(r, true); }
  void add(RunResult& r, bool move) {
    for (auto& f : fleets_) {
      FleetResult fr = move ? f->hand_over(kernel_.now()) : f->result(kernel_.now());
      fr.station = station(config_, f->config(), fr.not_a_station);
      r.end_to_end.merge(fr.end_to_end);
      r.events.awaiting_routing += f->emitted_buffered();
      // A flow ends at a successful processing that emits nothing.
      f->flow_ends().add_to(r, config_, "fleet", f->name(), move);
      r.fleets.push_back(std::move(fr));
    }
  }

  void offer_emissions(const OfferedLoad& reached, OfferedLoad& load) override {
    for (auto& f : fleets_) {
      f->emit_list().offer(reached, "consumers", f->name(), f->config().failure_probability, load);
    }
  }

  void offer(OfferedLoad& load) const override {
    for (const auto& f : fleets_) {
      const FleetConfig& c = f->config();
      const auto readers = static_cast<double>(readers_of(config_, c.queue));
      load.pass("queues", c.queue, "consumers", c.name, 1.0 / readers);
      // Every attempt makes its calls, a discarded copy's included.
      for (const auto& [api, count] : c.calls) {
        load.pass("consumers", c.name, "apis", api, static_cast<double>(count), false);
      }
    }
  }

  // Each poller receives a batch, then processes it one message after
  // another: a batch of b takes b x the mean service (processing plus the
  // downstream calls' latency) plus the receive's latency, so the fleet
  // serves at most pollers x b / that per second, fewer if the queue's
  // in-flight limit holds fewer than pollers x b messages.
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (const auto& f : fleets_) {
      const FleetConfig& c = f->config();
      const ComponentLoad l = load.peak("consumers", c.name);
      const double arrivals = l.per_second.events;
      if (!(arrivals > 0)) continue;
      const bool scaled = c.autoscaling.enabled;
      const double instances = scaled ? c.autoscaling.max_instances : c.instances;
      const double pollers = instances * c.pollers_per_instance;
      // The downstream calls every attempt makes, in mean and variance.
      double call_mean = 0, call_variance = 0;
      for (const auto& [name, count] : c.calls) {
        for (const ApiConfig& api : config_.apis) {
          if (api.name != name) continue;
          call_mean += count * api.latency.mean_seconds();
          call_variance += count * api.latency.variance_seconds();
        }
      }
      const double unwanted = l.per_second.discarded / arrivals;
      const double wanted_mean = c.processing.mean_seconds() + call_mean;
      const double discard_mean = c.discard_processing.mean_seconds() + call_mean;
      const double mean = (1 - unwanted) * wanted_mean + unwanted * discard_mean;
      const double second_moment = (1 - unwanted) * (c.processing.variance_seconds() +
                                                     call_variance + wanted_mean * wanted_mean) +
                                   unwanted * (c.discard_processing.variance_seconds() +
                                               call_variance + discard_mean * discard_mean);
      const QueueConfig* queue = nullptr;
      for (const QueueConfig& q : config_.queues) {
        if (q.name == c.queue) queue = &q;
      }
      if (queue == nullptr) continue;
      const double receive = queue->api_latency.mean_seconds();
      const double batch = c.batch_size;
      double servers = pollers;
      const auto in_flight = static_cast<double>(queue->in_flight_limit);
      const bool capped = pollers * batch > in_flight;
      if (capped) servers = in_flight / batch;
      const double per_message = mean + receive / batch;
      const double serves =
          per_message > 0 ? servers / per_message : std::numeric_limits<double>::infinity();
      // The station: one message at a time per poller, each carrying its
      // share of its batch's receive.
      out.stations.push_back(ServerLoad{
          "consumers", c.name, arrivals, l.peak, servers, per_message,
          second_moment + 2 * mean * (receive / batch) + (receive / batch) * (receive / batch)});
      const double utilisation = arrivals / serves;
      if (!(utilisation > 0.8)) continue;
      std::string m = at_peak_text(l.peak) + " " + count_text(arrivals) + " messages/s arrive";
      if (unwanted > 0) m += " (" + percent_text(unwanted) + " of them unwanted copies)";
      m += "; " + count_text(pollers) + " pollers";
      if (scaled) {
        m += " (at most " + count_text(instances) + " instances when autoscaled)";
      }
      m += " x batch " + count_text(batch) + " / ";
      if (batch == 1 && receive == 0) {
        m += "mean " + seconds_text(mean);
      } else {
        m += "(" + count_text(batch) + " x mean " + seconds_text(mean);
        if (receive > 0) m += " + receive " + seconds_text(receive);
        m += ")";
      }
      if (capped) {
        m += ", held to " + count_text(in_flight) + " messages in flight by queue " + c.queue;
      }
      m += " serve at most " + count_text(serves) + "/s" + utilisation_text(utilisation);
      m += utilisation > 1 ? ": the backlog grows by about " + count_text(arrivals - serves) + "/s"
                           : ": little headroom for bursts";
      out.limits.push_back({"consumers", c.name, utilisation, std::move(m)});
    }
  }

 private:
  const SystemConfig& config_;
  const core::Kernel& kernel_;
  std::vector<std::unique_ptr<Fleet>> fleets_;
  bool emits_ = false;  // some component of the design has an emit list
};

}  // namespace

std::unique_ptr<Part> build_consumers(Assembly& a) {
  return std::make_unique<Fleets>(a);
}

}  // namespace edasim::model
