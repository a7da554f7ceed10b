#include "platform/records/custom_fields.hpp"

#include <algorithm>

#include <cmath>
#include <set>

#include "platform/clock.hpp"
#include "platform/formats.hpp"
#include "platform/identity/securable_objects.hpp"
#include "platform/money.hpp"
#include "platform/records/pattern.hpp"

namespace rapport::records {
namespace json = boost::json;

namespace {

bool valid_name(std::string_view n) {
  if (n.empty() || n.size() > 63 || !(n[0] >= 'a' && n[0] <= 'z')) return false;
  return std::all_of(n.begin(), n.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::optional<double> number_of(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double() && std::isfinite(v.as_double())) return v.as_double();  // 1e400 parses as infinity
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& custom_field_types() {
  static const std::vector<std::string> t = {"text", "number", "money", "date", "bool", "select", "multi_select",
                                             "email", "phone", "url"};
  return t;
}

json::object CustomFieldDef::to_json() const {
  json::object o{{"id", id},       {"object_type", object},   {"name", name},
                 {"label", label}, {"type", type},       {"required", required},
                 {"unique", unique}, {"created_at", created_at}, {"updated_at", updated_at}, {"version", version}};
  o["min"] = min ? json::value(*min) : json::value(nullptr);
  o["max"] = max ? json::value(*max) : json::value(nullptr);
  o["max_length"] = max_length ? json::value(*max_length) : json::value(nullptr);
  o["pattern"] = pattern.empty() ? json::value(nullptr) : json::value(pattern);
  json::array opts;
  for (const auto& s : options) opts.push_back(json::value(s));
  o["options"] = std::move(opts);
  o["currency"] = currency.empty() ? json::value(nullptr) : json::value(currency);
  return o;
}

std::string CustomFieldDef::sql_expr(db::Dialect d) const {
  if (d == db::Dialect::Sqlite) return "json_extract(custom, '$." + name + "')";
  // PostgreSQL: typed like SQLite's json_extract returns them, so filters compare numbers as numbers.
  const std::string field = "(custom::jsonb->'" + name + "')";
  if (type == "number") return "rapport_cf_number" + field;
  if (type == "money") return "rapport_cf_integer" + field;
  if (type == "bool") return "(CASE " + field + " WHEN 'true'::jsonb THEN 1 WHEN 'false'::jsonb THEN 0 END)";
  if (type == "multi_select") return field;
  return "(custom::jsonb->>'" + name + "')";
}

std::string CustomFieldDef::sql_present(db::Dialect d) const {
  if (d == db::Dialect::Sqlite) return "json_type(custom, '$." + name + "') IS NOT NULL";
  return "(custom::jsonb->'" + name + "') IS NOT NULL";
}

std::vector<CustomFieldDef> load_custom_fields(db::Connection& c, const std::string& workspace_id,
                                               const std::string& object) {
  auto& st = c.prepare(
      "SELECT id, object_type, name, label, type, required, is_unique, min_value, max_value, max_length, pattern, "
      "options, currency, created_at, updated_at, version FROM custom_fields WHERE workspace_id = ? AND "
      "object_type = ? ORDER BY name");
  st.bind_all({workspace_id, object});
  std::vector<CustomFieldDef> out;
  while (st.step()) {
    CustomFieldDef d;
    d.id = st.text(0);
    d.object = st.text(1);
    d.name = st.text(2);
    d.label = st.text(3);
    d.type = st.text(4);
    d.required = st.int64(5) != 0;
    d.unique = st.int64(6) != 0;
    if (!st.is_null(7)) d.min = st.real(7);
    if (!st.is_null(8)) d.max = st.real(8);
    if (!st.is_null(9)) d.max_length = st.int64(9);
    d.pattern = st.text(10);
    auto opts = json::parse(st.text(11));
    for (const auto& o : opts.as_array()) d.options.emplace_back(o.as_string());
    d.currency = st.text(12);
    d.created_at = st.text(13);
    d.updated_at = st.text(14);
    d.version = st.int64(15);
    out.push_back(std::move(d));
  }
  return out;
}

json::value validate_custom_value(const CustomFieldDef& d, const json::value& v, std::vector<FieldError>& errors) {
  const std::string path = "custom." + d.name;
  auto fail = [&](std::string code, std::string msg) {
    errors.push_back({path, std::move(code), std::move(msg)});
    return json::value(nullptr);
  };
  if (v.is_null()) return v;
  const std::string& t = d.type;
  if (t == "number" || t == "money") {
    auto n = number_of(v);
    if (!n) return fail("type", "must be a number");
    if (t == "money" && (!v.is_int64() && !v.is_uint64())) return fail("type", "must be an integer amount in minor units");
    if (t == "number" && std::abs(*n) > kMaxCustomNumber)
      return fail("range", "must be between -1000000000000000 and 1000000000000000");
    if (d.min && *n < *d.min) return fail("range", "must be at least " + json::serialize(json::value(*d.min)));
    if (d.max && *n > *d.max) return fail("range", "must be at most " + json::serialize(json::value(*d.max)));
    if (t == "money" && (v.is_uint64() ? v.as_uint64() > static_cast<uint64_t>(money::kMax) : !money::in_range(v.as_int64())))
      return fail("range", money::range_message(v.is_uint64() || v.as_int64() > 0 ? 1 : -1));
    return v;
  }
  if (t == "bool") {
    if (!v.is_bool()) return fail("type", "must be true or false");
    return v;
  }
  if (t == "multi_select") {
    if (!v.is_array()) return fail("type", "must be an array of options");
    std::set<std::string> seen;
    json::array out;
    for (const auto& e : v.as_array()) {
      if (!e.is_string()) return fail("type", "must be an array of strings");
      std::string s(e.as_string());
      if (std::find(d.options.begin(), d.options.end(), s) == d.options.end())
        return fail("option", "'" + s + "' is not one of the options");
      if (seen.insert(s).second) out.push_back(e);
    }
    return out;
  }
  if (!v.is_string()) return fail("type", "must be a string");
  std::string s(v.as_string());
  if (t == "date") {
    if (!clock::is_date(s)) return fail("format", "must be a date YYYY-MM-DD");
  } else if (t == "email") {
    if (!formats::is_email(s)) return fail("format", "must be an email address");
  } else if (t == "url") {
    if (!formats::is_url(s)) return fail("format", "must be an http or https URL");
  } else if (t == "phone") {
    auto e164 = formats::to_e164(s, "");
    if (!e164) return fail("format", "must be a phone number in international format (+...)");
    return json::value(*e164);
  } else if (t == "select") {
    if (std::find(d.options.begin(), d.options.end(), s) == d.options.end())
      return fail("option", "'" + s + "' is not one of the options");
  } else if (t == "text") {
    std::size_t limit = d.max_length ? static_cast<std::size_t>(*d.max_length) : 1000;
    auto chars = static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    if (chars > limit) return fail("length", "must have at most " + std::to_string(limit) + " characters");
    if (!d.pattern.empty()) {
      // The length check above bounds the value (max_length is at most pattern::kMaxValueChars).
      switch (pattern::full_match(d.pattern, s)) {
        case pattern::Match::Yes: break;
        case pattern::Match::No: return fail("pattern", "does not match the required pattern " + d.pattern);
        case pattern::Match::Invalid:
          // A definition stored before patterns ran on RE2 may hold one it refuses (a lookahead, a
          // backreference): its values cannot be checked until an admin changes the pattern.
          return fail("pattern", "cannot be checked: the field's pattern is not a valid RE2 pattern; an admin must change it");
      }
    }
  }
  return v;
}

Result<CustomFieldDef> parse_custom_field(const json::object& body, const CustomFieldDef* existing) {
  static const std::set<std::string> known = {"object_type", "name",    "label",      "type",    "required", "unique",
                                              "min",    "max",     "max_length", "pattern", "options",  "currency"};
  std::vector<FieldError> errors;
  CustomFieldDef d = existing ? *existing : CustomFieldDef{};
  for (const auto& kv : body) {
    std::string k(kv.key());
    if (!known.count(k)) errors.push_back({k, "unknown", "is not a field of a custom field definition"});
    if (existing && (k == "object_type" || k == "name" || k == "type"))
      errors.push_back({k, "read_only", "cannot change once the field exists"});
  }
  auto str = [&](const char* k, std::string& out, bool req) {
    auto* v = body.if_contains(k);
    if (!v || v->is_null()) {
      if (req && !existing) errors.push_back({k, "required", "is required"});
      return;
    }
    if (!v->is_string()) return errors.push_back({k, "type", "must be a string"});
    out = std::string(v->as_string());
  };
  auto boolean = [&](const char* k, bool& out) {
    auto* v = body.if_contains(k);
    if (!v || v->is_null()) return;
    if (!v->is_bool()) return errors.push_back({k, "type", "must be true or false"});
    out = v->as_bool();
  };
  auto num = [&](const char* k, std::optional<double>& out) {
    auto* v = body.if_contains(k);
    if (!v) return;
    if (v->is_null()) {
      out.reset();
      return;
    }
    auto n = number_of(*v);
    if (!n) return errors.push_back({k, "type", "must be a number"});
    out = *n;
  };
  if (!existing) {
    str("object_type", d.object, true);
    str("name", d.name, true);
    str("type", d.type, true);
  }
  str("label", d.label, false);
  if (d.label.empty()) d.label = d.name;
  boolean("required", d.required);
  boolean("unique", d.unique);
  num("min", d.min);
  num("max", d.max);
  if (auto* v = body.if_contains("max_length"); v && !v->is_null()) {
    constexpr auto most = static_cast<int64_t>(pattern::kMaxValueChars);
    if (!v->is_int64() || v->as_int64() < 1 || v->as_int64() > most)
      errors.push_back({"max_length", "range", "must be an integer from 1 to " + std::to_string(most)});
    else
      d.max_length = v->as_int64();
  }
  str("pattern", d.pattern, false);
  str("currency", d.currency, false);
  if (auto* v = body.if_contains("options"); v && !v->is_null()) {
    d.options.clear();
    if (!v->is_array()) {
      errors.push_back({"options", "type", "must be an array of strings"});
    } else {
      std::set<std::string> seen;
      for (const auto& o : v->as_array()) {
        if (!o.is_string() || o.as_string().empty() || o.as_string().size() > 100) {
          errors.push_back({"options", "type", "must be an array of non-empty strings of at most 100 characters"});
          break;
        }
        if (!seen.insert(std::string(o.as_string())).second) {
          errors.push_back({"options", "unique", "has a duplicate option"});
          break;
        }
        d.options.emplace_back(o.as_string());
      }
    }
  }
  if (!existing) {
    if (!d.object.empty() && !identity::is_securable(d.object))
      errors.push_back({"object_type", "option", "must be one of " + identity::securable_objects_text()});
    if (!d.name.empty() && !valid_name(d.name))
      errors.push_back({"name", "format", "must be lower case letters, digits and _, starting with a letter (at most 63)"});
    const auto& types = custom_field_types();
    if (!d.type.empty() && std::find(types.begin(), types.end(), d.type) == types.end())
      errors.push_back({"type", "option", "must be one of text, number, money, date, bool, select, multi_select, email, phone, url"});
  }
  if (d.label.size() > 100) errors.push_back({"label", "length", "must have at most 100 characters"});
  if ((d.type == "select" || d.type == "multi_select") && d.options.empty())
    errors.push_back({"options", "required", "a select field needs at least one option"});
  if (d.type == "money" && !formats::is_currency(d.currency))
    errors.push_back({"currency", "format", "a money field needs an ISO 4217 currency code"});
  if (d.min && d.max && *d.min > *d.max) errors.push_back({"min", "range", "must not be greater than max"});
  if (!d.pattern.empty()) {
    if (d.type != "text") errors.push_back({"pattern", "type", "only text fields take a pattern"});
    std::string why;
    if (d.pattern.size() > pattern::kMaxPatternBytes)
      errors.push_back({"pattern", "length", "must have at most " + std::to_string(pattern::kMaxPatternBytes) + " characters"});
    else if (!pattern::compile(d.pattern, &why))
      errors.push_back({"pattern", "format", "is not a valid RE2 regular expression (" + why +
                                                 "); lookaround and backreferences are not supported"});
  }
  if (d.unique && d.type == "multi_select") errors.push_back({"unique", "type", "a multi_select field cannot be unique"});
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return d;
}

}  // namespace rapport::records
