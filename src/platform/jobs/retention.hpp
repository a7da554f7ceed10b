// How long finished jobs are kept (platform/retention.hpp purges them): succeeded and cancelled
// jobs 7 days, dead ones 30 days (time to look at them and retry), attempts 30 days.
#pragma once
#include <vector>

#include "platform/retention.hpp"

namespace rapport::jobs {

std::vector<RetentionRule> retention_rules();

}  // namespace rapport::jobs
