// After a bulk write (an import of thousands of rows) the planner's statistics of the tables it filled
// are refreshed at once, instead of when PostgreSQL's autovacuum next gets to them (a minute or more
// later): plans chosen in between took a freshly filled table for an empty one (the campaign audience
// once ran past the statement timeout that way; marketing/campaign_audience.cpp). ANALYZE samples a
// bounded number of rows, takes no lock that blocks reads or writes, and runs in the caller's write.
// SQLite: nothing. Rapport writes no sqlite_stat1 of its own accord (ANALYZE there would change plans
// everywhere, not only for these tables), and SQLite's planner does not depend on table sizes the
// same way; where someone did analyse, analyze_unmeasured_indexes below keeps the statistics whole.
#pragma once
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::db {

// Rows written at least, for a bulk write to be worth an ANALYZE.
inline constexpr long long kAnalyzeAfterRows = 1000;

// `tables` are the caller's own table names (never input).
void refresh_planner_statistics(Connection& c, const std::vector<std::string>& tables);

// SQLite: gives each index that has no sqlite_stat1 row, on a table that has some, its own (`ANALYZE
// <index>`, which reads that index only) and returns their names. A database someone analysed (the
// benchmarks' seeds, an operator's ANALYZE, `PRAGMA optimize` of a newer SQLite) has statistics for
// the indexes it had then; an index a migration adds or rebuilds afterwards has none, and SQLite 3.40
// then guesses ten rows per leading value (`workspace_id = ?`), so it takes that index over every
// measured one. Migration 0076 rebuilt tickets_satisfaction this way, and every tickets list not
// served by a queue's partial index read all 1,000,000 tickets through it and sorted them (a page of a
// common tag, or the default order: 1.3 s). Tables never analysed stay so (no sqlite_stat1 appears).
// Runs after the migrations (migrations.cpp) and after a custom field's index is made
// (records/custom_field_indexes.cpp); cheap when every index is measured. PostgreSQL: nothing
// (its plans use the table's statistics, which a new index does not change).
std::vector<std::string> analyze_unmeasured_indexes(Connection& c);

}  // namespace rapport::db
