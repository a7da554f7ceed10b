#include "modules/sales/board_store.hpp"

#include "platform/records/scope.hpp"

namespace rapport::sales {
namespace json = boost::json;

namespace {

// What a card on the board shows; the full deal is one GET away.
constexpr const char* kCardColumns =
    "id, name, amount, currency, expected_close_date, company_id, owner_id, closed_at, stage_entered_at, updated_at, version, board_rank";

json::object card(const db::Statement& st) {
  auto text = [&](int i) { return st.is_null(i) ? json::value(nullptr) : json::value(st.text(i)); };
  return json::object{{"id", st.text(0)},           {"name", st.text(1)},
                      {"amount", st.is_null(2) ? json::value(nullptr) : json::value(st.int64(2))},
                      {"currency", text(3)},        {"expected_close_date", text(4)},
                      {"company_id", text(5)},      {"owner_id", text(6)},
                      {"closed_at", text(7)},       {"stage_entered_at", text(8)},
                      {"updated_at", st.text(9)},   {"version", st.int64(10)}};
}

std::optional<double> as_double(const db::Value& v) {
  if (auto* d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

}  // namespace

records::keyset::Order column_order(const std::string& stage_id) {
  return {.name = "board_rank:" + stage_id, .value_sql = "board_rank", .value_type = records::keyset::Type::Real};
}

ColumnPage column_page(db::Connection& c, const access::Context& ctx, const std::string& stage_id, int limit,
                       const std::optional<records::keyset::Position>& after) {
  const auto order = column_order(stage_id);
  std::string sql = std::string("SELECT ") + kCardColumns + " FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id, stage_id};
  records::append_scope(sql, params, ctx, "deals", access::Action::Read);
  if (after) sql += " AND " + records::keyset::after_sql(order, *after, params);
  records::keyset::append_order_limit(order, limit, c.dialect(), sql, params);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  ColumnPage out;
  out.next_cursor = records::keyset::read_page(order, st, limit, {.value = 11, .id = 0}, [&](const db::Statement& row) {
    json::object o = card(row);
    records::strip_hidden(ctx, "deals", o);
    out.cards.push_back(std::move(o));
  });
  return out;
}

std::map<std::string, StageTotals> stage_totals(db::Connection& c, const access::Context& ctx, const std::string& pipeline_id) {
  std::string sql = "SELECT stage_id, currency, count(*), " + money::sum_sql("amount") +
                    " FROM deals WHERE workspace_id = ? AND pipeline_id = ? AND deleted_at IS NULL";
  std::vector<db::Value> params{ctx.workspace_id, pipeline_id};
  records::append_scope(sql, params, ctx, "deals", access::Action::Read);
  sql += " GROUP BY stage_id, currency";
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::map<std::string, StageTotals> out;
  while (st.step()) {
    auto& t = out[st.text(0)];
    t.count += st.int64(2);
    if (!st.is_null(1)) t.amounts[st.text(1)].add_parts(st.int64(3), st.int64(4));
  }
  st.reset();
  return out;
}

double top_rank(db::Connection& c, const std::string& workspace_id, const std::string& stage_id, const std::string& except) {
  auto top = as_double(c.scalar(
      "SELECT CAST(min(board_rank) AS DOUBLE PRECISION) FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS NULL AND id != ?",
      {workspace_id, stage_id, except}));
  return top ? *top - 1024.0 : 0.0;
}

std::optional<double> rank_of(db::Connection& c, const std::string& workspace_id, const std::string& deal_id) {
  return as_double(c.scalar("SELECT CAST(board_rank AS DOUBLE PRECISION) FROM deals WHERE workspace_id = ? AND id = ?", {workspace_id, deal_id}));
}

std::optional<double> neighbour_rank(db::Connection& c, const std::string& workspace_id, const std::string& stage_id,
                                     const std::string& self, double rank, bool above) {
  return as_double(c.scalar(std::string("SELECT CAST(") + (above ? "max" : "min") +
                                "(board_rank) AS DOUBLE PRECISION) FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS NULL AND id != ? AND board_rank " +
                                (above ? "<" : ">") + " ?",
                            {workspace_id, stage_id, self, rank}));
}

std::optional<std::string> live_deal_stage(db::Connection& c, const std::string& workspace_id, const std::string& deal_id) {
  auto v = c.scalar("SELECT stage_id FROM deals WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL", {workspace_id, deal_id});
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return std::nullopt;
}

void set_rank(db::Connection& c, const std::string& workspace_id, const std::string& deal_id, double rank) {
  c.prepare("UPDATE deals SET board_rank = ? WHERE workspace_id = ? AND id = ?").bind_all({rank, workspace_id, deal_id}).run();
}

void respace(db::Connection& c, const std::string& workspace_id, const std::string& stage_id) {
  std::vector<std::string> order;
  auto& st = c.prepare("SELECT id FROM deals WHERE workspace_id = ? AND stage_id = ? AND deleted_at IS NULL ORDER BY board_rank, id");
  st.bind_all({workspace_id, stage_id});
  while (st.step()) order.push_back(st.text(0));
  st.reset();
  double rank = 0;
  for (const auto& id : order) {
    c.prepare("UPDATE deals SET board_rank = ? WHERE id = ?").bind_all({rank, id}).run();
    rank += 1024.0;
  }
}

}  // namespace rapport::sales
