#include "modules/analytics/kept_extremes.hpp"

#include "modules/analytics/kept_median.hpp"
#include "platform/records/scope.hpp"

namespace rapport::analytics {

namespace {

bool by_owner(const GroupBy& g) {
  return g.kind == GroupKind::Owner || g.kind == GroupKind::Team || (g.kind == GroupKind::Field && g.field == "owner_id");
}

bool by_close_month(const GroupBy& g) {
  return g.kind == GroupKind::Date && g.field == "expected_close_date" && g.bucket &&
         (*g.bucket == Bucket::Month || *g.bucket == Bucket::Quarter || *g.bucket == Bucket::Year);
}

}  // namespace

bool kept_extremes(const Definition& d) {
  if (!d.filters.empty() || d.currency_field != "currency") return false;
  for (const auto& g : d.group_by)
    if (!by_owner(g) && !by_close_month(g)) return false;
  for (const auto& m : d.measures)
    if ((m.op == Op::Min || m.op == Op::Max) && m.field != "amount") return false;
  return true;
}

std::optional<int64_t> kept_extreme_amount(db::Connection& c, const identity::Context& ctx, const Definition& d,
                                           const std::vector<Key>& raw, const Key& currency, bool greatest) {
  std::string sql = "SELECT amount FROM deals WHERE workspace_id = ? AND deleted_at IS NULL AND amount IS NOT NULL";
  std::vector<db::Value> params{ctx.workspace_id};
  bool owner_named = false;
  for (std::size_t i = 0; i < d.group_by.size() && i < raw.size(); ++i) {
    if (by_owner(d.group_by[i])) {
      append_key_equals(sql, params, "owner_id", raw[i]);
      owner_named = true;
    } else if (const auto* first_day = std::get_if<std::string>(&raw[i])) {
      // The kept month read as its first day ("2026-03-01"): the indexed expression is its month.
      append_key_equals(sql, params, "substr(expected_close_date, 1, 7)", Key{first_day->substr(0, 7)});
    } else {
      append_key_equals(sql, params, "substr(expected_close_date, 1, 7)", Key{});
    }
  }
  append_key_equals(sql, params, "currency", currency);
  if (!owner_named) records::append_scope(sql, params, ctx, "deals", identity::Action::Read);
  // Over no owner and no month, the read is deals_amount's order: PostgreSQL keeps its NULLs first
  // (0074), and plans an index read only for the order the index has (a sort of every entry otherwise),
  // though no NULL is read. The other two indexes have each engine's default order.
  if (owner_named || !d.group_by.empty()) sql += greatest ? " ORDER BY amount DESC LIMIT 1" : " ORDER BY amount LIMIT 1";
  else sql += greatest ? " ORDER BY amount DESC NULLS LAST LIMIT 1" : " ORDER BY amount NULLS FIRST LIMIT 1";
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::optional<int64_t> out;
  if (st.step()) out = st.int64(0);
  st.reset();
  return out;
}

}  // namespace rapport::analytics
