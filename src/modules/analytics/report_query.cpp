#include "modules/analytics/report_query.hpp"

#include <algorithm>
#include <cmath>

#include "modules/analytics/kept_extremes.hpp"
#include "modules/analytics/kept_median.hpp"
#include "modules/analytics/kept_range.hpp"
#include "modules/analytics/kept_report.hpp"
#include "platform/records/scope.hpp"

namespace rapport::analytics {
namespace json = boost::json;

Teams load_teams(db::Connection& c, const std::string& workspace_id) {
  Teams teams;
  auto& st = c.prepare("SELECT user_id, team_id FROM team_members WHERE workspace_id = ? ORDER BY user_id, team_id");
  st.bind_all({workspace_id});
  while (st.step()) teams[st.text(0)].push_back(st.text(1));
  st.reset();
  return teams;
}

namespace {

Key key_of(db::Value v) {
  if (std::holds_alternative<int64_t>(v)) return std::get<int64_t>(v);
  if (std::holds_alternative<double>(v)) return std::get<double>(v);
  if (std::holds_alternative<std::string>(v)) return std::move(std::get<std::string>(v));
  return std::monostate{};
}

// The SQL expression of a field of the definition's object (a column, or a custom field's).
std::string field_expr(const std::vector<records::CustomFieldDef>& custom, const std::string& field, db::Dialect dialect) {
  if (field.rfind("custom.", 0) == 0) {
    for (const auto& def : custom)
      if (def.name == field.substr(7)) return def.sql_expr(dialect);
  }
  return field;  // a name parse_definition found among the spec's fields, never request text
}

// The raw groups SQL makes before they are merged: what each group-by's column is read as.
void set_exprs(Definition& d, const std::vector<records::CustomFieldDef>& custom, db::Dialect dialect, const jobs::TimeZone& zone) {
  for (auto& g : d.group_by) {
    const std::string column = field_expr(custom, g.field, dialect);
    switch (g.kind) {
      case GroupKind::Field:
      case GroupKind::Owner:
      case GroupKind::Team: g.expr = column; break;
      case GroupKind::Date: g.expr = "substr(" + column + ", 1, 10)"; break;
      case GroupKind::Time: g.expr = is_utc(zone) ? "substr(" + column + ", 1, 10)" : slot_sql(column); break;
    }
  }
  for (auto& m : d.measures)
    if (!m.field.empty()) m.expr = field_expr(custom, m.field, dialect);
}

// The definition's groups a raw SQL group falls in (several for a team group-by when the owner is in
// several teams).
// The group value of a raw value of a group-by other than the team (one value each).
Key value_of(const GroupBy& g, const Key& raw, const jobs::TimeZone& zone) {
  const std::string* text = std::get_if<std::string>(&raw);
  if (g.kind != GroupKind::Date && g.kind != GroupKind::Time) return raw;
  std::optional<std::string> b;
  if (text) b = g.kind == GroupKind::Time && !is_utc(zone) ? slot_bucket(*text, *g.bucket, zone) : date_bucket(*text, *g.bucket);
  if (b) return std::move(*b);
  return std::monostate{};
}

std::vector<std::vector<Key>> groups_of(const Definition& d, const std::vector<Key>& raw, const Teams& teams, const jobs::TimeZone& zone) {
  std::vector<std::vector<Key>> out{{}};
  for (std::size_t i = 0; i < d.group_by.size(); ++i) {
    const GroupBy& g = d.group_by[i];
    std::vector<Key> values;
    if (g.kind == GroupKind::Team) {
      const std::string* text = std::get_if<std::string>(&raw[i]);
      auto it = text ? teams.find(*text) : teams.end();
      if (it == teams.end()) values.emplace_back(std::monostate{});
      else values.assign(it->second.begin(), it->second.end());
    } else {
      values.push_back(value_of(g, raw[i], zone));
    }
    std::vector<std::vector<Key>> next;
    for (const auto& prefix : out)
      for (const auto& v : values) {
        next.push_back(prefix);
        next.back().push_back(v);
      }
    out = std::move(next);
  }
  return out;
}

void merge(Gathered& into, const Gathered& from) {
  into.n += from.n;
  into.total.add(from.total);
  into.real_total += from.real_total;
  if (from.int_min && (!into.int_min || *from.int_min < *into.int_min)) into.int_min = from.int_min;
  if (from.int_max && (!into.int_max || *from.int_max > *into.int_max)) into.int_max = from.int_max;
  if (from.real_min && (!into.real_min || *from.real_min < *into.real_min)) into.real_min = from.real_min;
  if (from.real_max && (!into.real_max || *from.real_max > *into.real_max)) into.real_max = from.real_max;
}

Problem too_many_groups() {
  return Problem::invalid({{"group_by", "too_many_groups",
                            "the report would have more than " + std::to_string(kMaxGroups) +
                                " rows: group by a coarser bucket or fewer values, or filter the records"}},
                          "The report is too large");
}

// Groups and totals being merged, keyed by (group keys..., currency).
struct Merged {
  std::map<std::vector<Key>, std::vector<Gathered>> groups;
  std::map<Key, std::vector<Gathered>> totals;
};

// " FROM <object> WHERE ..." with the filters and the caller's scope, and its parameters.
struct Where {
  std::string sql;
  std::vector<db::Value> params;
};

Result<Where> where_of(db::Connection& c, const identity::Context& ctx, const Definition& d, const std::vector<records::CustomFieldDef>& custom) {
  records::ListParams lp;
  lp.filters = d.filters;
  auto q = records::compile_list(*d.spec, custom, lp, c.dialect(), ctx.workspace_id);
  if (!q) return q.take_problem();
  Where w;
  w.sql = " FROM " + d.spec->object + " WHERE workspace_id = ? AND deleted_at IS NULL" + q->where;
  w.params.emplace_back(ctx.workspace_id);
  w.params.insert(w.params.end(), q->params.begin(), q->params.end());
  records::append_scope(w.sql, w.params, ctx, d.spec->object, identity::Action::Read);
  return w;
}

// The scan: the definition's aggregate query over the matched records, grouped by the raw values.
std::string scan_sql(const Definition& d, const Where& where, bool pg) {
  const char* real = pg ? "DOUBLE PRECISION" : "REAL";
  std::string sql = "SELECT ";
  std::size_t keys = 0;
  for (const auto& g : d.group_by) sql += (keys++ ? ", " : "") + g.expr;
  if (!d.currency_field.empty()) sql += (keys++ ? ", " : "") + d.currency_field;
  sql += keys ? ", count(*)" : "count(*)";
  for (const auto& m : d.measures) {
    if (m.field.empty()) continue;
    sql += ", count(" + m.expr + ")";
    if (m.op == Op::Count) continue;
    // A number's sum as a double: SQLite's total(), because its sum() of integers raises an error
    // past int64 (the values are bounded since records::kMaxCustomNumber, but not older ones).
    if (m.kind == ValueKind::Number)
      sql += std::string(", ") + (pg ? "CAST(sum(" + m.expr + ") AS DOUBLE PRECISION)" : "total(" + m.expr + ")") +
             ", 0, CAST(min(" + m.expr + ") AS " + real + "), CAST(max(" + m.expr + ") AS " + real + ")";
    else
      sql += ", " + money::sum_sql(m.expr) + ", min(" + m.expr + "), max(" + m.expr + ")";
  }
  sql += where.sql;
  if (keys) {
    sql += " GROUP BY ";
    for (std::size_t i = 1; i <= keys; ++i) sql += (i > 1 ? ", " : "") + std::to_string(i);
  }
  return sql;
}

}  // namespace

Result<ReportData> run_report(db::Connection& c, const identity::Context& ctx, Definition d,
                              const std::vector<records::CustomFieldDef>& custom, const jobs::TimeZone& zone) {
  set_exprs(d, custom, c.dialect(), zone);
  auto where = where_of(c, ctx, d, custom);
  if (!where) return where.take_problem();
  const bool split = !d.currency_field.empty();
  const bool teams_needed = std::any_of(d.group_by.begin(), d.group_by.end(), [](const GroupBy& g) { return g.kind == GroupKind::Team; });
  const Teams teams = teams_needed ? load_teams(c, ctx.workspace_id) : Teams{};
  const bool pg = c.dialect() == db::Dialect::Postgres;
  const char* real = pg ? "DOUBLE PRECISION" : "REAL";

  // SELECT <group exprs>[, currency], count(*), then per measure its partial aggregates: from the kept
  // deal totals or amount buckets when they answer the definition exactly (kept_report.hpp,
  // kept_range.hpp), else over the records.
  const std::size_t keys = d.group_by.size() + (split ? 1 : 0);
  auto kept = kept_deal_query(ctx, d, zone, c.dialect());
  if (!kept) kept = kept_range_query(ctx, d, c.dialect());  // an amount range: kept buckets and the edges' deals
  std::string sql = kept ? std::move(kept->sql) : scan_sql(d, *where, pg);
  const std::vector<db::Value>& params = kept ? kept->params : where->params;

  Merged merged;
  std::optional<Problem> failed;
  std::vector<Key> one;  // without a team group-by, a raw group falls in one group: built here, no allocation per row
  auto add_to = [&](std::vector<Key>& group, const std::vector<Gathered>& figures) {
    auto it = merged.groups.find(group);
    if (it == merged.groups.end()) {
      if (merged.groups.size() >= kMaxGroups) {
        failed = too_many_groups();
        return;
      }
      it = merged.groups.emplace(group, std::vector<Gathered>(figures.size())).first;
    }
    for (std::size_t i = 0; i < figures.size(); ++i) merge(it->second[i], figures[i]);
  };
  auto add = [&](const std::vector<Key>& raw, const Key& currency, const std::vector<Gathered>& figures) {
    if (!teams_needed) {
      one.resize(d.group_by.size());
      for (std::size_t i = 0; i < d.group_by.size(); ++i) one[i] = value_of(d.group_by[i], raw[i], zone);
      if (split) one.push_back(currency);
      add_to(one, figures);
    } else {
      for (auto group : groups_of(d, raw, teams, zone)) {
        if (split) group.push_back(currency);
        add_to(group, figures);
        if (failed) return;
      }
    }
    if (failed) return;
    auto& total = merged.totals[split ? currency : Key{}];
    if (total.empty()) total.resize(figures.size());
    for (std::size_t i = 0; i < figures.size(); ++i) merge(total[i], figures[i]);
  };

  // Minimums and maximums from the kept totals: each raw group's extreme read by one index seek
  // (kept_extremes.hpp), after the totals' statement is done (a connection steps one at a time).
  const bool seek_extremes = kept && std::any_of(d.measures.begin(), d.measures.end(), [](const Measure& m) {
    return m.op == Op::Min || m.op == Op::Max;
  });
  struct RawRow {
    std::vector<Key> raw;
    Key currency;
    std::vector<Gathered> figures;
  };
  std::vector<RawRow> unread_extremes;

  {
    auto& st = c.prepare(sql);
    st.bind_all(params);
    std::vector<Key> raw(d.group_by.size());
    std::vector<Gathered> figures(d.measures.size());
    while (!failed && st.step()) {
      for (std::size_t i = 0; i < d.group_by.size(); ++i) raw[i] = key_of(st.value(static_cast<int>(i)));
      const Key currency = split ? key_of(st.value(static_cast<int>(d.group_by.size()))) : Key{};
      int col = static_cast<int>(keys);
      const int64_t records = st.int64(col++);
      for (std::size_t i = 0; i < d.measures.size(); ++i) {
        const Measure& m = d.measures[i];
        Gathered& g = figures[i];
        g = Gathered{};
        if (m.field.empty()) {
          g.n = records;
          continue;
        }
        g.n = st.int64(col++);
        if (m.op == Op::Count) continue;
        if (m.kind == ValueKind::Number) {
          g.real_total = st.is_null(col) ? 0 : st.real(col);
          col += 2;
          if (!st.is_null(col)) g.real_min = st.real(col);
          if (!st.is_null(col + 1)) g.real_max = st.real(col + 1);
        } else {
          g.total.add_parts(st.int64(col), st.int64(col + 1));
          col += 2;
          if (!st.is_null(col)) g.int_min = st.int64(col);
          if (!st.is_null(col + 1)) g.int_max = st.int64(col + 1);
        }
        col += 2;
      }
      if (seek_extremes) unread_extremes.push_back(RawRow{raw, currency, figures});
      else add(raw, currency, figures);
    }
    st.reset();
  }
  for (auto& row : unread_extremes) {
    if (failed) break;
    for (std::size_t i = 0; i < d.measures.size(); ++i) {
      const Op op = d.measures[i].op;
      if ((op != Op::Min && op != Op::Max) || row.figures[i].n == 0) continue;
      auto extreme = kept_extreme_amount(c, ctx, d, row.raw, row.currency, op == Op::Max);
      (op == Op::Max ? row.figures[i].int_max : row.figures[i].int_min) = extreme;
    }
    add(row.raw, row.currency, row.figures);
  }
  if (failed) return std::move(*failed);

  // Medians: the values themselves, by raw group.
  std::size_t values = 0;
  for (std::size_t mi = 0; mi < d.measures.size(); ++mi) {
    const Measure& m = d.measures[mi];
    if (m.op != Op::Median) continue;
    if (kept) {  // the kept totals take a median only when kept_medians(d): the middle of each group's count
      for (auto& [group, figures] : merged.groups)
        figures[mi].int_values = kept_middle_amounts(c, ctx, d.group_by.empty() ? nullptr : &group.front(), group.back(), figures[mi].n);
      for (auto& [currency, figures] : merged.totals) figures[mi].int_values = kept_middle_amounts(c, ctx, nullptr, currency, figures[mi].n);
      continue;
    }
    std::string vsql = "SELECT ";
    for (const auto& g : d.group_by) vsql += g.expr + ", ";
    if (split) vsql += d.currency_field + ", ";
    vsql += m.kind == ValueKind::Number ? std::string("CAST(") + m.expr + " AS " + real + ")" : m.expr;
    vsql += where->sql + " AND " + m.expr + " IS NOT NULL";
    auto& st = c.prepare(vsql);
    st.bind_all(where->params);
    std::vector<Key> raw(d.group_by.size());
    while (st.step()) {
      if (++values > kMaxMedianValues) {
        st.reset();
        return Problem::invalid({{"measures", "too_many_values", "a median over more than " + std::to_string(kMaxMedianValues) +
                                                                      " values: filter the records"}},
                                "The report is too large");
      }
      for (std::size_t i = 0; i < d.group_by.size(); ++i) raw[i] = key_of(st.value(static_cast<int>(i)));
      const Key currency = split ? key_of(st.value(static_cast<int>(d.group_by.size()))) : Key{};
      const int vcol = static_cast<int>(keys);
      auto put = [&](Gathered& g) {
        if (m.kind == ValueKind::Number) g.real_values.push_back(st.real(vcol));
        else g.int_values.push_back(st.int64(vcol));
      };
      for (auto group : groups_of(d, raw, teams, zone)) {
        if (split) group.push_back(currency);
        auto it = merged.groups.find(group);
        if (it != merged.groups.end()) put(it->second[mi]);
      }
      put(merged.totals[split ? currency : Key{}][mi]);
    }
    st.reset();
  }

  ReportData out;
  const std::size_t n_groups = d.group_by.size();
  for (auto& [k, figures] : merged.groups) {
    Group g;
    g.keys.assign(k.begin(), k.begin() + static_cast<std::ptrdiff_t>(n_groups));
    if (split) g.currency = k.back();
    g.measures = std::move(figures);
    out.rows.push_back(std::move(g));
  }
  for (auto& [currency, figures] : merged.totals) out.totals.push_back(Group{{}, currency, std::move(figures)});
  if (!d.sort_key.empty()) {
    auto measure = std::find_if(d.measures.begin(), d.measures.end(), [&](const Measure& m) { return m.key == d.sort_key; });
    auto group = std::find_if(d.group_by.begin(), d.group_by.end(), [&](const GroupBy& g) { return g.key == d.sort_key; });
    // A sort key's value: a group's key, or a measure's figure (null, for none, sorts first ascending).
    auto value = [&](const Group& g) -> Key {
      if (group != d.group_by.end()) return g.keys[static_cast<std::size_t>(group - d.group_by.begin())];
      const std::size_t i = static_cast<std::size_t>(measure - d.measures.begin());
      auto f = figure(*measure, g.measures[i], g.currency);
      if (!f || f->is_null()) return std::monostate{};
      if (f->is_int64()) return f->as_int64();
      if (f->is_double()) return f->as_double();
      return std::monostate{};
    };
    std::stable_sort(out.rows.begin(), out.rows.end(), [&](const Group& a, const Group& b) {
      Key va = value(a), vb = value(b);
      // Numbers compare as numbers whatever their C++ type (an average of integers is a double).
      auto num = [](const Key& k) -> std::optional<double> {
        if (auto* i = std::get_if<int64_t>(&k)) return static_cast<double>(*i);
        if (auto* r = std::get_if<double>(&k)) return *r;
        return std::nullopt;
      };
      auto na = num(va), nb = num(vb);
      if (na && nb) return d.sort_desc ? *na > *nb : *na < *nb;
      return d.sort_desc ? vb < va : va < vb;
    });
  }
  if (out.rows.size() > d.limit) {
    out.rows.resize(d.limit);
    out.truncated = true;
  }
  for (auto* groups : {&out.rows, &out.totals})
    for (auto& g : *groups)
      for (auto& m : g.measures) {
        std::sort(m.int_values.begin(), m.int_values.end());
        std::sort(m.real_values.begin(), m.real_values.end());
      }
  return out;
}

// A number measure's figure, unless it is not finite: values stored before their bound
// (records::kMaxCustomNumber) can add up past the largest double, which JSON cannot state.
Result<json::value> stated_number(double v, const std::string& what) {
  if (std::isfinite(v)) return json::value(v);
  return Problem{422, "Unprocessable Content",
                 "The values of " + what + " add up to more than a number can state; narrow the request", {}, "amount-overflow"};
}

Result<json::value> figure(const Measure& m, const Gathered& g, const Key& currency) {
  const std::string* cur = std::get_if<std::string>(&currency);
  const std::string what = m.key;
  auto overflow = [&]() { return money::sum_too_large(cur ? *cur : m.currency, what); };
  switch (m.op) {
    case Op::Count: return json::value(g.n);
    case Op::Sum:
      if (m.kind == ValueKind::Number) return stated_number(g.real_total, what);
      if (auto v = g.total.value()) return json::value(*v);
      return overflow();
    case Op::Avg:
      if (g.n == 0) return json::value(nullptr);
      if (m.kind == ValueKind::Number) return stated_number(g.real_total / static_cast<double>(g.n), what);
      if (m.kind == ValueKind::Money) {  // minor units, rounded half away from zero
        if (auto v = g.total.divided(g.n)) return json::value(*v);
        return overflow();
      }
      if (auto v = g.total.value()) return json::value(static_cast<double>(*v) / static_cast<double>(g.n));
      return overflow();
    case Op::Min:
      if (m.kind == ValueKind::Number) return g.real_min ? json::value(*g.real_min) : json::value(nullptr);
      return g.int_min ? json::value(*g.int_min) : json::value(nullptr);
    case Op::Max:
      if (m.kind == ValueKind::Number) return g.real_max ? json::value(*g.real_max) : json::value(nullptr);
      return g.int_max ? json::value(*g.int_max) : json::value(nullptr);
    case Op::Median: {
      if (m.kind == ValueKind::Number) {
        const auto& v = g.real_values;
        if (v.empty()) return json::value(nullptr);
        const std::size_t h = v.size() / 2;
        return json::value(v.size() % 2 ? v[h] : v[h - 1] / 2 + v[h] / 2);  // halves first: no overflow
      }
      const auto& v = g.int_values;
      if (v.empty()) return json::value(nullptr);
      const std::size_t h = v.size() / 2;
      if (v.size() % 2) return json::value(v[h]);
      if (m.kind == ValueKind::Money) {  // the mean of the middle two, in minor units, rounded half away from zero
        money::Total two;
        two.add(v[h - 1]);
        two.add(v[h]);
        return json::value(*two.divided(2));
      }
      return json::value((static_cast<double>(v[h - 1]) + static_cast<double>(v[h])) / 2);
    }
  }
  return json::value(nullptr);
}

}  // namespace rapport::analytics
