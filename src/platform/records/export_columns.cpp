#include "platform/records/export_columns.hpp"

#include <algorithm>
#include <unordered_set>

#include "platform/db/in_list.hpp"
#include "platform/formats.hpp"
#include "platform/money.hpp"
#include "platform/records/scope.hpp"

namespace rapport::records {
namespace json = boost::json;

exports::Cell cell_of(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return std::monostate{};
    case json::kind::string: return std::string(v.as_string());
    case json::kind::int64: return v.as_int64();
    case json::kind::uint64: return static_cast<double>(v.as_uint64());
    case json::kind::double_: return v.as_double();
    case json::kind::bool_: return std::string(v.as_bool() ? "true" : "false");
    case json::kind::array: {
      // A list of addresses or ids: its members separated by "; ", as a person would write them.
      std::string joined;
      for (const auto& e : v.as_array()) {
        if (!joined.empty()) joined += "; ";
        joined += e.is_string() ? std::string(e.as_string()) : json::serialize(e);
      }
      return joined;
    }
    case json::kind::object: return json::serialize(v);
  }
  return std::monostate{};
}

ExportColumns::ExportColumns(const identity::Context& ctx, const ObjectSpec& spec, const std::vector<CustomFieldDef>& defs,
                             const json::object* first)
    : ctx_(ctx), spec_(spec) {
  auto taken = [&](std::string_view key) {
    return find_field(spec, key) ||
           std::ranges::any_of(columns_, [&](const Column& c) { return c.kind != Column::Kind::Custom && c.key == key; });
  };
  auto add_field = [&](const FieldSpec& f) {
    if (is_hidden(ctx, spec.object, f.name)) return;
    columns_.push_back({.kind = Column::Kind::Field, .key = f.name, .field = &f});
    if (f.export_labels.empty()) return;
    // A label of a record (a company) the role hides is not written; nor one named like a field.
    const bool record = f.ref_policy == ReferencePolicy::ReadableRecord;
    Labelled l{.field = &f};
    for (std::size_t i = 0; i < f.export_labels.size(); ++i) {
      const auto& label = f.export_labels[i];
      if ((record && is_hidden(ctx, f.ref_table, label.column)) || taken(label.header)) continue;
      columns_.push_back({.kind = Column::Kind::Label, .key = f.name, .field = &f, .label = i});
      l.labels.push_back(i);
    }
    if (!l.labels.empty()) labelled_.push_back(std::move(l));
  };
  columns_.push_back({.kind = Column::Kind::Field, .key = "id", .field = find_field(spec, "id")});
  for (const auto& f : spec.fields) add_field(f);
  for (const auto& f : system_fields())
    if (f.name != "id" && f.name != "deleted_at") add_field(f);
  if (first)
    for (const auto& kv : *first) {
      std::string k(kv.key());
      if (k == "custom" || k == "deleted_at" || find_field(spec, k) || is_hidden(ctx, spec.object, k)) continue;
      columns_.push_back({.kind = Column::Kind::Field, .key = k});
    }
  extras_of_ = export_extras(spec.object);
  if (extras_of_)
    for (std::size_t i = 0; i < extras_of_->headers.size(); ++i)
      if (!taken(extras_of_->headers[i])) columns_.push_back({.kind = Column::Kind::Extra, .key = extras_of_->headers[i], .label = i});
  for (const auto& d : defs)
    if (!is_hidden(ctx, spec.object, "custom." + d.name)) columns_.push_back({.kind = Column::Kind::Custom, .key = d.name, .custom = &d});
}

std::vector<std::string> ExportColumns::headers() const {
  std::vector<std::string> out;
  for (const auto& c : columns_) {
    if (c.kind == Column::Kind::Custom) out.push_back("custom." + c.key);
    else if (c.kind == Column::Kind::Label) out.push_back(c.field->export_labels[c.label].header);
    else out.push_back(c.key);
  }
  return out;
}

