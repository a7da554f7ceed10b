#include "modules/imports/field_value.hpp"

#include <charconv>
#include <cstdlib>

#include "modules/imports/convert_money.hpp"
#include "platform/export/csv.hpp"
#include "platform/formats.hpp"

namespace rapport::imports {
namespace json = boost::json;
using records::FieldType;
using Value = Cell<json::value>;

namespace {

template <class T>
Value pass(const Cell<T>& c) {
  if (!c.ok()) return Value::fail(c.error);
  if (!c.value) return Value::empty();
  return Value::of(json::value_from(*c.value));
}

// A text; one that an export guarded against formula injection ("'=SUM(A1)": a quote before what a
// spreadsheet would run, platform/export/csv.hpp) reads back without the quote, which spreadsheets
// do not show either, so that an exported file imports as it was.
Value text_value(std::string_view text) {
  text = trim_cell(text);
  if (text.size() > 1 && text.front() == '\'' && csv::looks_like_formula(text.substr(1))) text.remove_prefix(1);
  return text.empty() ? Value::empty() : Value::of(json::string(text));
}

// A web address as people type it ("www.acme.com", "acme.com/about"): https:// when no scheme.
Value url_value(std::string_view text) {
  text = trim_cell(text);
  if (text.empty()) return Value::empty();
  if (text.find("://") != std::string_view::npos) return Value::of(json::string(text));
  std::string url = "https://";
  url += text;
  return Value::of(json::string(url));
}

Value list_value(std::string_view text, bool phones, const RowDefaults& d) {
  json::array out;
  for (auto item : split_list(text)) {
    if (!phones) {
      out.emplace_back(json::string(item));
      continue;
    }
    auto p = convert_phone(item, d.region);
    if (!p.ok()) return Value::fail(p.error);
    out.emplace_back(json::string(*p.value));
  }
  return out.empty() ? Value::empty() : Value::of(std::move(out));
}

Value datetime_value(std::string_view text, const RowDefaults& d) {
  if (!d.zone) throw std::logic_error("imports: a date-time converted without the workspace's zone");
  return pass(convert_datetime(text, d.date_order, *d.zone));
}

// A decimal number: "-12.5", "12,5", "1,234.5", "1.234,5" (the later of `.` and `,` is the decimal point).
Value number_value(std::string_view text) {
  text = trim_cell(text);
  if (text.empty()) return Value::empty();
  std::string s;
  for (char c : text)
    if (c != ' ' && c != '\'') s += c;
  auto dot = s.rfind('.'), comma = s.rfind(',');
  char point = dot == std::string::npos ? ',' : comma == std::string::npos ? '.' : (dot > comma ? '.' : ',');
  std::string plain;
  for (char c : s) {
    if (c == point) plain += '.';
    else if (c != '.' && c != ',') plain += c;
  }
  double v = 0;
  auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), v);
  if (ec != std::errc() || end != plain.data() + plain.size() || plain.empty())
    return Value::fail(quote_cell(text) + " is not a number");
  return Value::of(v);
}

}  // namespace

std::string domain_of(std::string_view text) {
  text = trim_cell(text);
  if (auto at = text.rfind('@'); at != std::string_view::npos) text.remove_prefix(at + 1);
  if (auto scheme = text.find("://"); scheme != std::string_view::npos) text.remove_prefix(scheme + 3);
  if (auto end = text.find_first_of("/?#:"); end != std::string_view::npos) text = text.substr(0, end);
  std::string out;
  for (char c : text) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (out.starts_with("www.")) out.erase(0, 4);
  while (out.ends_with(".")) out.pop_back();
  return out;
}

