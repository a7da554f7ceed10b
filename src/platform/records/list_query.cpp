#include "platform/records/list_query.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>
#include <tuple>

#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/db/bytewise.hpp"
#include "platform/db/in_list.hpp"
#include "platform/ids.hpp"
#include "platform/records/tagged_ids.hpp"
#include "platform/ascii.hpp"

namespace rapport::records {
namespace json = boost::json;

namespace {

Problem bad(std::string detail) { return Problem::bad_request(std::move(detail)); }

bool parse_int(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// A finite number: from_chars also reads "nan" and "inf", which the engines compare differently
// (SQLite binds NaN as NULL, PostgreSQL sorts it above every number).
bool parse_double(std::string_view s, double& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out);
}

std::string like_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// The least text above every text that starts with prefix (bytewise), or none when every byte is 0xFF.
std::optional<std::string> prefix_successor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFF) prefix.pop_back();
  if (prefix.empty()) return std::nullopt;
  prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
  return prefix;
}

using ascii::upper;

// What a filter or sort can say about one field: its SQL expression and how its values are typed.
struct Target {
  std::string expr;
  std::string list_expr;  // for List: the JSON array, as the dialect's array function takes it
  enum Kind { Text, Int, Number, Bool, Time, List } kind = Text;
  std::string tags_field;         // a Tags field: filtered through record_tags (migration 0039)
  bool nullable = true;
  bool sortable = false;
  bool folded = false;            // compares by the field's case-folded key (platform/case_fold.hpp)
  bool case_insensitive = false;  // custom e-mail fields: stored with ASCII letters lower case
  bool upper_case = false;        // countries and currencies are stored upper case
  bool lower_case = false;        // domains are stored lower case
  const std::vector<std::string>* options = nullptr;  // an Enum field's values, in the spec's order
};

std::optional<Target> resolve(const ObjectSpec& spec, const std::vector<CustomFieldDef>& defs, std::string_view name,
                              db::Dialect dialect) {
  const bool pg = dialect == db::Dialect::Postgres;
  Target t;
  if (name.substr(0, 7) == "custom.") {
    std::string_view cname = name.substr(7);
    auto d = std::find_if(defs.begin(), defs.end(), [&](const auto& x) { return x.name == cname; });
    if (d == defs.end()) return std::nullopt;
    t.expr = d->sql_expr(dialect);
    t.list_expr = t.expr;
    t.sortable = d->sortable();
    if (d->type == "number") t.kind = Target::Number;
    else if (d->type == "money") t.kind = Target::Int;
    else if (d->type == "bool") t.kind = Target::Bool;
    else if (d->type == "multi_select") t.kind = Target::List;
    else if (d->type == "email") t.case_insensitive = true;
    return t;
  }
  const FieldSpec* f = find_field(spec, name);
  if (!f || !f->filterable) return std::nullopt;
  // A folded field filters and sorts by its key column, with folded values: one rule on both engines.
  const std::string column = f->folded() ? f->key_column() : f->name;
  t.expr = column;
  t.list_expr = pg ? column + "::jsonb" : column;
  t.sortable = f->sortable;
  t.folded = f->folded();
  t.nullable = !(f->required || f->name == "created_at" || f->name == "updated_at" || f->name == "id");
  switch (f->type) {
    case FieldType::Integer:
    case FieldType::Money: t.kind = Target::Int; break;
    case FieldType::Boolean: t.kind = Target::Bool; break;
    case FieldType::DateTime: t.kind = Target::Time; break;
    case FieldType::EmailList:
    case FieldType::PhoneList: t.kind = Target::List; break;
    case FieldType::Tags:
      t.kind = Target::List;
      t.tags_field = f->name;
      break;
    case FieldType::Country:
    case FieldType::Currency: t.upper_case = true; break;
    case FieldType::Domain:
    case FieldType::Reference: t.lower_case = true; break;
    case FieldType::Enum: t.options = &f->options; break;
    case FieldType::Phone:
      // As the phone indexes are built (filter[phone][eq] at 200,000 contacts scanned for 261 ms).
      t.expr = db::bytewise(column, dialect);
      break;
    default: break;
  }
  return t;
}

