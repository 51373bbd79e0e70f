#include "sim/report/api_calls.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include "sim/metrics/call_ledger.hpp"

namespace edasim::report {

namespace {

// Every SQS API action, data plane and control plane: all are billed requests.
constexpr std::array<std::string_view, 23> kSqsActions = {
    "AddPermission",
    "CancelMessageMoveTask",
    "ChangeMessageVisibility",
    "ChangeMessageVisibilityBatch",
    "CreateQueue",
    "DeleteMessage",
    "DeleteMessageBatch",
    "DeleteQueue",
    "GetQueueAttributes",
    "GetQueueUrl",
    "ListDeadLetterSourceQueues",
    "ListMessageMoveTasks",
    "ListQueueTags",
    "ListQueues",
    "PurgeQueue",
    "ReceiveMessage",
    "RemovePermission",
    "SendMessage",
    "SendMessageBatch",
    "SetQueueAttributes",
    "StartMessageMoveTask",
    "TagQueue",
    "UntagQueue",
};

}  // namespace

Service service_of(std::string_view kind) {
  if (kind == metrics::call_kind::kPutEvents || kind == "PutPartnerEvents" ||
      kind == metrics::call_kind::kEventBridgeDeliverBus)
    return Service::eventbridge;
  if (std::find(kSqsActions.begin(), kSqsActions.end(), kind) != kSqsActions.end()) {
    return Service::sqs;
  }
  if (metrics::CallLedger::is_breakdown(kind)) return Service::sqs;
  // The SendMessage SNS and EventBridge make on a queue they deliver to.
  if (kind == metrics::call_kind::kSnsDeliverSqs ||
      kind == metrics::call_kind::kEventBridgeDeliverSqs) {
    return Service::sqs;
  }
  if (kind == metrics::call_kind::kInvoke) return Service::lambda;
  if (kind == "PutRecords" || kind == "GetRecords") return Service::kinesis;
  if (kind == "Produce" || kind == "Fetch" || kind == "OffsetCommit") return Service::kafka;
  if (kind == metrics::call_kind::kPublish || kind == metrics::call_kind::kPublishBatch ||
      kind.starts_with("SNS.")) {
    return Service::sns;
  }
  if (kind == metrics::call_kind::kS3PutObject || kind == metrics::call_kind::kS3GetObject)
    return Service::s3;
  if (kind == metrics::call_kind::kStartExecution) return Service::step_functions;
  return Service::downstream;
}

std::string_view service_name(Service service) {
  switch (service) {
    case Service::eventbridge:
      return "EventBridge";
    case Service::sqs:
      return "SQS";
    case Service::lambda:
      return "Lambda";
    case Service::kinesis:
      return "Kinesis";
    case Service::kafka:
      return "Kafka";
    case Service::sns:
      return "SNS";
    case Service::s3:
      return "S3";
    case Service::step_functions:
      return "Step Functions";
    case Service::downstream:
      return "downstream";
  }
  return "downstream";
}

CallSummary summarize_calls(const std::vector<model::CallLine>& calls) {
  std::map<std::pair<Service, std::string>, KindTotal> totals;
  std::uint64_t sqs_fifo = 0;
  for (const model::CallLine& c : calls) {
    if (c.fifo && service_of(c.kind) == Service::sqs &&
        !metrics::CallLedger::is_breakdown(c.kind)) {
      sqs_fifo += c.billing_units;
    }
    KindTotal& t = totals[{service_of(c.kind), c.kind}];
    t.kind = c.kind;
    t.service = service_of(c.kind);
    t.breakdown = metrics::CallLedger::is_breakdown(c.kind);
    t.calls += c.calls;
    t.billing_units += c.billing_units;
  }
  CallSummary summary;
  summary.sqs_fifo_billing_units = sqs_fifo;
  for (auto& [key, t] : totals) {
    if (!t.breakdown) {
      summary.calls += t.calls;
      if (t.service != Service::downstream) {
        auto& units = summary.billing_units_by_service;
        if (units.empty() || units.back().first != t.service) units.emplace_back(t.service, 0);
        units.back().second += t.billing_units;
      }
      if (t.service == Service::sqs) summary.sqs_billing_units += t.billing_units;
      if (t.service == Service::eventbridge) summary.eventbridge_billing_units += t.billing_units;
      if (t.kind == metrics::call_kind::kPublish || t.kind == metrics::call_kind::kPublishBatch) {
        summary.sns_publish_billing_units += t.billing_units;
      }
      if (t.kind == metrics::call_kind::kSnsDeliverHttp)
        summary.sns_http_billing_units += t.billing_units;
      if (t.kind == metrics::call_kind::kS3PutObject) summary.s3_puts += t.calls;
      if (t.kind == metrics::call_kind::kS3GetObject) summary.s3_gets += t.calls;
    }
    summary.by_kind.push_back(std::move(t));
  }
  return summary;
}

bool uses(const CallSummary& calls, Service service) {
  for (const KindTotal& k : calls.by_kind) {
    if (k.service == service) return true;
  }
  return false;
}

}  // namespace edasim::report
