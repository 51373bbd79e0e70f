// The queues of a system: built first, since every other kind sends to them
// or reads them; each queue's redrive peers and dead-letter queue wired.
#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"

namespace edasim::model {

namespace {

class Queues final : public Part {
 public:
  explicit Queues(Assembly& a) : config_(a.config) {
    for (const QueueConfig& qc : a.config.queues) {
      const auto index = static_cast<std::uint32_t>(queues_.size());
      queues_.push_back(std::make_unique<Queue>(qc, index, a, a.pool));
      queues_.back()->attach(a.kernel.attach(*queues_.back()));
      a.add(*queues_.back());
    }
    // The queues by index, for redrives.
    const std::vector<Queue*>& peers = a.all<Queue>();
    for (auto& q : queues_) q->set_peers(peers);
    for (auto& q : queues_) {
      if (!q->config().dead_letter_queue) continue;
      Queue* dlq = a.find<Queue>(*q->config().dead_letter_queue);
      if (dlq == nullptr || dlq == q.get()) {
        throw std::invalid_argument("queue " + q->name() + ": dead-letter queue " +
                                    *q->config().dead_letter_queue + " is not another queue");
      }
      q->set_dead_letter_queue(*dlq);
      dlq->mark_as_dead_letter_queue();
    }
  }

  void start(Time) override {
    for (auto& q : queues_) q->start();
  }
  void restart_measurements() override {
    for (auto& q : queues_) q->restart_measurements();
  }
  void add_columns(metrics::TimeSeries& series) override {
    for (auto& q : queues_) {
      series.add_column(q->name() + ".visible");
      series.add_column(q->name() + ".in_flight");
      series.add_column(q->name() + ".oldest_age_s");
    }
  }
  void sample(std::vector<double>& row) override {
    for (auto& q : queues_) {
      row.push_back(static_cast<double>(q->visible()));
      row.push_back(static_cast<double>(q->in_flight()));
      row.push_back(q->oldest_age().seconds());
    }
  }
  void report(RunResult& r) override {
    for (auto& q : queues_) {
      QueueResult qr = q->result();
      (qr.dead_letter_queue ? r.events.dlq : r.events.in_flight) += q->live_messages();
      r.queues.push_back(std::move(qr));
    }
  }

  // A FIFO queue's quota is API calls a second per action (services.md
  // §1.9: 300, or the high-throughput mode's as configured). Sends are
  // counted as they are made (a producer's batches, one per bus or topic
  // delivery); receives as at least messages / the largest batch its readers
  // ask for. Standard queues have no such quota.
  void capacity(const OfferedLoad& load, Capacity& out) const override {
    for (const auto& q : queues_) {
      const QueueConfig& c = q->config();
      if (!c.fifo || !(c.fifo->api_rate_limit > 0)) continue;
      const double limit = c.fifo->api_rate_limit;
      const std::string quota =
          std::string(c.fifo->high_throughput ? "the high-throughput" : "the") + " FIFO quota is " +
          count_text(limit) + " calls/s per action";
      const ComponentLoad sends = load.peak("queues", c.name, LoadMeasure::requests);
      if (sends.per_second.requests / limit > 0.8) {
        const double u = sends.per_second.requests / limit;
        std::string m = at_peak_text(sends.peak) + " its senders make " +
                        count_text(sends.per_second.requests) + " SendMessage[Batch] calls/s (" +
                        count_text(sends.per_second.events) + " messages/s); " + quota +
                        utilisation_text(u);
        m += u > 1 ? ": sends over it are throttled" : ": little headroom for bursts";
        out.limits.push_back({"queues", c.name, u, std::move(m)});
      }
      double batch = 0;
      for (const FleetConfig& f : config_.fleets) {
        if (f.queue == c.name) batch = std::max<double>(batch, f.batch_size);
      }
      for (const FunctionConfig& f : config_.functions) {
        if (f.queue == c.name) batch = std::max<double>(batch, std::min(f.batch_size, 10));
      }
      if (batch == 0) continue;
      const ComponentLoad messages = load.peak("queues", c.name);
      const double receives = messages.per_second.events / batch;
      if (receives / limit > 0.8) {
        const double u = receives / limit;
        std::string m = at_peak_text(messages.peak) + " its readers need at least " +
                        count_text(receives) + " ReceiveMessage calls/s (" +
                        count_text(messages.per_second.events) + " messages/s in batches of " +
                        count_text(batch) + "); " + quota + utilisation_text(u);
        m += u > 1 ? ": receives over it are throttled" : ": little headroom for bursts";
        out.limits.push_back({"queues", c.name, u, std::move(m)});
      }
    }
  }

 private:
  const SystemConfig& config_;
  std::vector<std::unique_ptr<Queue>> queues_;
};

}  // namespace

std::unique_ptr<Part> build_queues(Assembly& a) {
  return std::make_unique<Queues>(a);
}

}  // namespace edasim::model
