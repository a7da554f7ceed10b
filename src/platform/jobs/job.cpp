#include "platform/jobs/job.hpp"

#include <sodium.h>

#include <algorithm>

#include "platform/clock.hpp"
#include "platform/jobs/store.hpp"

namespace rapport::jobs {

bool is_state(std::string_view s) {
  return std::any_of(std::begin(kStates), std::end(kStates), [&](const char* k) { return s == k; });
}

std::chrono::milliseconds backoff(const JobType& type, int attempt) {
  int64_t delay = std::max<int64_t>(type.backoff_base.count(), 1);
  const int64_t cap = std::max<int64_t>(type.backoff_max.count(), delay);
  for (int i = 1; i < attempt && delay < cap; ++i) delay = std::min(delay * 2, cap);  // no overflow: stops at the cap
  // Equal jitter: half the delay for sure, the other half at random.
  const int64_t half = delay / 2;
  const auto random = static_cast<int64_t>(randombytes_uniform(static_cast<uint32_t>(std::min<int64_t>(half, UINT32_MAX - 1) + 1)));
  return std::chrono::milliseconds(delay - half + random);
}

Status JobContext::finish(const db::Database::WriteFn& fn) {
  Status st = db_.write([&](db::Connection& c) -> Status {
    if (Status s = fn(c); !s) return s;
    if (!store::succeed(c, lease_owner_, job.id, job.attempt, started_ms_, clock::now_ms()))
      return Problem::conflict("Job " + job.id + " is no longer this attempt's (its lease expired, or it was cancelled)");
    return ok_status();
  });
  if (st) finished_ = true;
  return st;
}

}  // namespace rapport::jobs
