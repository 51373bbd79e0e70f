#include "sim/model/support/result_field.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

// Nearest-rank quantile `q` of a histogram, none when it holds no sample.
template <int PerThousand>
FieldValue quantile(const metrics::Histogram& h, const RunResult&) {
  if (h.empty()) return {};
  return Nanoseconds{static_cast<double>(h.quantile(PerThousand / 1000.0))};
}

// The width of the bucket quantile `q` was read from: replications whose
// quantiles share a bucket agree to the last digit whatever the truth.
template <int PerThousand>
double bucket_width(const metrics::Histogram& h) {
  if (h.empty()) return 0;
  const std::size_t bucket = metrics::Histogram::bucket_of(h.quantile(PerThousand / 1000.0));
  return static_cast<double>(metrics::Histogram::bucket_highest(bucket) -
                             metrics::Histogram::bucket_lowest(bucket) + 1);
}

FieldValue mean(const metrics::Histogram& h, const RunResult&) {
  if (h.empty()) return {};
  return Nanoseconds{h.mean()};
}

FieldValue smallest(const metrics::Histogram& h, const RunResult&) {
  if (h.empty()) return {};
  return Nanoseconds{static_cast<double>(h.min())};
}

FieldValue largest(const metrics::Histogram& h, const RunResult&) {
  if (h.empty()) return {};
  return Nanoseconds{static_cast<double>(h.max())};
}

FieldValue samples(const metrics::Histogram& h, const RunResult&) {
  return field_value(static_cast<std::uint64_t>(h.count()));
}

constexpr FieldKind kDuration = FieldKind::duration;

const Field<metrics::Histogram> kQuantileFields[] = {
    {.key = "count",
     .unit = "samples",
     .meaning = "samples recorded",
     .read = samples,
     .column = "count"},
    {.key = "mean",
     .kind = kDuration,
     .unit = "ms",
     .meaning = "exact arithmetic mean",
     .read = mean,
     .decimals = 3,
     .measure = Better::lower,
     .column = "mean"},
    {.key = "min",
     .kind = kDuration,
     .unit = "ms",
     .meaning = "exact smallest sample",
     .read = smallest,
     .decimals = 3},
    {.key = "p50",
     .kind = kDuration,
     .unit = "ms",
     .meaning = "nearest-rank quantile 0.5, within 0.8%",
     .read = quantile<500>,
     .decimals = 3,
     .measure = Better::lower,
     .column = "p50",
     .resolution = bucket_width<500>},
    {.key = "p90",
     .kind = kDuration,
     .unit = "ms",
     .meaning = "nearest-rank quantile 0.9, within 0.8%",
     .read = quantile<900>,
     .decimals = 3,
     .measure = Better::lower,
     .column = "p90",
     .resolution = bucket_width<900>},
    {.key = "p99",
     .kind = kDuration,
     .unit = "ms",
     .meaning = "nearest-rank quantile 0.99, within 0.8%",
     .read = quantile<990>,
     .decimals = 3,
     .measure = Better::lower,
     .column = "p99",
     .resolution = bucket_width<990>},
    {.key = "p999",
     .kind = kDuration,
     .unit = "ms",
     .meaning = "nearest-rank quantile 0.999, within 0.8%",
     .read = quantile<999>,
     .decimals = 3,
     .measure = Better::lower,
     .column = "p99.9",
     .resolution = bucket_width<999>},
    {.key = "max",
     .kind = kDuration,
     .unit = "ms",
     .meaning = "exact largest sample",
     .read = largest,
     .decimals = 3,
     .column = "max"},
};

}  // namespace

std::span<const Field<metrics::Histogram>> quantile_fields() {
  return kQuantileFields;
}

std::string_view measure_segment(std::string_view key) {
  for (const std::string_view suffix : {std::string_view("_ms"), std::string_view("_s")}) {
    if (key.size() > suffix.size() && key.ends_with(suffix))
      return key.substr(0, key.size() - suffix.size());
  }
  return key;
}

}  // namespace edasim::model
