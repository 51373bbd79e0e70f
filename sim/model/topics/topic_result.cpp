// The fields of a topic's result, in report.json order.
#include "sim/model/topics/topic_result.hpp"

// The tables name the members each field sets and leave the rest at their
// defaults, which is exactly what this warning reports.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace edasim::model {

namespace {

using T = TopicResult;
using S = SubscriptionResult;

const Field<T> kTopicFields[] = {
    {.key = "fifo",
     .kind = FieldKind::flag,
     .meaning = "whether the topic is FIFO",
     .read = member<&T::fifo>},
    {.key = "published",
     .unit = "messages",
     .meaning = "entries accepted (`NumberOfMessagesPublished`)",
     .read = member<&T::published>,
     .column = "published"},
    {.key = "throttled",
     .unit = "messages",
     .meaning = "entries over the publish quota, each attempt counted (a producer sends them "
                "again in a later request)",
     .read = member<&T::throttled>,
     .column = "throttled"},
    {.key = "dropped",
     .unit = "messages",
     .meaning = "throttled entries a producer gave up on after its retries (counted in "
                "`events.throttled`)",
     .read = member<&T::dropped>},
    {.key = "oversize",
     .unit = "messages",
     .meaning = "entries over the topic's message size (refused at ingest)",
     .read = member<&T::oversize>,
     .column = "oversize"},
    {.key = "filtered_out",
     .unit = "messages",
     .meaning = "accepted entries no subscription matched",
     .read = member<&T::filtered_out>,
     .column = "filtered out"},
    {.key = "deduplicated",
     .unit = "messages",
     .meaning = "FIFO: entries dropped in the deduplication window",
     .read = member<&T::deduplicated>,
     .column = "deduplicated"},
};

const Field<S> kSubscriptionFields[] = {
    {.key = "endpoint",
     .kind = FieldKind::text,
     .meaning = "`\"sqs:<queue>\"`, `\"http\"` or `\"lambda\"`",
     .read = member<&S::endpoint>},
    {.key = "matched",
     .unit = "messages",
     .meaning = "copies the filter accepted (fan-out)",
     .read = member<&S::matched>},
    {.key = "delivered",
     .unit = "messages",
     .meaning = "copies delivered (`NumberOfNotificationsDelivered`)",
     .read = member<&S::delivered>,
     .column = "delivered"},
    {.key = "failed_attempts",
     .unit = "attempts",
     .meaning = "failed delivery attempts, retries included",
     .read = member<&S::failed_attempts>,
     .column = "failed attempts"},
    {.key = "to_dlq",
     .unit = "messages",
     .meaning = "copies sent to the subscription's DLQ after the retry policy",
     .read = member<&S::to_dlq>,
     .column = "to DLQ"},
    {.key = "discarded",
     .unit = "messages",
     .meaning = "copies dropped after the retry policy, with no DLQ",
     .read = member<&S::discarded>,
     .column = "discarded"},
};

}  // namespace

std::span<const Field<TopicResult>> topic_fields() {
  return kTopicFields;
}

std::span<const Field<SubscriptionResult>> subscription_fields() {
  return kSubscriptionFields;
}

}  // namespace edasim::model
