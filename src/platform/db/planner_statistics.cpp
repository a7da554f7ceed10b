#include "platform/db/planner_statistics.hpp"

namespace rapport::db {

void refresh_planner_statistics(Connection& c, const std::vector<std::string>& tables) {
  if (c.dialect() != Dialect::Postgres) return;
  for (const auto& t : tables) c.prepare("ANALYZE " + t).run();
}

std::vector<std::string> analyze_unmeasured_indexes(Connection& c) {
  std::vector<std::string> unmeasured;
  if (c.dialect() != Dialect::Sqlite) return unmeasured;
  if (std::get<int64_t>(c.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")) == 0)
    return unmeasured;
  auto& st = c.prepare(
      "SELECT name FROM sqlite_master m WHERE type = 'index' AND tbl_name IN (SELECT tbl FROM sqlite_stat1) "
      "AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = m.tbl_name AND s.idx = m.name) ORDER BY name");
  while (st.step()) unmeasured.push_back(st.text(0));
  st.reset();
  std::vector<std::string> measured;
  for (const auto& index : unmeasured) {
    std::string sql = "ANALYZE \"";
    for (char ch : index) {
      if (ch == '"') sql += '"';
      sql += ch;
    }
    sql += '"';
    c.exec(sql);
    // An empty index gets no row: it is read again next time, which costs nothing.
    if (std::get<int64_t>(c.scalar("SELECT count(*) FROM sqlite_stat1 WHERE idx = ?", {index})) > 0) measured.push_back(index);
  }
  return measured;
}

}  // namespace rapport::db
