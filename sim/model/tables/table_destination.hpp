// Writes to a DynamoDB table: each entry of a request is one write (PutItem,
// or TransactWriteItems when the table's writes are transactional), billed
// in write request units, keyed by its item. tables_receiving
// (to = "table.NAME") makes one for a client.
#pragma once

#include "sim/metrics/call_ledger.hpp"
#include "sim/model/support/destination.hpp"

namespace edasim::model {

struct Books;
class Table;

class TableDestination final : public Destination {
 public:
  TableDestination(Table& table, std::string_view component, Books& books);

  bool keyed() const override { return true; }
  void offer(const OfferSample& sample, OfferedLoad& load) const override;
  void send(const Request& request, Sender& sender) override;

 private:
  Table& table_;
  Books& books_;
  metrics::CounterId write_;
};

}  // namespace edasim::model
