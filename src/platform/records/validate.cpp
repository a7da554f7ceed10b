#include "platform/records/validate.hpp"

#include <algorithm>
#include <set>

#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/formats.hpp"
#include "platform/ids.hpp"
#include "platform/money.hpp"
#include "platform/ascii.hpp"

namespace rapport::records {
namespace json = boost::json;

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

bool has_control_chars(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    auto u = static_cast<unsigned char>(c);
    if (allow_newlines && (c == '\n' || c == '\r' || c == '\t')) return false;
    return u < 0x20 || u == 0x7f;
  });
}

using ascii::lower;

using ascii::upper;

// Number of Unicode code points, so limits count characters, not bytes.
std::size_t char_count(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::optional<json::array> normalize_tags(const json::value& v, const std::string& field, std::vector<FieldError>& errors) {
  auto fail = [&](std::string code, std::string msg) -> std::optional<json::array> {
    errors.push_back({field, std::move(code), std::move(msg)});
    return std::nullopt;
  };
  if (!v.is_array()) return fail("type", "must be an array of strings");
  json::array out;
  std::set<std::string> seen;
  for (const auto& e : v.as_array()) {
    if (!e.is_string()) return fail("type", "must be an array of strings");
    std::string tag = trim(e.as_string());
    if (tag.empty()) return fail("format", "must not hold an empty tag");
    if (has_control_chars(tag, false)) return fail("format", "must not contain control characters");
    if (char_count(tag) > kMaxTagChars) {
      std::string why = "holds a tag longer than ";  // built with += (GCC 12's false -Wstringop-overflow)
      why += std::to_string(kMaxTagChars);
      why += " characters";
      return fail("length", std::move(why));
    }
    if (seen.insert(case_fold::key(tag)).second) out.push_back(json::value(tag));  // the first spelling stays
    if (out.size() > kMaxTags) return fail("length", "may hold at most " + std::to_string(kMaxTags) + " tags");
  }
  return out;
}

json::value validate_value(const FieldSpec& f, const json::value& v, std::string_view region,
                           std::vector<FieldError>& errors) {
  auto fail = [&](std::string code, std::string msg) {
    errors.push_back({f.name, std::move(code), std::move(msg)});
    return json::value(nullptr);
  };
  if (v.is_null()) {
    // A list is never null: clearing it leaves it empty.
    if (is_list(f.type)) return json::array{};
    return v;
  }
  switch (f.type) {
    case FieldType::Tags: {
      auto tags = normalize_tags(v, f.name, errors);
      return tags ? json::value(std::move(*tags)) : json::value(nullptr);
    }
    case FieldType::Integer:
    case FieldType::Money: {
      if (!v.is_int64() && !v.is_uint64())
        return fail("type", f.type == FieldType::Money ? "must be an integer amount in minor units" : "must be an integer");
      const bool money_field = f.type == FieldType::Money;
      if (v.is_uint64() && v.as_uint64() > static_cast<uint64_t>(INT64_MAX))
        return fail("range", money_field ? money::range_message(1) : "is too large");
      int64_t n = v.to_number<int64_t>();
      if (f.min && static_cast<double>(n) < *f.min) return fail("range", "must be at least " + std::to_string(static_cast<int64_t>(*f.min)));
      if (f.max && static_cast<double>(n) > *f.max) return fail("range", "must be at most " + std::to_string(static_cast<int64_t>(*f.max)));
      if (money_field && !money::in_range(n)) return fail("range", money::range_message(n > 0 ? 1 : -1));
      return json::value(n);
    }
    case FieldType::Boolean:
      if (!v.is_bool()) return fail("type", "must be true or false");
      return v;
    case FieldType::EmailList:
    case FieldType::PhoneList: {
      if (!v.is_array()) return fail("type", "must be an array of strings");
      if (v.as_array().size() > 20) return fail("length", "may hold at most 20 entries");
      json::array out;
      std::set<std::string> seen;
      for (const auto& e : v.as_array()) {
        if (!e.is_string()) return fail("type", "must be an array of strings");
        std::string s = trim(e.as_string());
        if (f.type == FieldType::EmailList) {
          if (!formats::is_email(s)) return fail("format", "'" + s + "' is not an email address");
        } else {
          auto p = formats::to_e164(s, region);
          if (!p) return fail("format", "'" + s + "' is not a valid phone number");
          s = *p;
        }
        if (seen.insert(case_fold::key(s)).second) out.push_back(json::value(s));  // as the list's key compares them
      }
      return out;
    }
    default: break;
  }
  if (!v.is_string()) return fail("type", "must be a string");
  std::string s = f.type == FieldType::Text ? std::string(v.as_string()) : trim(v.as_string());
  if (has_control_chars(s, f.type == FieldType::Text)) return fail("format", "must not contain control characters");
  if (char_count(s) > f.max_length) return fail("length", "must have at most " + std::to_string(f.max_length) + " characters");
  switch (f.type) {
    case FieldType::Email:
      if (!formats::is_email(s)) return fail("format", "must be an email address");
      break;
    case FieldType::Phone: {
      auto p = formats::to_e164(s, region);
      if (!p) return fail("format", "must be a valid phone number (international format +..., or national with a country)");
      s = *p;
      break;
    }
    case FieldType::Url:
      if (!formats::is_url(s)) return fail("format", "must be an http or https URL");
      break;
    case FieldType::Domain:
      s = lower(s);
      if (!formats::is_domain(s)) return fail("format", "must be a domain name such as example.com");
      break;
    case FieldType::Country:
      s = upper(s);
      if (!formats::is_country(s)) return fail("format", "must be an ISO 3166-1 alpha-2 country code such as DE");
      break;
    case FieldType::Currency:
      s = upper(s);
      if (!formats::is_currency(s)) return fail("format", "must be an ISO 4217 currency code such as EUR");
      break;
    case FieldType::DateTime: {
      auto ms = clock::parse_datetime(s);
      if (!ms) return fail("format", "must be an RFC 3339 date-time such as 2026-01-31T09:30:00Z");
      s = clock::format_ms(*ms);
      break;
    }
    case FieldType::Date:
      if (!clock::is_date(s)) return fail("format", "must be a date YYYY-MM-DD");
      break;
    case FieldType::Enum:
      if (std::find(f.options.begin(), f.options.end(), s) == f.options.end()) {
        std::string all;
        for (const auto& o : f.options) all += (all.empty() ? "" : ", ") + o;
        return fail("option", "must be one of " + all);
      }
      break;
    case FieldType::Reference:
      if (!ids::is_uuid(s)) return fail("format", "must be the id of a record");
      s = lower(s);
      break;
    default: break;
  }
  if (f.required && s.empty()) return fail("required", "must not be empty");
  return json::value(s);
}

Input validate_input(const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs, const json::object& body,
                     const json::object* current, std::vector<FieldError>& errors) {
  Input in;
  std::string region;
  if (auto* c = body.if_contains("country"); c && c->is_string()) {
    region = upper(std::string(c->as_string()));
  } else if (current) {
    if (auto* cc = current->if_contains("country"); cc && cc->is_string()) region = std::string(cc->as_string());
  }
  if (!formats::is_country(region)) region.clear();
  for (const auto& kv : body) {
    std::string key(kv.key());
    if (key == "custom") {
      if (!kv.value().is_object()) {
        errors.push_back({"custom", "type", "must be an object of custom field values"});
        continue;
      }
      json::object out;
      for (const auto& ckv : kv.value().as_object()) {
        auto def = std::find_if(custom_defs.begin(), custom_defs.end(), [&](const auto& d) { return d.name == ckv.key(); });
        if (def == custom_defs.end()) {
          errors.push_back({"custom." + std::string(ckv.key()), "unknown", "is not a custom field of " + spec.object});
          continue;
        }
        out[ckv.key()] = validate_custom_value(*def, ckv.value(), errors);
      }
      in.custom = std::move(out);
      continue;
    }
    if (std::find(spec.hooks.extra_keys.begin(), spec.hooks.extra_keys.end(), key) != spec.hooks.extra_keys.end()) {
      in.extras[key] = kv.value();
      continue;
    }
    const FieldSpec* f = find_field(spec, key);
    if (!f) {
      errors.push_back({key, "unknown", "is not a field of " + spec.object});
      continue;
    }
    if (!f->writable) {
      errors.push_back({key, "read_only", "is set by the server and cannot be written"});
      continue;
    }
    if (kv.value().is_null() && f->required) {
      errors.push_back({key, "required", "is required and cannot be cleared"});
      continue;
    }
    in.fields[key] = validate_value(*f, kv.value(), region, errors);
  }
  return in;
}

void check_required(const ObjectSpec& spec, const std::vector<CustomFieldDef>& custom_defs, const json::object& merged,
                    std::vector<FieldError>& errors) {
  auto already = [&](const std::string& path) {
    return std::any_of(errors.begin(), errors.end(), [&](const FieldError& e) { return e.field == path; });
  };
  for (const auto& f : spec.fields) {
    if (!f.required || already(f.name)) continue;
    auto* v = merged.if_contains(f.name);
    if (!v || v->is_null() || (v->is_string() && v->as_string().empty())) errors.push_back({f.name, "required", "is required"});
  }
  const json::object* custom = nullptr;
  if (auto* c = merged.if_contains("custom"); c && c->is_object()) custom = &c->as_object();
  for (const auto& d : custom_defs) {
    if (!d.required || already("custom." + d.name)) continue;
    const json::value* v = custom ? custom->if_contains(d.name) : nullptr;
    if (!v || v->is_null() || (v->is_string() && v->as_string().empty()) || (v->is_array() && v->as_array().empty()))
      errors.push_back({"custom." + d.name, "required", "is required"});
  }
}

}  // namespace rapport::records
