#include "modules/sales/funnel_figures.hpp"

#include "modules/sales/reports_detail.hpp"
#include "platform/clock.hpp"
#include "platform/money.hpp"
#include "platform/records/scope.hpp"

namespace rapport::sales::funnel {

namespace {

using reports::month_text;

// Seconds from timestamp a to timestamp b (ISO 8601 text, UTC), as SQL of the connection's dialect.
std::string seconds_between(db::Connection& c, const std::string& a, const std::string& b) {
  if (c.dialect() == db::Dialect::Postgres)
    return "CAST(extract(epoch from (CAST(" + b + " AS timestamptz) - CAST(" + a + " AS timestamptz))) AS DOUBLE PRECISION)";
  return "((julianday(" + b + ") - julianday(" + a + ")) * 86400.0)";
}

// The window's bounds as timestamps: its first instant and the first instant after it.
std::string window_start(const Filter& f) { return month_text(f.from_month) + "-01"; }
std::string window_end(const Filter& f) { return month_text(f.to_month + 1) + "-01"; }

std::vector<ClosedGroup> read_closed(db::Connection& c, const std::string& sql, const std::vector<db::Value>& params,
                                     double cycle_unit_seconds) {
  std::vector<ClosedGroup> out;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step())
    out.push_back({.type = st.text(0),
                   .currency = st.text(1),
                   .deals = st.int64(2),
                   .amounts = st.int64(3),
                   .amount_high = st.is_null(4) ? 0 : st.int64(4),
                   .amount_low = st.is_null(5) ? 0 : st.int64(5),
                   .cycle_seconds = st.is_null(6) ? 0.0 : st.real(6) * cycle_unit_seconds});
  st.reset();
  return out;
}

// The stages' names and pipelines beside the kept rows or the grouped entries (LEFT JOIN: a removed
// stage keeps its entries), in the order the answer lists them.
constexpr const char* kStageOrder = " ORDER BY s.pipeline_id, s.position, ";

std::optional<std::string> optional_text(db::Statement& st, int i) {
  return st.is_null(i) ? std::nullopt : std::optional<std::string>(st.text(i));
}

}  // namespace

void deal_filters(std::string& sql, std::vector<db::Value>& params, const access::Context& ctx, const Filter& f,
                  std::string_view prefix) {
  if (!f.pipeline_id.empty()) {
    sql.append(" AND ").append(prefix).append("pipeline_id = ?");
    params.emplace_back(f.pipeline_id);
  }
  reports::append_owners(sql, params, f.owners, prefix);
  records::append_scope(sql, params, ctx, "deals", access::Action::Read, prefix);
}

std::vector<ClosedGroup> closed_kept(db::Connection& c, const access::Context& ctx, const Filter& f) {
  std::string sql =
      "SELECT s.type, t.currency, CAST(sum(t.deals) AS BIGINT), CAST(sum(t.amounts) AS BIGINT), CAST(sum(t.amount_high) AS BIGINT), "
      "CAST(sum(t.amount_low) AS BIGINT), CAST(sum(t.cycle_ms) AS DOUBLE PRECISION) FROM deal_closed_totals t "
      "JOIN pipeline_stages s ON s.id = t.stage_id WHERE t.workspace_id = ? AND t.closed_month >= ? AND t.closed_month <= ? "
      "AND t.deals <> 0 AND s.type IN ('won', 'lost')";
  std::vector<db::Value> params{f.workspace_id, month_text(f.from_month), month_text(f.to_month)};
  deal_filters(sql, params, ctx, f, "t.");
  sql += " GROUP BY s.type, t.currency";
  return read_closed(c, sql, params, 0.001);
}

std::vector<ClosedGroup> closed_scanned(db::Connection& c, const access::Context& ctx, const Filter& f) {
  std::string sql = "SELECT s.type, coalesce(d.currency, ''), count(*), count(d.amount), " + money::sum_sql("d.amount") + ", "
                    "CAST(sum(" + seconds_between(c, "d.created_at", "d.closed_at") + ") AS DOUBLE PRECISION) "
                    "FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.workspace_id = ? AND d.deleted_at IS NULL "
                    "AND d.closed_at >= ? AND d.closed_at < ? AND s.type IN ('won', 'lost')";
  std::vector<db::Value> params{f.workspace_id, window_start(f), window_end(f)};
  deal_filters(sql, params, ctx, f, "d.");
  sql += " GROUP BY s.type, coalesce(d.currency, '')";
  return read_closed(c, sql, params, 1.0);
}