void ExportColumns::load_labels(db::Connection& c, const json::array& page) {
  extras_.clear();
  if (extras_of_ && !page.empty()) {
    std::vector<std::string> ids;
    ids.reserve(page.size());
    for (const auto& r : page)
      if (const auto* id = r.as_object().if_contains("id"); id && id->is_string()) ids.emplace_back(id->as_string());
    extras_ = extras_of_->cells(c, ctx_, ids);
  }
  for (auto& l : labelled_) {
    l.by_id.clear();
    std::unordered_set<std::string> seen;
    std::vector<db::Value> ids;
    for (const auto& r : page) {
      const auto* v = r.as_object().if_contains(l.field->name);
      if (v && v->is_string() && seen.emplace(v->as_string()).second) ids.emplace_back(std::string(v->as_string()));
    }
    if (ids.empty()) continue;
    // By primary key alone, the workspace compared below: with `workspace_id = ?` in the WHERE
    // clause SQLite (no statistics) walks an index on workspace_id, every row of the workspace for
    // each page (a million-row export took minutes per hundred thousand rows).
    std::string sql = "SELECT id, workspace_id";
    for (auto i : l.labels) sql += ", " + l.field->export_labels[i].column;
    sql += " FROM " + l.field->ref_table + " WHERE id IN ";
    std::vector<db::Value> params;
    db::append_in_list(sql, params, ids);
    if (l.field->ref_policy == ReferencePolicy::ReadableRecord) {
      sql += " AND deleted_at IS NULL";
      append_scope(sql, params, ctx_, l.field->ref_table, identity::Action::Read);
    }
    auto& st = c.prepare(sql);
    st.bind_all(params);
    while (st.step()) {
      if (st.text_view(1) != ctx_.workspace_id) continue;  // never another workspace's row
      std::vector<std::string> values;
      for (int i = 2; i < 2 + static_cast<int>(l.labels.size()); ++i) values.push_back(st.is_null(i) ? "" : st.text(i));
      l.by_id.emplace(st.text(0), std::move(values));
    }
    st.reset();
  }
}

exports::Cell ExportColumns::money_cell(const json::value& v, const std::string& currency) const {
  const int digits = formats::currency_minor_digits(currency);
  if (!v.is_int64() || digits < 0) return cell_of(v);  // no known currency: the minor units as stored
  return exports::Decimal{money::decimal_text(v.as_int64(), digits)};
}

void ExportColumns::cells(const json::object& r, std::vector<exports::Cell>& out) const {
  static const json::value null_value = nullptr;
  const json::object* custom = r.if_contains("custom") ? r.at("custom").if_object() : nullptr;
  auto text_at = [&](const char* key) -> std::string {
    const auto* v = r.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  out.clear();
  for (const auto& c : columns_) {
    switch (c.kind) {
      case Column::Kind::Field: {
        const json::value* v = r.if_contains(c.key);
        if (!v) v = &null_value;
        // An amount is in minor units of the record's currency.
        if (c.field && c.field->type == FieldType::Money) out.push_back(money_cell(*v, text_at("currency")));
        else out.push_back(cell_of(*v));
        break;
      }
      case Column::Kind::Custom: {
        const json::value* v = custom ? custom->if_contains(c.key) : nullptr;
        if (!v) v = &null_value;
        if (c.custom->type == "money") out.push_back(money_cell(*v, c.custom->currency));
        else out.push_back(cell_of(*v));
        break;
      }
      case Column::Kind::Label: {
        const auto* id = r.if_contains(c.key);
        const auto l = std::ranges::find_if(labelled_, [&](const Labelled& x) { return x.field == c.field; });
        const auto slot = std::ranges::find(l->labels, c.label) - l->labels.begin();
        auto found = id && id->is_string() ? l->by_id.find(std::string(id->as_string())) : l->by_id.end();
        if (found == l->by_id.end() || found->second[static_cast<std::size_t>(slot)].empty()) out.push_back(std::monostate{});
        else out.push_back(found->second[static_cast<std::size_t>(slot)]);
        break;
      }
      case Column::Kind::Extra: {
        const auto* id = r.if_contains("id");
        auto found = id && id->is_string() ? extras_.find(std::string(id->as_string())) : extras_.end();
        if (found == extras_.end() || c.label >= found->second.size() || found->second[c.label].empty()) out.push_back(std::monostate{});
        else out.push_back(found->second[c.label]);
        break;
      }
    }
  }
}

}  // namespace rapport::records
