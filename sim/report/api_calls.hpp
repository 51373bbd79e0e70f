// The API calls of a run, added up by kind and told apart by the service
// that bills them (EventBridge, SQS, Lambda, Kinesis, Kafka, or a downstream
// API of the scenario).
//
// Promises:
// - Kinds are listed EventBridge first, then SQS, Lambda, Kinesis, Kafka,
//   downstream APIs, each
//   group in byte-wise order of kind, whatever order the calls came in.
// - EmptyReceive is a breakdown of ReceiveMessage (the simulator records an
//   empty receive under both), so it is listed but never added to a total
//   or a bill.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/model/run_result.hpp"

namespace edasim::report {

enum class Service {
  eventbridge,
  sqs,
  sns,
  s3,
  lambda,
  kinesis,
  kafka,
  step_functions,
  downstream
};

// By the API action's name: PutEvents is EventBridge's, the SQS actions and
// the deliveries SNS and EventBridge make to SQS queues
// ("SNS.DeliverToSQS", "EventBridge.DeliverToSQS": SQS bills their
// SendMessage) are SQS's, Publish, PublishBatch and the other "SNS.*"
// deliveries SNS's, "s3.*" object
// storage's (claim checks), Invoke is Lambda's, PutRecords and GetRecords
// are Kinesis's, Produce, Fetch and OffsetCommit are Kafka's, StartExecution
// is Step Functions' (which bills executions, not the call), and any other
// kind is a downstream call the scenario names.
Service service_of(std::string_view kind);
std::string_view service_name(Service service);

struct KindTotal {
  std::string kind;
  Service service = Service::downstream;
  bool breakdown = false;
  std::uint64_t calls = 0;
  std::uint64_t billing_units = 0;
};

struct CallSummary {
  std::vector<KindTotal> by_kind;
  std::uint64_t calls = 0;  // breakdowns left out
  // Billing units of each service that uses them, in Service order; never
  // added across services: an SQS request, an EventBridge event and a
  // Kinesis PUT payload unit are different things at different prices.
  // Downstream APIs are left out (each is its own bill, by kind).
  std::vector<std::pair<Service, std::uint64_t>> billing_units_by_service;
  std::uint64_t sqs_billing_units = 0;       // standard and FIFO queues
  std::uint64_t sqs_fifo_billing_units = 0;  // of those, FIFO queues
  std::uint64_t eventbridge_billing_units = 0;
  std::uint64_t sns_publish_billing_units = 0;  // Publish and PublishBatch
  std::uint64_t sns_http_billing_units = 0;     // deliveries to HTTP/S endpoints
  std::uint64_t s3_puts = 0, s3_gets = 0;       // claim checks
};

CallSummary summarize_calls(const std::vector<model::CallLine>& calls);

// Whether the design uses a service. Counters are made when a component is
// built, so a service's kinds are listed, possibly at 0 calls, whenever the
// topology uses the service: the answer never depends on a run's draws.
bool uses(const CallSummary& calls, Service service);

}  // namespace edasim::report
