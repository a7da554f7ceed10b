// How long an Idempotency-Key's first answer is replayed: 24 hours, as Stripe does. After that the
// key is free again and the stored answer (which holds the record's personal data) is deleted by the
// retention task (platform/retention.hpp).
#pragma once
#include <chrono>

#include "platform/retention.hpp"

namespace rapport::records {

inline constexpr std::chrono::hours kIdempotencyKeep{24};

RetentionRule idempotency_retention();

}  // namespace rapport::records
