// A small design the model tests share: orders at 10/s straight into queue
// "email", read by fleet "mailer" (4 instances, 20 ms a message) that calls
// the "smtp" API once per message; smtp is down from 5m to 10m; failed
// messages move to "email-dlq" on their third receive.
#pragma once

#include <string>
#include <utility>

#include "sim/model/system_config.hpp"

namespace edasim::testing {

inline model::FaultConfig smtp_outage(std::string name, Duration start, Duration duration) {
  model::FaultConfig f;
  f.name = std::move(name);
  f.kind = model::FaultConfig::Kind::downstream_outage;
  f.target = "smtp";
  f.start = start;
  f.duration = duration;
  return f;
}

inline model::SystemConfig email_outage() {
  model::SystemConfig s;
  model::ProducerConfig p;
  p.name = "orders";
  p.target_table = "queues";
  p.target = "email";
  p.arrival.rate = Rate{10};
  p.templates.push_back(model::EventTemplate{});
  s.producers.push_back(p);
  model::QueueConfig q;
  q.name = "email";
  q.visibility_timeout = seconds(10);
  q.dead_letter_queue = "email-dlq";
  q.max_receive_count = 2;
  s.queues.push_back(q);
  model::QueueConfig dlq;
  dlq.name = "email-dlq";
  s.queues.push_back(dlq);
  model::FleetConfig f;
  f.name = "mailer";
  f.queue = "email";
  f.instances = 4;
  f.processing = core::DurationDistribution(core::Distribution::constant(0.02));
  f.calls = {{"smtp", 1}};
  s.fleets.push_back(f);
  model::ApiConfig smtp;
  smtp.name = "smtp";
  s.apis.push_back(smtp);
  s.faults.push_back(smtp_outage("smtp down", minutes(5), minutes(5)));
  return s;
}

}  // namespace edasim::testing
