#include "modules/analytics/kept_median.hpp"

#include "platform/records/scope.hpp"

namespace rapport::analytics {

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
  std::string sql = "SELECT amount FROM deals WHERE workspace_id = ? AND deleted_at IS NULL AND amount IS NOT NULL";
  std::vector<db::Value> params{ctx.workspace_id};
  if (owner) append_key_equals(sql, params, "owner_id", *owner);
  append_key_equals(sql, params, "currency", currency);
  if (!owner) records::append_scope(sql, params, ctx, "deals", identity::Action::Read);
  // A total reads deals_amount, whose NULLs PostgreSQL keeps first (0074): only that order is planned
  // as an index read there (else a sort of every entry), though no NULL is read.
  sql += owner ? " ORDER BY amount LIMIT ? OFFSET ?" : " ORDER BY amount NULLS FIRST LIMIT ? OFFSET ?";
  params.emplace_back(int64_t{n % 2 ? 1 : 2});
  params.emplace_back(int64_t{(n - 1) / 2});
  auto& st = c.prepare(sql);
  st.bind_all(params);
  while (st.step()) out.push_back(st.int64(0));
  st.reset();
  return out;
}

}  // namespace rapport::analytics
