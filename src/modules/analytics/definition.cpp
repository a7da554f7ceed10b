#include "modules/analytics/definition.hpp"

#include "platform/records/filter_json.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/spec_of.hpp"

namespace rapport::analytics {
namespace json = boost::json;
using records::FieldType;

const char* op_name(Op op) {
  switch (op) {
    case Op::Count: return "count";
    case Op::Sum: return "sum";
    case Op::Avg: return "avg";
    case Op::Min: return "min";
    case Op::Max: return "max";
    case Op::Median: return "median";
  }
  return "count";
}

namespace {

std::optional<Op> parse_op(std::string_view s) {
  for (Op op : {Op::Count, Op::Sum, Op::Avg, Op::Min, Op::Max, Op::Median})
    if (s == op_name(op)) return op;
  return std::nullopt;
}

// A field of the definition: a built-in one (business or system) or a custom one ("custom.<name>").
struct FieldRef {
  const records::FieldSpec* builtin = nullptr;
  const records::CustomFieldDef* custom = nullptr;
};

FieldRef find(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& custom, std::string_view name) {
  if (name.rfind("custom.", 0) == 0) {
    for (const auto& d : custom)
      if (d.name == name.substr(7)) return {nullptr, &d};
    return {};
  }
  if (name == "deleted_at") return {};  // a report counts live records only
  return {records::find_field(spec, name), nullptr};
}

class Reader {
 public:
  Reader(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& custom, const identity::Context& ctx)
      : spec_(spec), custom_(custom), ctx_(ctx) {}

  std::vector<FieldError> errors;
  std::optional<Problem> forbidden;

  // The field at `path` when it exists and the caller may use it; records an error otherwise.
  std::optional<FieldRef> field(const json::value* v, const std::string& path, const char* use) {
    if (!v || !v->is_string() || v->as_string().empty() || v->as_string().size() > 100) {
      errors.push_back({path, "type", "must be a field name"});
      return std::nullopt;
    }
    const std::string name(v->as_string());
    FieldRef f = find(spec_, custom_, name);
    if (!f.builtin && !f.custom) {
      errors.push_back({path, "unknown", "is not a field of " + spec_.object + ": " + name});
      return std::nullopt;
    }
    hidden(name, use);
    return f;
  }

  void hidden(const std::string& name, const char* use) {
    if (!forbidden && records::is_hidden(ctx_, spec_.object, name))
      forbidden = Problem::forbidden(std::string("Your role cannot ") + use + " '" + name + "'");
  }

  void filters(const json::value& v, Definition& d) {
    if (!v.is_object()) {
      errors.push_back({"filter", "type", "must be an object of {field: {operator: value}}"});
      return;
    }
    for (const auto& [field, conditions] : v.as_object()) {
      const std::string name(field);
      const std::string path = "filter." + name;
      hidden(name, "filter on");
      auto add = [&](std::string op, const json::value& value, const std::string& at) {
        auto text = records::filter_value(value);
        if (!text) errors.push_back({at, "type", "must be a string, a number, true/false, or for \"in\" an array of those"});
        else if (text->size() > 4096) errors.push_back({at, "length", "must be at most 4096 bytes as query text"});
        else d.filters.push_back({name, std::move(op), std::move(*text)});
      };
      if (conditions.is_object()) {
        for (const auto& [op, value] : conditions.as_object()) add(std::string(op), value, path + "." + std::string(op));
      } else {
        add("eq", conditions, path);
      }
    }
    if (d.filters.size() > records::kMaxFilters)
      errors.push_back({"filter", "too_many", "takes at most " + std::to_string(records::kMaxFilters) + " conditions"});
  }

