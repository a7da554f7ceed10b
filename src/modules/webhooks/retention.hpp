// How long the delivery log is kept (platform/retention.hpp purges it): 30 days, time to look at a
// failure and redeliver; a dead delivery job is kept as long (platform/jobs/retention.hpp).
#pragma once
#include "platform/retention.hpp"

namespace rapport::webhooks {

RetentionRule retention_rule();

}  // namespace rapport::webhooks
