#include "platform/jobs/attempt.hpp"

namespace rapport::jobs {

bool attempt_holds(db::Connection& c, const Job& job) {
  std::string sql = "SELECT id FROM jobs WHERE id = ? AND state = 'running' AND attempts = ?";
  if (c.dialect() == db::Dialect::Postgres) sql += " FOR UPDATE";
  auto held = c.scalar(sql, {job.id, int64_t{job.attempt}});
  return std::holds_alternative<std::string>(held);
}

}  // namespace rapport::jobs
