// Records written to a stream with PutRecords (Kinesis) or Produce (Kafka),
// a batch one request, each record keyed by its partition key's hash.
// Kinesis bills 25 KB payload units of the records its shards admit; a
// Kafka request is one unit. streams_receiving (to = "stream.NAME") makes one
// for a client.
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

}  // namespace edasim::model
