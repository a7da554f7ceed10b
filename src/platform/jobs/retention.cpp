#include "platform/jobs/retention.hpp"

namespace rapport::jobs {

std::vector<RetentionRule> retention_rules() {
  using namespace std::chrono;
  const auto week = duration_cast<seconds>(days(7)), month = duration_cast<seconds>(days(30));
  return {{"finished jobs (7 days; dead ones 30 days)", "jobs", "id",
           "finished_at IS NOT NULL AND ((state IN ('succeeded', 'cancelled') AND finished_at < ?) OR (state = 'dead' AND finished_at < ?))",
           {week, month}},
          {"job attempts (30 days)", "job_attempts", "job_id, attempt", "finished_at < ?", {month}}};
}

}  // namespace rapport::jobs
