#include "sim/model/streams/stream_destination.hpp"

#include "sim/model/receiving_kind.hpp"
#include "sim/model/streams/stream.hpp"
#include "sim/model/support/books.hpp"

namespace edasim::model {

namespace {

std::unique_ptr<Destination> to_stream(Assembly& a, std::span<const std::string> names,
                                       const Sending& sending) {
  Stream& stream = only_component<Stream>(a, names, "stream");
  if (sending.role == Sending::Role::service) {
    return std::make_unique<StreamDelivery>(stream, sending.component, a.books);
  }
  return std::make_unique<StreamDestination>(stream, sending.component, a.books);
}

}  // namespace

const ReceivingKind streams_receiving{"stream", "streams", false, to_stream};

StreamDestination::StreamDestination(Stream& stream, std::string_view component, Books& books)
    : stream_(stream),
      books_(books),
      put_records_(books.calls.counter(component, stream.put_call())) {}

void StreamDestination::offer(const OfferSample& sample, OfferedLoad& load) const {
  stream_.offer(sample, load);
}

void StreamDestination::send(const Request& request, Sender&) {
  // The units are counted after the shards have admitted or throttled each
  // record.
  const std::uint64_t units_before = stream_.admitted_put_units();
  for (const Outgoing& e : request.entries)
    stream_.put(e.event, e.produced, e.size, e.key, e.keys.cause);
  const bool kafka = stream_.config().kind == StreamConfig::Kind::kafka;
  books_.calls.add(put_records_, 1, kafka ? 1 : stream_.admitted_put_units() - units_before);
}

}  // namespace edasim::model

namespace edasim::model {

StreamDelivery::StreamDelivery(Stream& stream, std::string_view component, Books& books)
    : stream_(stream),
      books_(books),
      put_records_(books.calls.counter(component, stream.put_call())) {}

void StreamDelivery::offer(const OfferSample& sample, OfferedLoad& load) const {
  stream_.offer(sample, load);
}

Delivered StreamDelivery::deliver(const Outgoing& e, SendQuota) {
  const std::uint64_t units_before = stream_.admitted_put_units();
  const bool written = stream_.relay(e.event, e.produced, e.size, e.key, e.keys.cause);
  const bool kafka = stream_.config().kind == StreamConfig::Kind::kafka;
  books_.calls.add(put_records_, 1, kafka ? 1 : stream_.admitted_put_units() - units_before);
  return written ? Delivered::taken : Delivered::throttled;
}

}  // namespace edasim::model
