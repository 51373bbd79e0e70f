// CallLedger: counts the API calls a run makes, and the billing units they
// cost, by (component, call kind).
//
// A component names the thing that made the call ("orders-queue",
// "billing-consumer"); a kind names the API ("SendMessage", or a downstream
// name from the scenario such as "inventory.GetStock"). Each pair is interned
// once, at setup, to a CounterId; after that add() is an array increment.
//
// Promises:
// - Every query lists names in byte-wise sorted order, never in hash order,
//   so two identical runs print identical reports.
// - EmptyReceive is a breakdown of ReceiveMessage, not a call of its own:
//   the simulator records an empty receive under both kinds, and the ledger
//   leaves EmptyReceive out of every total that adds kinds together
//   (per component and grand total), so nothing is counted twice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/core/time.hpp"

namespace edasim::metrics {

namespace call_kind {
inline constexpr std::string_view kPutEvents = "PutEvents";
inline constexpr std::string_view kSendMessage = "SendMessage";
inline constexpr std::string_view kSendMessageBatch = "SendMessageBatch";
inline constexpr std::string_view kReceiveMessage = "ReceiveMessage";
inline constexpr std::string_view kEmptyReceive = "EmptyReceive";
inline constexpr std::string_view kDeleteMessage = "DeleteMessage";
inline constexpr std::string_view kDeleteMessageBatch = "DeleteMessageBatch";
inline constexpr std::string_view kChangeMessageVisibility = "ChangeMessageVisibility";
inline constexpr std::string_view kInvoke = "Invoke";
// SNS: Publish and PublishBatch, and one delivery attempt per subscription
// copy, named by endpoint. A delivery to SQS is the SendMessage SNS makes on
// the queue: SNS charges nothing for it, SQS bills it as a request.
inline constexpr std::string_view kPublish = "Publish";
inline constexpr std::string_view kPublishBatch = "PublishBatch";
inline constexpr std::string_view kSnsDeliverSqs = "SNS.DeliverToSQS";
inline constexpr std::string_view kSnsDeliverHttp = "SNS.DeliverToHTTP";
inline constexpr std::string_view kSnsDeliverLambda = "SNS.DeliverToLambda";
// EventBridge's delivery of a matched event to an SQS target: the
// SendMessage it makes on the queue, billed by SQS as a request.
inline constexpr std::string_view kEventBridgeDeliverSqs = "EventBridge.DeliverToSQS";
// EventBridge's delivery of a matched event to another bus (a rule target
// "bus.NAME"): the receiving bus ingests it, billed as a custom event per
// 64 KB chunk.
inline constexpr std::string_view kEventBridgeDeliverBus = "EventBridge.DeliverToEventBus";
// Step Functions' StartExecution, as a bus makes it on a rule's target
// state machine: Step Functions bills the execution (its transitions, or an
// Express start and its duration), not the call, so it has no billing units.
inline constexpr std::string_view kStartExecution = "StartExecution";
// The claim-check pattern's object storage.
inline constexpr std::string_view kS3PutObject = "s3.PutObject";
inline constexpr std::string_view kS3GetObject = "s3.GetObject";
}  // namespace call_kind

// The billing units of one request: SQS, SNS and EventBridge bill every
// started 64 KiB of a request's total payload (all its messages together) as
// one request, and an empty request as one. A negative size throws
// std::invalid_argument.
std::uint64_t billing_units(Bytes payload);

struct CounterId {
  std::uint32_t index = 0;
  friend bool operator==(CounterId, CounterId) = default;
};

struct CallCount {
  std::uint64_t calls = 0;
  std::uint64_t billing_units = 0;

  CallCount& operator+=(const CallCount& o) {
    calls += o.calls;
    billing_units += o.billing_units;
    return *this;
  }
  friend bool operator==(const CallCount&, const CallCount&) = default;
};

class CallLedger {
 public:
  struct Line {
    std::string component;
    std::string kind;
    bool fifo = false;
    CallCount count;
  };
  struct Subtotal {
    std::string name;
    CallCount count;
  };

  // The counter for (component, kind), created at zero the first time.
  // Asking again for the same pair returns the same id. `fifo`: SQS calls on
  // FIFO queues, which are billed at their own price, are counted apart.
  CounterId counter(std::string_view component, std::string_view kind, bool fifo = false);

  void add(CounterId id, std::uint64_t calls, std::uint64_t units) {
    CallCount& c = counts_[id.index];
    c.calls += calls;
    c.billing_units += units;
  }

  const CallCount& at(CounterId id) const { return counts_[id.index]; }

  // Adds every counter of other into this ledger, pair by pair.
  void merge(const CallLedger& other);

  // One line per (component, kind, fifo), sorted by component, kind, fifo.
  std::vector<Line> lines() const;
  // Totals per kind across components, sorted by kind; EmptyReceive is
  // listed as its own kind here.
  std::vector<Subtotal> by_kind() const;
  // Totals per component across kinds (EmptyReceive left out), sorted by
  // component.
  std::vector<Subtotal> by_component() const;
  // All calls and units (EmptyReceive left out).
  CallCount total() const;

  static bool is_breakdown(std::string_view kind) { return kind == call_kind::kEmptyReceive; }

 private:
  // Ordered by (component, kind, fifo), which is the order every query
  // reports in.
  std::map<std::tuple<std::string, std::string, bool>, CounterId> ids_;
  std::vector<CallCount> counts_;
};

}  // namespace edasim::metrics