  void group(const json::value& v, const std::string& path, Definition& d) {
    GroupBy g;
    const json::value* field = &v;
    const json::value* bucket = nullptr;
    if (v.is_object()) {
      const auto& o = v.as_object();
      for (const auto& kv : o)
        if (kv.key() != "field" && kv.key() != "bucket") errors.push_back({path + "." + std::string(kv.key()), "unknown", "is not a group-by key (field, bucket)"});
      field = o.if_contains("field");
      bucket = o.if_contains("bucket");
    }
    if (field && field->is_string() && (field->as_string() == "team" || field->as_string() == "owner_id" || field->as_string() == "owner")) {
      g.kind = field->as_string() == "team" ? GroupKind::Team : GroupKind::Owner;
      g.field = "owner_id";
      g.key = g.kind == GroupKind::Team ? "team" : "owner_id";
      hidden("owner_id", "group by");
      if (bucket) errors.push_back({path + ".bucket", "unknown", "only a date or a time is bucketed"});
      d.group_by.push_back(std::move(g));
      return;
    }
    auto f = this->field(field, v.is_object() ? path + ".field" : path, "group by");
    if (!f) return;
    g.field = std::string(field->as_string());
    g.key = g.field;
    const bool is_time = f->builtin && f->builtin->type == FieldType::DateTime;
    const bool is_date = (f->builtin && f->builtin->type == FieldType::Date) || (f->custom && f->custom->type == "date");
    if (is_time || is_date) {
      g.kind = is_time ? GroupKind::Time : GroupKind::Date;
      if (!bucket || !bucket->is_string() || !parse_bucket(bucket->as_string())) {
        errors.push_back({path + ".bucket", bucket ? "enum" : "required", "a date or time is grouped by day, week, month, quarter or year"});
        return;
      }
      g.bucket = parse_bucket(bucket->as_string());
      g.key += ":";
      g.key += bucket_name(*g.bucket);
    } else {
      if (bucket) errors.push_back({path + ".bucket", "unknown", "only a date or a time is bucketed"});
      bool groupable = false;
      if (f->builtin) {
        switch (f->builtin->type) {
          case FieldType::Text: case FieldType::Money: case FieldType::EmailList: case FieldType::PhoneList: case FieldType::Tags:
            break;
          default: groupable = true;
        }
      } else {
        const std::string& t = f->custom->type;
        groupable = t != "money" && t != "multi_select";
      }
      g.boolean = (f->builtin && f->builtin->type == FieldType::Boolean) || (f->custom && f->custom->type == "bool");
      if (!groupable) {
        errors.push_back({v.is_object() ? path + ".field" : path, "type", "cannot be grouped by (long text, money and lists are not)"});
        return;
      }
    }
    d.group_by.push_back(std::move(g));
  }

  void measure(const json::value& v, const std::string& path, Definition& d) {
    if (!v.is_object()) {
      errors.push_back({path, "type", "must be an object {\"op\", \"field\"}"});
      return;
    }
    const auto& o = v.as_object();
    for (const auto& kv : o)
      if (kv.key() != "op" && kv.key() != "field") errors.push_back({path + "." + std::string(kv.key()), "unknown", "is not a measure key (op, field)"});
    const auto* op_v = o.if_contains("op");
    auto op = op_v && op_v->is_string() ? parse_op(op_v->as_string()) : std::nullopt;
    if (!op) {
      errors.push_back({path + ".op", op_v ? "enum" : "required", "must be count, sum, avg, min, max or median"});
      return;
    }
    Measure m;
    m.op = *op;
    const auto* field_v = o.if_contains("field");
    if (!field_v) {
      if (m.op != Op::Count) {
        errors.push_back({path + ".field", "required", std::string(op_name(m.op)) + " needs a numeric or money field"});
        return;
      }
      m.key = "count";
      d.measures.push_back(std::move(m));
      return;
    }
    auto f = field(field_v, path + ".field", "measure");
    if (!f) return;
    m.field = std::string(field_v->as_string());
    m.key = std::string(op_name(m.op)) + "_" + m.field;
    if (m.op == Op::Count) {
      if (f->builtin && records::is_list(f->builtin->type)) {
        errors.push_back({path + ".field", "type", "a list field is not counted"});
        return;
      }
      d.measures.push_back(std::move(m));
      return;
    }
    if (f->builtin && f->builtin->type == FieldType::Integer) {
      m.kind = ValueKind::Integer;
    } else if (f->builtin && f->builtin->type == FieldType::Money) {
      m.kind = ValueKind::Money;
      const auto* currency = records::find_field(spec_, "currency");
      if (!currency || currency->type != FieldType::Currency) {
        errors.push_back({path + ".field", "type", "is money without a currency field"});
        return;
      }
      d.currency_field = "currency";
      hidden("currency", "group by");
    } else if (f->custom && f->custom->type == "number") {
      m.kind = ValueKind::Number;
    } else if (f->custom && f->custom->type == "money") {
      m.kind = ValueKind::Money;
      m.currency = f->custom->currency;
    } else {
      errors.push_back({path + ".field", "type", std::string(op_name(m.op)) + " takes an integer, number or money field"});
      return;
    }
    d.measures.push_back(std::move(m));
  }

