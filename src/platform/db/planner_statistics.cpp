#include "platform/db/planner_statistics.hpp"

namespace rapport::db {

void refresh_planner_statistics(Connection& c, const std::vector<std::string>& tables) {
  if (c.dialect() != Dialect::Postgres) return;
  for (const auto& t : tables) c.prepare("ANALYZE " + t).run();
}

}  // namespace rapport::db