// `in` on an Enum field, every value one of its options: the list as SQL literals, each once, in the
// spec's order ("('new', 'open')"), so that the same queue always has the same text. The engines
// prove a partial index's WHERE from literals only (a bound list tells the planner nothing when it
// plans), and the support queues have such indexes (migration 0045: the inbox's new and open
// tickets by SLA due time, and the open statuses'). The literals come from the spec, never from the
// request; nullopt (bind the values) when a value is not an option.
std::optional<std::string> enum_in_list(const Target& t, const std::vector<std::string>& values) {
  std::vector<bool> asked(t.options->size(), false);
  for (const auto& v : values) {
    auto at = std::find(t.options->begin(), t.options->end(), v);
    if (at == t.options->end()) return std::nullopt;
    asked[static_cast<std::size_t>(at - t.options->begin())] = true;
  }
  std::string out = "(";
  for (std::size_t i = 0; i < asked.size(); ++i) {
    if (!asked[i]) continue;
    if (out.size() > 1) out += ", ";
    out += "'";
    for (char ch : (*t.options)[i]) out += ch == '\'' ? std::string("''") : std::string(1, ch);
    out += "'";
  }
  return out + ")";
}

// Converts a filter value to a bound parameter of the field's type.
std::optional<db::Value> typed(const Target& t, std::string_view raw) {
  switch (t.kind) {
    case Target::Int: {
      int64_t n;
      if (!parse_int(raw, n)) return std::nullopt;
      return db::Value(n);
    }
    case Target::Number: {
      double d;
      if (!parse_double(raw, d)) return std::nullopt;
      return db::Value(d);
    }
    case Target::Bool:
      if (raw == "true") return db::Value(int64_t{1});
      if (raw == "false") return db::Value(int64_t{0});
      return std::nullopt;
    case Target::Time: {
      auto ms = clock::parse_datetime(raw);
      if (ms) return db::Value(clock::format_ms(*ms));
      if (clock::is_date(raw)) return db::Value(std::string(raw) + "T00:00:00.000Z");
      return std::nullopt;
    }
    default: {
      std::string s(raw);
      if (t.folded) {
        s = case_fold::key(s);
      } else if (t.case_insensitive) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      } else if (t.upper_case) {
        s = upper(s);
      } else if (t.lower_case) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      }
      return db::Value(std::move(s));
    }
  }
}

const LinkFilter* find_link(const ObjectSpec& spec, std::string_view name) {
  for (const auto& l : spec.link_filters)
    if (l.name == name) return &l;
  return nullptr;
}

