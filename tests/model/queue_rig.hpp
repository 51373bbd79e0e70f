// A queue under test: a kernel, a pool, books, the queue (and optionally a
// dead-letter queue), and a receiver that records every answer with its time.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/model/queues/queue.hpp"

namespace edasim::testing {

struct Answer {
  Time at;
  std::vector<model::Receipt> batch;
  model::ReceiveStatus status;
};

struct Recorder : model::Receiver {
  std::vector<Answer> answers;
  core::Kernel* kernel = nullptr;
  void on_receive(std::uint32_t, std::span<const model::Receipt> batch,
                  model::ReceiveStatus status) override {
    answers.push_back({kernel->now(), {batch.begin(), batch.end()}, status});
  }
};

struct Rig {
  explicit Rig(model::QueueConfig source, std::optional<model::QueueConfig> dead = std::nullopt)
      : queue(std::move(source), 0, model::Context{7, kernel, books}, pool) {
    queue.attach(kernel.attach(queue));
    if (dead) {
      dlq = std::make_unique<model::Queue>(std::move(*dead), 1, model::Context{7, kernel, books},
                                           pool);
      dlq->attach(kernel.attach(*dlq));
      queue.set_dead_letter_queue(*dlq);
      dlq->mark_as_dead_letter_queue();
    }
    recorder.kernel = &kernel;
  }
  core::Kernel kernel;
  model::MessagePool pool;
  model::Books books;
  model::Queue queue;
  std::unique_ptr<model::Queue> dlq;
  Recorder recorder;

  void run_to(Duration d) { kernel.run_until(Time::zero() + d); }
  const Answer& last() const { return recorder.answers.back(); }
};

inline model::QueueConfig config(std::string name = "q") {
  model::QueueConfig c;
  c.name = std::move(name);
  c.short_poll_sampling = 1.0;
  return c;
}

// The same, as a FIFO queue with the default FIFO settings.
inline model::QueueConfig fifo_config(std::string name = "q") {
  model::QueueConfig c = config(std::move(name));
  c.fifo = model::FifoConfig{};
  return c;
}

}  // namespace edasim::testing