 private:
  const records::ObjectSpec& spec_;
  const std::vector<records::CustomFieldDef>& custom_;
  const identity::Context& ctx_;
};

}  // namespace

Result<const records::ObjectSpec*> report_object(const json::object& body, const std::vector<const records::ObjectSpec*>& specs) {
  const auto* v = body.if_contains("object");
  const records::ObjectSpec* spec = v && v->is_string() ? records::spec_of(specs, v->as_string()) : nullptr;
  if (spec) return spec;
  std::string names;
  for (const auto* s : specs) names += (names.empty() ? "" : ", ") + s->object;
  return Problem::invalid({{"object", v ? "enum" : "required", "must be one of " + names}});
}

Result<Definition> parse_definition(const json::object& body, const records::ObjectSpec& spec,
                                    const std::vector<records::CustomFieldDef>& custom, const identity::Context& ctx) {
  Definition d;
  d.spec = &spec;
  Reader r(spec, custom, ctx);
  for (const auto& kv : body)
    if (kv.key() != "object" && kv.key() != "filter" && kv.key() != "group_by" && kv.key() != "measures" && kv.key() != "sort" &&
        kv.key() != "limit" && kv.key() != "chart")
      r.errors.push_back({std::string(kv.key()), "unknown", "is not a report key (object, filter, group_by, measures, sort, limit, chart)"});
  if (const auto* f = body.if_contains("filter")) r.filters(*f, d);
  if (const auto* g = body.if_contains("group_by")) {
    if (!g->is_array() || g->as_array().size() > kMaxGroupBys) {
      r.errors.push_back({"group_by", "type", "must be an array of at most two group-bys"});
    } else {
      for (std::size_t i = 0; i < g->as_array().size(); ++i) r.group(g->as_array()[i], "group_by." + std::to_string(i), d);
      if (d.group_by.size() == 2 && d.group_by[0].key == d.group_by[1].key)
        r.errors.push_back({"group_by.1", "duplicate", "groups by the same thing as group_by.0"});
    }
  }
  const auto* m = body.if_contains("measures");
  if (!m || !m->is_array() || m->as_array().empty() || m->as_array().size() > kMaxMeasures) {
    r.errors.push_back({"measures", m ? "type" : "required", "must be an array of 1 to 8 measures"});
  } else {
    for (std::size_t i = 0; i < m->as_array().size(); ++i) r.measure(m->as_array()[i], "measures." + std::to_string(i), d);
    for (std::size_t i = 0; i < d.measures.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (d.measures[i].key == d.measures[j].key) r.errors.push_back({"measures", "duplicate", "measures " + d.measures[i].key + " twice"});
  }
  if (const auto* s = body.if_contains("sort")) {
    std::string key = s->is_string() ? std::string(s->as_string()) : std::string();
    d.sort_desc = !key.empty() && key[0] == '-';
    if (d.sort_desc) key.erase(0, 1);
    bool known = false;
    for (const auto& me : d.measures) known = known || me.key == key;
    for (const auto& g : d.group_by) known = known || g.key == key;
    if (!known) r.errors.push_back({"sort", "enum", "must be the key of a measure or a group-by, with - for descending"});
    d.sort_key = std::move(key);
  }
  if (const auto* l = body.if_contains("limit")) {
    if (!l->is_int64() || l->as_int64() < 1 || l->as_int64() > static_cast<int64_t>(kMaxGroups))
      r.errors.push_back({"limit", "range", "must be an integer from 1 to " + std::to_string(kMaxGroups)});
    else d.limit = static_cast<std::size_t>(l->as_int64());
  }
  if (const auto* c = body.if_contains("chart")) {
    const std::string_view name = c->is_string() ? std::string_view(c->as_string()) : std::string_view();
    if (name != "bar" && name != "line" && name != "area" && name != "pie" && name != "table")
      r.errors.push_back({"chart", "enum", "must be bar, line, area, pie or table"});
    else d.chart = std::string(name);
  }
  if (r.forbidden) return std::move(*r.forbidden);
  if (!r.errors.empty()) return Problem::invalid(std::move(r.errors), "The report definition has invalid parts");
  return d;
}

json::object Definition::to_json() const {
  json::object filter;
  for (const auto& f : filters) {
    if (!filter.contains(f.field)) filter[f.field] = json::object{};
    filter[f.field].as_object()[f.op] = f.value;
  }
  json::array groups;
  for (const auto& g : group_by) {
    json::object o{{"field", g.kind == GroupKind::Team ? "team" : g.field}};
    if (g.bucket) o["bucket"] = bucket_name(*g.bucket);
    groups.push_back(std::move(o));
  }
  json::array ms;
  for (const auto& m : measures) {
    json::object o{{"op", op_name(m.op)}};
    if (!m.field.empty()) o["field"] = m.field;
    ms.push_back(std::move(o));
  }
  json::object out{{"object", spec->object}, {"filter", std::move(filter)}, {"group_by", std::move(groups)}, {"measures", std::move(ms)}};
  if (!sort_key.empty()) out["sort"] = (sort_desc ? "-" : "") + sort_key;
  if (limit != kMaxGroups) out["limit"] = static_cast<int64_t>(limit);
  if (!chart.empty()) out["chart"] = chart;
  return out;
}

}  // namespace rapport::analytics
