// The queues of a system: built first, since every other kind sends to them
// or reads them; each queue's redrive peers and dead-letter queue wired.
#include <memory>
#include <stdexcept>
#include <vector>

#include "sim/model/assembly.hpp"
#include "sim/model/part.hpp"
#include "sim/model/queues/queue.hpp"

namespace edasim {

namespace {

class Queues final : public Part {
 public:
  explicit Queues(Assembly& a) {
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
  void add_columns(TimeSeries& series) override {
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

 private:
  std::vector<std::unique_ptr<Queue>> queues_;
};

}  // namespace

std::unique_ptr<Part> build_queues(Assembly& a) {
  return std::make_unique<Queues>(a);
}

}  // namespace edasim