std::vector<StageTime> stage_times_kept(db::Connection& c, const access::Context& ctx, const Filter& f, int64_t now_ms) {
  std::string sql = "SELECT t.stage_id, s.name, s.pipeline_id, t.entered_month, t.entries, t.open_entries, t.start_ms, t.end_ms "
                    "FROM deal_stage_times t LEFT JOIN pipeline_stages s ON s.id = t.stage_id WHERE t.workspace_id = ? "
                    "AND t.entered_month >= ? AND t.entered_month <= ? AND t.entries <> 0";
  std::vector<db::Value> params{f.workspace_id, month_text(f.from_month), month_text(f.to_month)};
  // For one pipeline: the time in its stages (a deal moved in from another pipeline brings entries
  // of that pipeline's stages, which are not this pipeline's figures).
  if (!f.pipeline_id.empty()) {
    sql += " AND s.pipeline_id = ?";
    params.emplace_back(f.pipeline_id);
  }
  reports::append_owners(sql, params, f.owners, "t.");
  records::append_scope(sql, params, ctx, "deals", access::Action::Read, "t.");
  sql.append(kStageOrder).append("t.stage_id");
  std::vector<StageTime> out;
  std::string month;
  int64_t month_ms = 0;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) {
    // Rows come per (month, owner); a stage's rows are consecutive.
    std::string stage = st.text(0);
    if (out.empty() || out.back().stage_id != stage) out.push_back({.stage_id = stage, .name = optional_text(st, 1), .pipeline_id = optional_text(st, 2)});
    if (std::string m = st.text(3); m != month) {
      month = m;
      month_ms = clock::parse_datetime(month + "-01T00:00:00Z").value_or(0);
    }
    const int64_t open = st.int64(5);
    // Milliseconds after the month's start: ends of the closed entries less every start, plus now
    // for each open one (in doubles: exact to 2^53 ms, and no sum can overflow).
    const double ms = static_cast<double>(st.int64(7)) - static_cast<double>(st.int64(6)) +
                      static_cast<double>(open) * static_cast<double>(now_ms - month_ms);
    out.back().entries += st.int64(4);
    out.back().seconds += ms / 1000.0;
  }
  st.reset();
  return out;
}

std::vector<StageTime> stage_times_scanned(db::Connection& c, const access::Context& ctx, const Filter& f, int64_t now_ms) {
  // Each entry that began in the window lasts until the deal's next entry, or until now. (Entries
  // before the window are left out early: a deal's next entry never precedes its previous one.)
  std::string sql = "SELECT h.to_stage_id, s.name, s.pipeline_id, count(*), CAST(sum(" +
                    seconds_between(c, "h.changed_at", "coalesce(h.next_at, ?)") +
                    ") AS DOUBLE PRECISION) FROM (SELECT deal_id, to_stage_id, changed_at, lead(changed_at) OVER (PARTITION BY deal_id "
                    "ORDER BY id) AS next_at FROM deal_stage_history WHERE workspace_id = ? AND changed_at >= ?) h JOIN deals d ON d.id = "
                    "h.deal_id AND d.workspace_id = ? AND d.deleted_at IS NULL LEFT JOIN pipeline_stages s ON s.id = h.to_stage_id "
                    "WHERE h.changed_at >= ? AND h.changed_at < ?";
  const std::string lo = window_start(f);
  std::vector<db::Value> params{clock::format_ms(now_ms), f.workspace_id, lo, f.workspace_id, lo, window_end(f)};
  if (!f.pipeline_id.empty()) {
    sql += " AND s.pipeline_id = ?";
    params.emplace_back(f.pipeline_id);
  }
  reports::append_owners(sql, params, f.owners, "d.");
  records::append_scope(sql, params, ctx, "deals", access::Action::Read, "d.");
  sql += " GROUP BY h.to_stage_id, s.name, s.pipeline_id, s.position";
  sql.append(kStageOrder).append("h.to_stage_id");
  std::vector<StageTime> out;
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step())
    out.push_back({.stage_id = st.text(0), .name = optional_text(st, 1), .pipeline_id = optional_text(st, 2), .entries = st.int64(3),
                   .seconds = st.is_null(4) ? 0.0 : st.real(4)});
  st.reset();
  return out;
}

}  // namespace rapport::sales::funnel
