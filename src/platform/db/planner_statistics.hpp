// After a bulk write (an import of thousands of rows) the planner's statistics of the tables it filled
// are refreshed at once, instead of when PostgreSQL's autovacuum next gets to them (a minute or more
// later): plans chosen in between took a freshly filled table for an empty one (the campaign audience
// once ran past the statement timeout that way; marketing/campaign_audience.cpp). ANALYZE samples a
// bounded number of rows, takes no lock that blocks reads or writes, and runs in the caller's write.
// SQLite: nothing. Rapport keeps no sqlite_stat1 (ANALYZE there would change plans everywhere, not
// only for these tables), and SQLite's planner does not depend on table sizes the same way.
#pragma once
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::db {

// Rows written at least, for a bulk write to be worth an ANALYZE.
inline constexpr long long kAnalyzeAfterRows = 1000;

// `tables` are the caller's own table names (never input).
void refresh_planner_statistics(Connection& c, const std::vector<std::string>& tables);

}  // namespace rapport::db
