#include "modules/support/kpi_backlog.hpp"

#include "modules/support/kpi_filters.hpp"
#include "platform/clock.hpp"
#include "platform/records/scope.hpp"

namespace rapport::support::kpi {

namespace {

// The open statuses, as tickets_kpi_open (0050) and ticket_open_days (0071) list them.
constexpr const char* kOpen = "('new', 'open', 'pending', 'on_hold')";

// "YYYY-MM-DDT00:00:00.000Z" of the UTC midnight after the instant `ms`: created_at below it is on
// the instant's UTC day or before; a created_day after the instant's day is at or after it.
std::string next_utc_midnight(int64_t ms) {
  const int64_t day = ms / kDayMs - (ms % kDayMs < 0 ? 1 : 0);
  return clock::format_ms((day + 1) * kDayMs);
}

OpenCount& count_of(OpenCounts& counts, const std::string& status, std::size_t bounds) {
  OpenCount& n = counts[status];
  n.younger.resize(bounds, 0);
  return n;
}

// Adds the rows of `sql` (status, the count younger than each of `bounds` bounds, the count) to `out`.
void add_rows(db::Connection& c, const std::string& sql, const std::vector<db::Value>& params, std::size_t bounds, OpenCounts& out) {
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    OpenCount& n = count_of(out, st.text(0), bounds);
    for (std::size_t i = 0; i < bounds; ++i) n.younger[i] += st.int64(static_cast<int>(i) + 1);
    n.total += st.int64(static_cast<int>(bounds) + 1);
  }
  st.reset();
}

}  // namespace

bool may_use_kept_counts(const access::Context& ctx, const Query& q) {
  if (!q.team_id.empty() || !q.assignee_id.empty() || !q.channel.empty()) return false;
  std::string scope;
  std::vector<db::Value> params;
  records::append_scope(scope, params, ctx, "tickets", access::Action::Read, "t.");
  return scope.empty();
}

OpenCounts open_counts_from_tickets(db::Connection& c, const access::Context& ctx, const Query& q, const std::vector<int64_t>& bounds) {
  std::string sql = "SELECT t.status";
  std::vector<db::Value> params;
  for (const int64_t bound : bounds) {
    sql += ", CAST(SUM(CASE WHEN t.created_at > ? THEN 1 ELSE 0 END) AS BIGINT)";
    params.emplace_back(clock::format_ms(bound));
  }
  sql += ", CAST(COUNT(*) AS BIGINT) FROM tickets t WHERE t.workspace_id = ? AND t.deleted_at IS NULL AND t.status IN ";
  sql += kOpen;
  params.emplace_back(ctx.workspace_id);
  append_filters(sql, params, ctx, q);
  sql += " GROUP BY t.status";
  OpenCounts out;
  add_rows(c, sql, params, bounds.size(), out);
  return out;
}

OpenCounts open_counts_kept(db::Connection& c, const std::string& workspace_id, const std::string& priority,
                            const std::vector<int64_t>& bounds) {
  OpenCounts out;
  // The groups: every open ticket, and those of the days after each bound's day (all younger than it).
  {
    std::string sql = "SELECT status";
    std::vector<db::Value> params;
    for (const int64_t bound : bounds) {
      sql += ", CAST(SUM(CASE WHEN created_day > ? THEN tickets ELSE 0 END) AS BIGINT)";
      params.emplace_back(clock::format_ms(bound).substr(0, 10));
    }
    sql += ", CAST(SUM(tickets) AS BIGINT) FROM ticket_open_days WHERE workspace_id = ?";
    params.emplace_back(workspace_id);
    if (!priority.empty()) {
      sql += " AND priority = ?";
      params.emplace_back(priority);
    }
    sql += " GROUP BY status";
    add_rows(c, sql, params, bounds.size(), out);
  }
  // The bound's own day, from the tickets: those created after the bound and before the next midnight
  // (one day's open tickets through tickets_kpi_open's (workspace_id, status, created_at)).
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    std::string sql = "SELECT t.status, CAST(COUNT(*) AS BIGINT) FROM tickets t WHERE t.workspace_id = ? AND t.status IN ";
    sql += kOpen;
    sql += " AND t.created_at > ? AND t.created_at < ? AND t.deleted_at IS NULL";
    std::vector<db::Value> params{workspace_id, clock::format_ms(bounds[i]), next_utc_midnight(bounds[i])};
    if (!priority.empty()) {
      sql += " AND t.priority = ?";
      params.emplace_back(priority);
    }
    sql += " GROUP BY t.status";
    auto& st = c.prepare(sql);
    st.bind_all(params);
    while (st.step()) count_of(out, st.text(0), bounds.size()).younger[i] += st.int64(1);
    st.reset();
  }
  return out;
}

OpenCounts open_counts(db::Connection& c, const access::Context& ctx, const Query& q, const std::vector<int64_t>& bounds) {
  return may_use_kept_counts(ctx, q) ? open_counts_kept(c, ctx.workspace_id, q.priority, bounds)
                                     : open_counts_from_tickets(c, ctx, q, bounds);
}

}  // namespace rapport::support::kpi
