// Records written to a stream with PutRecords (Kinesis) or Produce (Kafka),
// a batch one request, each record keyed by its partition key's hash.
// Kinesis bills 25 KB payload units of the records its shards admit; a
// Kafka request is one unit. streams_receiving (to = "stream.NAME") makes one
// for a client, and a StreamDelivery for a service.
#pragma once

#include <string_view>

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/support/destination.hpp"

namespace edasim::model {

struct Books;
class Stream;

class StreamDestination final : public Destination {
 public:
  StreamDestination(Stream& stream, std::string_view component, Books& books);

  bool keyed() const override { return true; }
  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;

 private:
  Stream& stream_;
  Books& books_;
  metrics::CounterId put_records_;
};

// A service's write of one copy (an EventBridge rule's target): one
// PutRecords call of one record in the service's name, billed by the units
// the shard admits; a record the shard throttles is answered throttled, for
// the service to retry.
class StreamDelivery final : public Delivery {
 public:
  StreamDelivery(Stream& stream, std::string_view component, Books& books);

  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  Delivered deliver(const Outgoing& entry, SendQuota quota) override;

 private:
  Stream& stream_;
  Books& books_;
  metrics::CounterId put_records_;
};

}  // namespace edasim::model
