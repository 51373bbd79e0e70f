// Changes recorded at the sources that polling integrations read: each event
// a change at every source, found later by the pollers' List calls. Recording
// is free; the pollers pay for finding it. pollers_receiving
// (to = "source.NAME", or a list of sources) makes one for a client.
#pragma once

#include <vector>

#include "sim/model/support/destination.hpp"

namespace edasim::model {

struct Books;
class Poller;

class SourceDestination final : public Destination {
 public:
  SourceDestination(std::vector<Poller*> sources, Books& books)
      : sources_(std::move(sources)), books_(books) {}

  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;

 private:
  std::vector<Poller*> sources_;
  Books& books_;
};

}  // namespace edasim::model
