#include "modules/analytics/kept_median.hpp"

#include <optional>

#include "platform/records/scope.hpp"

namespace rapport::analytics {

namespace {

// A key as deal_amount_buckets keeps it: '' for null.
std::string kept_key(const Key& key) {
  const auto* s = std::get_if<std::string>(&key);
  return s ? *s : std::string();
}

// Where the amount of rank `first` (0-based, ascending) of a group lies: the least amount of the
// bucket that holds it and how many of the group's amounts lie in the buckets before (all below that
// least amount). nullopt when the kept counts do not reach that rank (a write between the reads).
struct Start {
  int64_t from;
  int64_t before;
};
std::optional<Start> middle_bucket(db::Connection& c, const identity::Context& ctx, const Key* owner, const Key& currency,
                                   int64_t first) {
  std::string sql;
  std::vector<db::Value> params{ctx.workspace_id};
  if (owner) {
    sql = "SELECT bucket, deals FROM deal_amount_buckets WHERE workspace_id = ? AND owner_id = ? AND currency = ? AND deals > 0 "
          "ORDER BY bucket";
    params.emplace_back(kept_key(*owner));
    params.emplace_back(kept_key(currency));
  } else {
    // A total: every owner the caller reads (scopes are conditions on the owner, which is kept).
    sql = "SELECT bucket, CAST(sum(deals) AS BIGINT) FROM deal_amount_buckets WHERE workspace_id = ? AND currency = ? AND deals > 0";
    params.emplace_back(kept_key(currency));
    records::append_scope(sql, params, ctx, "deals", identity::Action::Read);
    sql += " GROUP BY bucket ORDER BY bucket";
  }
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::optional<Start> out;
  int64_t before = 0;
  while (st.step()) {
    const int64_t deals = st.int64(1);
    if (before + deals > first) {
      out = Start{amount_bucket_floor(st.int64(0)), before};
      break;
    }
    before += deals;
  }
  st.reset();
  return out;
}

}  // namespace

void append_key_equals(std::string& sql, std::vector<db::Value>& params, const char* column, const Key& key) {
  sql.append(" AND ").append(column);
  if (const auto* s = std::get_if<std::string>(&key)) {
    sql += " = ?";
    params.emplace_back(*s);
  } else {
    sql += " IS NULL";
  }
}

bool kept_medians(const Definition& d) {
  if (!d.filters.empty() || d.group_by.size() > 1 || d.currency_field != "currency") return false;
  for (const auto& g : d.group_by)
    if (!(g.kind == GroupKind::Owner || (g.kind == GroupKind::Field && g.field == "owner_id"))) return false;
  for (const auto& m : d.measures)
    if (m.op == Op::Median && m.field != "amount") return false;
  return true;
}

std::vector<int64_t> kept_middle_amounts(db::Connection& c, const identity::Context& ctx, const Key* owner, const Key& currency,
                                         int64_t n) {
  std::vector<int64_t> out;
  if (n <= 0) return out;
  const int64_t first = (n - 1) / 2;
  const auto start = middle_bucket(c, ctx, owner, currency, first);
  std::string sql = "SELECT amount FROM deals WHERE workspace_id = ? AND deleted_at IS NULL AND amount IS NOT NULL";
  std::vector<db::Value> params{ctx.workspace_id};
  if (owner) append_key_equals(sql, params, "owner_id", *owner);
  append_key_equals(sql, params, "currency", currency);
  if (!owner) records::append_scope(sql, params, ctx, "deals", identity::Action::Read);
  if (start) {  // else read from the group's first amount
    sql += " AND amount >= ?";
    params.emplace_back(start->from);
  }
  // A total reads deals_amount, whose NULLs PostgreSQL keeps first (0074): only that order is planned
  // as an index read there (else a sort of every entry), though no NULL is read.
  sql += owner ? " ORDER BY amount LIMIT ? OFFSET ?" : " ORDER BY amount NULLS FIRST LIMIT ? OFFSET ?";
  params.emplace_back(int64_t{n % 2 ? 1 : 2});
  params.emplace_back(start ? first - start->before : first);
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) out.push_back(st.int64(0));
  st.reset();
  return out;
}

}  // namespace rapport::analytics