std::vector<std::string> split_csv(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i <= s.size()) {
    std::size_t j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    out.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace

Result<ListParams> parse_list_params(const std::vector<std::pair<std::string, std::string>>& query) {
  ListParams p;
  std::set<std::string> seen;
  for (const auto& [k, v] : query) {
    if (k.rfind("filter[", 0) == 0) {
      // filter[field][op] or filter[field] (eq)
      std::size_t close = k.find(']', 7);
      if (close == std::string::npos || close == 7) return bad("The filter '" + k + "' is not of the form filter[field][op]");
      Filter f{k.substr(7, close - 7), "eq", v};
      std::string rest = k.substr(close + 1);
      if (!rest.empty()) {
        if (rest.size() < 3 || rest.front() != '[' || rest.back() != ']')
          return bad("The filter '" + k + "' is not of the form filter[field][op]");
        f.op = rest.substr(1, rest.size() - 2);
      }
      p.filters.push_back(std::move(f));
      if (p.filters.size() > kMaxFilters) return bad("At most " + std::to_string(kMaxFilters) + " filters are allowed");
      continue;
    }
    if (!seen.insert(k).second) return bad("The query parameter '" + k + "' is given twice");
    if (k == "limit") {
      auto n = keyset::parse_limit(v);
      if (!n) return n.take_problem();
      p.limit = *n;
    } else if (k == "cursor") {
      p.cursor = v;
    } else if (k == "sort") {
      p.sort = v;
    } else if (k == "count") {
      if (v != "true" && v != "false") return bad("count must be true or false");
      p.count = v == "true";
    } else {
      return bad("Unknown query parameter '" + k + "'");
    }
  }
  return p;
}

const std::vector<std::string>& filter_operators() {
  static const std::vector<std::string> ops = {"eq", "ne", "lt", "lte", "gt", "gte", "in", "contains", "starts_with", "is_null"};
  return ops;
}

namespace {

// The operators of a link filter (LinkFilter): one id or several.
const std::vector<std::string>& link_operators() {
  static const std::vector<std::string> ops = {"eq", "in"};
  return ops;
}

// " AND id IN (SELECT <own> FROM <table> WHERE workspace_id = ? AND <other> = ? | IN (...))": the
// ids read by the link table's index (workspace_id, other, own), then the records by primary key.
std::optional<Problem> compile_link(const LinkFilter& link, const Filter& f, std::string_view workspace_id, CompiledList& out) {
  if (f.op != "eq" && f.op != "in")
    return bad("filter[" + f.field + "] takes the eq and in operators only (record ids)");
  // eq names one id; in one or several.
  auto listed = f.op == "eq" && f.value.find(',') != std::string::npos ? std::nullopt : ids::uuid_list(f.value);
  if (!listed) return bad("The value '" + f.value + "' does not fit filter[" + f.field + "][" + f.op + "]: ids only");
  std::vector<db::Value> values(listed->begin(), listed->end());
  if (values.size() > kMaxInValues) return bad("filter[...][in] takes at most " + std::to_string(kMaxInValues) + " values");
  out.where += " AND id IN (SELECT " + link.own_column + " FROM " + link.table + " WHERE workspace_id = ? AND " + link.other_column;
  out.params.emplace_back(std::string(workspace_id));
  if (f.op == "eq") {
    out.where += " = ?)";
    out.params.push_back(std::move(values[0]));
  } else {
    out.where += " IN ";
    db::append_in_list(out.where, out.params, values);  // one SQL text per size bucket
    out.where += ")";
  }
  return std::nullopt;
}

// " AND id IN (SELECT record_id FROM record_tags WHERE ... AND tag_key IN (...))": the records holding
// one of the tags (eq, contains: the one; in: any of them) or, for `all`, every one of them (one such
// condition per tag). The
// table's primary key (workspace_id, object_type, field, tag_key, record_id) serves it; a trigger on
// the object's table keeps it in step with the field's key column (migration 0039).
constexpr std::size_t kMaxAllTags = 20;  // conditions of one filter[tags][all]

std::optional<Problem> compile_tags(const ObjectSpec& spec, const Target& t, const Filter& f, std::string_view workspace_id,
                                    CompiledList& out) {
  if (f.op != "eq" && f.op != "contains" && f.op != "in" && f.op != "all")
    return bad("filter[" + f.field + "] takes the eq, contains, in and all operators only (tags)");
  std::vector<std::string> tags = f.op == "in" || f.op == "all" ? split_csv(f.value) : std::vector<std::string>{f.value};
  if (tags.size() > kMaxInValues) return bad("filter[" + f.field + "][" + f.op + "] takes at most " + std::to_string(kMaxInValues) + " tags");
  std::vector<db::Value> keys;
  std::set<std::string> seen;
  for (const auto& tag : tags) {
    std::string_view v = tag;
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    if (v.empty()) return bad("The value '" + f.value + "' does not fit filter[" + f.field + "][" + f.op + "]: an empty tag");
    if (seen.insert(case_fold::key(v)).second) keys.emplace_back(case_fold::key(v));  // as the key column holds them
  }
  // all: one condition per tag, so each engine starts from the rarest; in: one IN list.
  if (f.op == "all" && keys.size() > kMaxAllTags)
    return bad("filter[" + f.field + "][all] takes at most " + std::to_string(kMaxAllTags) + " tags");
  const std::size_t conditions = f.op == "all" ? keys.size() : 1;
  for (std::size_t i = 0; i < conditions; ++i) {
    out.where += kTagsCondition;  // tagged_ids.hpp finds it there
    out.params.emplace_back(std::string(workspace_id));
    out.params.emplace_back(spec.object);
    out.params.emplace_back(t.tags_field);
    if (f.op == "all" || keys.size() == 1) {
      out.where += " = ?)";
      out.params.push_back(keys[i]);
    } else {
      out.where += " IN ";
      db::append_in_list(out.where, out.params, keys);  // one SQL text per size bucket
      out.where += ")";
    }
  }
  return std::nullopt;
}

// The operators of a Tags field: one tag (eq, contains), any of several (in), all of them (all).
std::vector<std::string> tag_operators() { return {"eq", "contains", "in", "all"}; }

// The operators compile_list accepts on a target of this kind (see its checks below).
std::vector<std::string> operators_of(Target::Kind kind) {
  switch (kind) {
    case Target::List: return {"eq", "contains", "is_null"};
    case Target::Bool: return {"eq", "ne", "in", "is_null"};
    case Target::Text: return filter_operators();
    default: return {"eq", "ne", "lt", "lte", "gt", "gte", "in", "is_null"};
  }
}

}  // namespace

std::vector<ListField> list_fields(const ObjectSpec& spec) {
  std::vector<ListField> out;
  for (const auto* fields : {&spec.fields, &system_fields()})
    for (const auto& f : *fields) {
      auto t = resolve(spec, {}, f.name, db::Dialect::Sqlite);
      if (!t) continue;
      ListField lf{.name = f.name, .sortable = t->sortable && t->kind != Target::List,
                   .operators = t->tags_field.empty() ? operators_of(t->kind) : tag_operators()};
      lf.list = t->kind == Target::List;
      lf.value_type = t->kind == Target::Int ? "integer" : t->kind == Target::Number ? "number" : t->kind == Target::Bool ? "boolean" : "string";
      if (t->kind == Target::Time) lf.format = "date-time";
      out.push_back(std::move(lf));
    }
  for (const auto& l : spec.link_filters)
    out.push_back(ListField{.name = l.name, .operators = link_operators(), .value_type = "string", .format = "uuid",
                            .description = l.description});
  return out;
}

Result<CompiledList> compile_list(const ObjectSpec& spec, const std::vector<CustomFieldDef>& defs,
                                  const ListParams& params, db::Dialect dialect, std::string_view workspace_id) {
  CompiledList out;
  out.limit = params.limit;
  static const std::set<std::string> ops(filter_operators().begin(), filter_operators().end());
  // The same filters in any order make one SQL text, hence one prepared statement per connection.
  std::vector<const Filter*> ordered;
  for (const auto& f : params.filters) ordered.push_back(&f);
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const Filter* a, const Filter* b) { return std::tie(a->field, a->op) < std::tie(b->field, b->op); });
  for (const Filter* fp : ordered) {
    const Filter& f = *fp;
    auto t = resolve(spec, defs, f.field, dialect);
    if (!t) {
      const LinkFilter* link = find_link(spec, f.field);
      if (!link) return bad("Cannot filter on unknown field '" + f.field + "'");
      if (auto problem = compile_link(*link, f, workspace_id, out)) return *problem;
      continue;
    }
    // A Tags field takes its own operators, `all` among them (not one of filter_operators(): saved
    // views, webhook filters and automation conditions do not offer it).
    if (!t->tags_field.empty()) {
      if (auto problem = compile_tags(spec, *t, f, workspace_id, out)) return *problem;
      continue;
    }
    if (!ops.count(f.op))
      return bad("Unknown filter operator '" + f.op + "'; use eq, ne, lt, lte, gt, gte, in, contains, starts_with or is_null");
    auto bad_value = [&] {
      return bad("The value '" + f.value + "' does not fit filter[" + f.field + "][" + f.op + "]");
    };
    if (f.op == "is_null") {
      if (f.value != "true" && f.value != "false") return bad("filter[" + f.field + "][is_null] takes true or false");
      out.where += " AND " + t->expr + (f.value == "true" ? " IS NULL" : " IS NOT NULL");
      continue;
    }
    if (t->kind == Target::List) {
      if (f.op != "eq" && f.op != "contains") return bad("A list field takes only the eq and contains operators");
      // A folded list (e-mail addresses) holds the members' keys; other lists (phone numbers in E.164)
      // compare exactly.
      out.where += dialect == db::Dialect::Postgres
                       ? " AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(" + t->list_expr + ") AS e(value) WHERE value = ?)"
                       : " AND EXISTS (SELECT 1 FROM json_each(" + t->list_expr + ") WHERE value = ?)";
      out.params.push_back(t->folded ? case_fold::key(f.value) : f.value);
      continue;
    }
    if (f.op == "contains" || f.op == "starts_with") {
      if (t->kind != Target::Text) return bad("contains and starts_with apply to text fields only");
      // A folded field matches its key against the folded text, case-sensitively on both engines.
      // Other text ignores the case of ASCII letters only, on both engines: SQLite's LIKE does that,
      // and PostgreSQL's ILIKE under the "C" collation does the same whatever the database's locale.
      std::string pattern = f.op == "contains" ? "%" : "";
      const std::string text = t->folded ? case_fold::key(f.value) : f.value;
      pattern.append(like_escape(text)).push_back('%');
      // SQLite's LIKE reads no index here (its optimisation wants a NOCASE column and no ESCAPE): a
      // folded key's prefix is also given as the key range, which the key's index reads (a last-name
      // prefix over 1M contacts: the range's rows instead of every row). The LIKE keeps the meaning.
      if (dialect == db::Dialect::Sqlite && t->folded && f.op == "starts_with") {
        if (auto high = prefix_successor(text)) {
          out.where += " AND " + t->expr + " >= ? AND " + t->expr + " < ?";
          out.params.emplace_back(text);
          out.params.emplace_back(std::move(*high));
        }
      }
      if (dialect == db::Dialect::Postgres)
        out.where += " AND " + (t->folded ? t->expr + " LIKE" : "(" + t->expr + " COLLATE \"C\") ILIKE") + " ? ESCAPE '\\'";
      else
        out.where += " AND " + t->expr + " LIKE ? ESCAPE '\\'";
      out.params.push_back(std::move(pattern));
      continue;
    }
    if (f.op == "in" && t->options) {
      if (auto listed = enum_in_list(*t, split_csv(f.value))) {
        out.where += " AND " + t->expr + " IN " + *listed;
        continue;
      }
    }
    if (f.op == "in") {
      auto parts = split_csv(f.value);
      if (parts.size() > kMaxInValues) return bad("filter[...][in] takes at most " + std::to_string(kMaxInValues) + " values");
      std::vector<db::Value> values;
      for (const auto& p : parts) {
        auto v = typed(*t, p);
        if (!v) return bad_value();
        values.push_back(std::move(*v));
      }
      out.where += " AND " + t->expr + " IN ";
      db::append_in_list(out.where, out.params, values);  // one SQL text per size bucket
      continue;
    }
    if (t->kind == Target::Bool && f.op != "eq" && f.op != "ne") return bad("A true/false field takes eq or ne");
    auto v = typed(*t, f.value);
    if (!v) return bad_value();
    static const std::map<std::string, std::string> sql_op = {{"eq", "="}, {"ne", "IS NOT"}, {"lt", "<"},
                                                              {"lte", "<="}, {"gt", ">"}, {"gte", ">="}};
    std::string op = sql_op.at(f.op);
    if (op == "IS NOT" && dialect == db::Dialect::Postgres) op = "IS DISTINCT FROM";
    out.where += " AND " + t->expr + " " + op + " ?";
    out.params.push_back(std::move(*v));
  }

  std::string sort = params.sort.empty() ? spec.default_sort : params.sort;
  const bool desc = !sort.empty() && sort.front() == '-';
  std::string sort_field = desc ? sort.substr(1) : sort;
  auto st = resolve(spec, defs, sort_field, dialect);
  if (!st || !st->sortable || st->kind == Target::List) {
    std::string allowed;
    for (const auto* fields : {&spec.fields, &system_fields()})
      for (const auto& f : *fields)
        if (f.sortable) allowed += (allowed.empty() ? "" : ", ") + f.name;
    return bad("Cannot sort on '" + sort_field + "'; sortable fields: " + allowed + " and custom fields");
  }
  out.order.name = sort;
  out.order.value_sql = st->expr;
  out.order.value_type = st->kind == Target::Number                               ? keyset::Type::Real
                         : st->kind == Target::Int || st->kind == Target::Bool ? keyset::Type::Integer
                                                                                : keyset::Type::Text;
  out.order.nullable = st->nullable;
  out.order.descending = desc;
  out.order.pg_nulls_first_index = true;  // migration 0002
  // A case-insensitive name sorts by its key (bytewise on both engines), and its cursor holds the key.

  auto after = keyset::parse_cursor(out.order, params.cursor);
  if (!after) return after.take_problem();
  out.after = std::move(*after);
  return out;
}

}  // namespace rapport::records