Value field_value(const records::FieldSpec& f, std::string_view text, const RowDefaults& d) {
  switch (f.type) {
    case FieldType::String:
    case FieldType::Text:
    case FieldType::Email:
      return text_value(text);
    case FieldType::Url:
      return url_value(text);
    case FieldType::Domain: {
      auto t = trim_cell(text);
      return t.empty() ? Value::empty() : Value::of(json::string(domain_of(t)));
    }
    case FieldType::Phone:
      return pass(convert_phone(text, d.region));
    case FieldType::EmailList:
      return list_value(text, false, d);
    case FieldType::PhoneList:
      return list_value(text, true, d);
    case FieldType::Tags:  // "vip; renewal" (the field's rules drop duplicates)
      return list_value(text, false, d);
    case FieldType::Country:
      return pass(convert_country(text));
    case FieldType::Currency: {
      auto t = trim_cell(text);
      std::string code;
      for (char c : t) code += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      return t.empty() ? Value::empty() : Value::of(json::string(code));
    }
    case FieldType::Integer:
      return pass(convert_integer(text, INT64_MIN, INT64_MAX));
    case FieldType::Money: {
      auto m = convert_money(text, d.currency);
      if (!m.ok()) return Value::fail(m.error);
      return m.value ? Value::of(m.value->minor) : Value::empty();
    }
    case FieldType::Boolean:
      return pass(convert_boolean(text));
    case FieldType::DateTime:
      return datetime_value(text, d);
    case FieldType::Date:
      return pass(convert_date(text, d.date_order));
    case FieldType::Enum:
      return pass(convert_option(text, f.options, d.aliases ? *d.aliases : OptionAliases{}));
    case FieldType::Reference:
      break;
  }
  throw std::logic_error("imports: no cell converter for field " + f.name);
}

Value custom_value(const records::CustomFieldDef& def, std::string_view text, const RowDefaults& d) {
  const std::string& t = def.type;
  if (t == "text" || t == "email") return text_value(text);
  if (t == "url") return url_value(text);
  if (t == "phone") return pass(convert_phone(text, d.region));
  if (t == "number") return number_value(text);
  if (t == "money") {
    auto m = convert_money(text, def.currency);
    if (!m.ok()) return Value::fail(m.error);
    return m.value ? Value::of(m.value->minor) : Value::empty();
  }
  if (t == "date") return pass(convert_date(text, d.date_order));
  if (t == "bool") return pass(convert_boolean(text));
  if (t == "select") return pass(convert_option(text, def.options));
  if (t == "multi_select") {
    json::array out;
    for (auto item : split_list(text)) {
      auto o = convert_option(item, def.options);
      if (!o.ok()) return Value::fail(o.error);
      out.emplace_back(json::string(*o.value));
    }
    return out.empty() ? Value::empty() : Value::of(std::move(out));
  }
  throw std::logic_error("imports: no cell converter for custom field type " + t);
}

const OptionAliases& option_aliases(std::string_view object, std::string_view field) {
  static const OptionAliases none;
  static const OptionAliases lifecycle = {
      {"Marketing Qualified Lead", "marketing_qualified"}, {"MQL", "marketing_qualified"},
      {"Sales Qualified Lead", "sales_qualified"},         {"SQL", "sales_qualified"},
      {"Newsletter Subscriber", "subscriber"},             {"Blog Subscriber", "subscriber"}};
  static const OptionAliases lead_status = {
      // Salesforce
      {"Open - Not Contacted", "new"}, {"Working - Contacted", "contacted"}, {"Closed - Converted", "qualified"},
      {"Closed - Not Converted", "unqualified"},
      // HubSpot
      {"Open", "new"}, {"In Progress", "contacted"}, {"Attempted to Contact", "contacted"}, {"Connected", "contacted"},
      {"Open Deal", "qualified"}, {"Bad Timing", "unqualified"},
      // Zoho
      {"Not Contacted", "new"}, {"Contact in Future", "contacted"}, {"Pre-Qualified", "qualified"},
      {"Not Qualified", "unqualified"}, {"Junk Lead", "unqualified"}, {"Lost Lead", "unqualified"}};
  if (object == "contacts" && field == "lifecycle_stage") return lifecycle;
  if (object == "leads" && field == "status") return lead_status;
  return none;
}

}  // namespace rapport::imports
