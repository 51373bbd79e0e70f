// The fields of a producer's result, in report.json order.
#include "sim/model/producers/producer_result.hpp"

#include <cinttypes>
#include <cstdio>

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using P = ProducerResult;

// 16 hex digits, so that two reports compare as text.
FieldValue fingerprint(const P& p, const RunResult&) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, p.fingerprint);
  return std::string(text);
}

const Field<P> kProducerFields[] = {
    {.key = "produced",
     .unit = "events",
     .meaning = "events this producer made",
     .read = member<&P::produced>},
    {.key = "fingerprint",
     .kind = FieldKind::text,
     .meaning = "16 hex digits hashing the time, number and size of each of its events in "
                "order: equal fingerprints in two runs mean the same workload",
     .read = fingerprint},
};

}  // namespace

std::span<const Field<ProducerResult>> producer_fields() {
  return kProducerFields;
}

}  // namespace edasim::model
