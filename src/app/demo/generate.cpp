#include "app/demo/generate.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <stdexcept>
#include <utility>
#include <variant>

#include "app/demo/columns.hpp"
#include "app/demo/deal_rows.hpp"
#include "app/demo/rows.hpp"
#include "app/demo/sink.hpp"
#include "platform/db/pg_connection_adapter.hpp"
#include "platform/db/postgres.hpp"

namespace rapport::app::demo {
namespace {

// A second thread builds the next chunk of rows (names, ids, timestamps, text) while the calling
// thread inserts the current one, so the database's work is the only thing on the critical path.
//
// produce(chunk, first_index, count) fills a chunk; consume(chunk) inserts it. Chunks are
// produced strictly one after another (so one random generator serves them all, deterministically);
// producing chunk k+1 overlaps consuming chunk k. Small totals (one chunk) run on the calling thread.
template <class Produce, class Consume>
void overlapped(int64_t total, int64_t chunk_rows, int cols, Produce&& produce, Consume&& consume) {
  if (total <= 0) return;
  Chunk cur(cols), next(cols);
  int64_t begin = 0;
  produce(cur, begin, static_cast<std::size_t>(std::min(chunk_rows, total)));
  for (;;) {
    const int64_t after = begin + static_cast<int64_t>(cur.rows);
    std::future<void> ahead;
    if (after < total) {
      ahead = std::async(std::launch::async, [&, after] {
        produce(next, after, static_cast<std::size_t>(std::min(chunk_rows, total - after)));
      });
    }
    consume(cur);  // on a throw, ahead's destructor waits for the producer before unwinding
    if (!ahead.valid()) break;
    ahead.get();
    std::swap(cur, next);
    begin = after;
  }
}

int64_t existing_rows(db::Connection& c, const std::string& table, const std::string& ws) {
  return std::get<int64_t>(c.scalar("SELECT count(*) FROM " + table + " WHERE workspace_id = ?", {ws}));
}

// Checks the workspace, reads where numbering continues, then builds and hands over every row.
// make_sink(gen, report, large) is called once the reads on `c` are done.
template <class MakeSink>
GenerateReport run(db::Connection& c, const std::string& workspace_id, const std::string& owner_user_id,
                   const GenerateCounts& counts, uint64_t seed, MakeSink&& make_sink) {
  const auto t0 = std::chrono::steady_clock::now();
  GenerateReport report;
  const int64_t n_companies = std::max<int64_t>(0, counts.companies);
  const int64_t n_contacts = std::max<int64_t>(0, counts.contacts);
  const int64_t n_activities = n_contacts > 0 ? std::max<int64_t>(0, counts.activities) : 0;

  if (std::holds_alternative<std::nullptr_t>(c.scalar("SELECT 1 FROM workspaces WHERE id = ?", {workspace_id})))
    throw std::invalid_argument("generate_data: no workspace " + workspace_id);

  // Numbering continues after what the workspace already holds, so a second run's domains and emails
  // do not collide with the first's.
  const int64_t company_base = existing_rows(c, "companies", workspace_id);
  const int64_t contact_base = existing_rows(c, "contacts", workspace_id);
  std::string owner_email = "owner@example.com";
  {
    db::Value v = c.scalar("SELECT email FROM users WHERE id = ?", {owner_user_id});
    if (auto* s = std::get_if<std::string>(&v); s && s->find('@') != std::string::npos) owner_email = *s;
  }
  Generator gen(workspace_id, owner_user_id, owner_email, seed, n_companies, n_contacts, n_activities, company_base,
                contact_base);

  // No audit_log or outbox rows: generated data is an import, not a sequence of user edits (and a
  // million webhook events would help nobody). record_counts is updated with every batch.
  std::unique_ptr<Sink> sink = make_sink(gen, report, n_companies + n_contacts + 3 * n_activities >= 100000);
  overlapped(
      n_companies, 8192, company_col::kCount,
      [&](Chunk& ch, int64_t begin, std::size_t n) { gen.produce_companies(ch, begin, n); },
      [&](Chunk& ch) { sink->companies(ch); });
  sink->end_phase();
  overlapped(
      n_contacts, 32768, contact_col::kCount,
      [&](Chunk& ch, int64_t begin, std::size_t n) { gen.produce_contacts(ch, begin, n); },
      [&](Chunk& ch) { sink->contacts(ch); });
  sink->end_phase();
  overlapped(
      n_activities, 16384, activity_col::kChunkCols,
      [&](Chunk& ch, int64_t begin, std::size_t n) { gen.produce_activities(ch, begin, n); },
      [&](Chunk& ch) { sink->activities(ch); });
  sink->end_phase();
  sink->finish();
  sink.reset();
  if (counts.deals > 0) {
    auto d = generate_deals(c, workspace_id, owner_user_id, counts.deals, seed, counts.deals_with_customers);
    report.pipelines = d.pipelines;
    report.deals = d.deals;
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace
}  // namespace rapport::app::demo

namespace rapport::app {

GenerateReport generate_data(db::SqliteConnection& c, const std::string& workspace_id, const std::string& owner_user_id,
                             const GenerateCounts& counts, uint64_t seed) {
  return demo::run(c, workspace_id, owner_user_id, counts, seed,
                   [&](demo::Generator& gen, GenerateReport& report, bool large) {
                     return demo::make_sqlite_sink(c, workspace_id, gen, report, large);
                   });
}

// The reads run on a connection of their own, idle while the sink's connections insert.
GenerateReport generate_data(const db::PgOptions& opts, const std::string& workspace_id,
                             const std::string& owner_user_id, const GenerateCounts& counts, uint64_t seed) {
  db::PgConnection c(opts);
  db::PgAdapterConnection reads(c);
  return demo::run(reads, workspace_id, owner_user_id, counts, seed,
                   [&](demo::Generator& gen, GenerateReport& report, bool large) {
                     return demo::make_pg_sink(opts, large ? 2 : 1, workspace_id, gen, report);
                   });
}

}  // namespace rapport::app
