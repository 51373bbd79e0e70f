// A retry policy: how many attempts, and how long to wait before each retry.
//
// The delays are those of the AWS Architecture Blog's backoff-and-jitter
// study (shared/reference/services.md §6.1), with `retry` counting the
// retries already made (0 before the first retry):
//   fixed                      base
//   exponential, no jitter     min(cap, base * 2^retry)
//   full jitter                uniform(0, min(cap, base * 2^retry))
//   equal jitter               t/2 + uniform(0, t/2), t = min(cap, base * 2^retry)
//   decorrelated jitter        min(cap, uniform(base, previous * 3)), previous_0 = base
// A jittered delay takes exactly one uniform from the stream it is given; an
// unjittered one takes none. The same policy serves a consumer's in-process
// retry, a re-push's DelaySeconds and the producer SDK's retry.
#pragma once

#include <cstdint>

#include "sim/core/random.hpp"
#include "sim/core/time.hpp"

namespace edasim::model {

struct RetryPolicy {
  enum class Backoff { none, fixed, exponential };
  enum class Jitter { none, full, equal, decorrelated };

  Backoff backoff = Backoff::none;
  Jitter jitter = Jitter::none;
  Duration base = milliseconds(100);
  Duration cap = seconds(20);
  // Attempts in all, the first included: 1 means no retry.
  std::int32_t max_attempts = 1;

  // The wait before retry number `retry` (0-based). `previous` is the wait
  // before the previous retry (ignored except by decorrelated jitter; pass
  // zero before the first retry).
  Duration delay(std::uint32_t retry, Duration previous, core::RandomStream& rng) const;

  // The standard AWS SDK retry (§6.3): 3 attempts, full jitter, base 1 s
  // (botocore), cap 20 s.
  static RetryPolicy sdk_standard();
};

const char* to_string(RetryPolicy::Backoff backoff);
const char* to_string(RetryPolicy::Jitter jitter);

}  // namespace edasim::model
