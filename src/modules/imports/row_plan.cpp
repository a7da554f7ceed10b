#include "modules/imports/row_plan.hpp"

#include "modules/imports/convert_money.hpp"

namespace rapport::imports {
namespace json = boost::json;

RowPlanner::RowPlanner(std::string object, const std::vector<Target>& targets, std::vector<std::string> headers,
                       const std::vector<ColumnMatch>& matches, ImportOptions options, jobs::TimeZone zone)
    : object_(std::move(object)), headers_(std::move(headers)), options_(std::move(options)), zone_(std::move(zone)) {
  columns_.resize(headers_.size(), nullptr);
  repeats_.resize(headers_.size());
  has_currency_field_ = find_target(targets, "currency") != nullptr;
  for (std::size_t i = 0; i < headers_.size() && i < matches.size(); ++i) {
    if (matches[i].target.empty()) continue;
    const Target* t = find_target(targets, matches[i].target);
    columns_[i] = t;
    if (!t) continue;
    if (t->name == "country") country_column_ = i;
    if (t->name == "currency") currency_column_ = i;
    if (t->name == "first_name" || t->name == "last_name") has_first_or_last_ = true;
  }
}

namespace {

// "Ada Lovelace" -> Ada / Lovelace; "Lovelace, Ada" -> Ada / Lovelace; "Cher" -> last name only.
void split_full_name(std::string_view name, json::object& body) {
  name = trim_cell(name);
  if (name.empty()) return;
  if (auto comma = name.find(','); comma != std::string_view::npos) {
    body["first_name"] = trim_cell(name.substr(comma + 1));
    body["last_name"] = trim_cell(name.substr(0, comma));
    return;
  }
  auto space = name.rfind(' ');
  if (space == std::string_view::npos) {
    body["last_name"] = name;
    return;
  }
  body["first_name"] = trim_cell(name.substr(0, space));
  body["last_name"] = trim_cell(name.substr(space + 1));
}

// Appends a list value to what earlier columns put in the same list field.
void put(json::object& into, const std::string& key, json::value v) {
  if (v.is_array()) {
    if (auto* existing = into.if_contains(key); existing && existing->is_array()) {
      for (auto& item : v.as_array()) existing->as_array().push_back(std::move(item));
      return;
    }
  }
  into[key] = std::move(v);
}

// Whether a field's value depends on the cell's text alone, and the same texts recur down a column.
bool repeats(const Target& t) {
  using records::FieldType;
  if (t.field) {
    auto type = t.field->type;
    return type == FieldType::Enum || type == FieldType::Country || type == FieldType::Boolean ||
           type == FieldType::Currency;
  }
  return t.custom && (t.custom->type == "select" || t.custom->type == "bool");
}

}  // namespace

const Cell<json::value>& RowPlanner::repeated(std::size_t column, std::string_view text, const RowDefaults& d) {
  auto& seen = repeats_[column];
  std::string key(text);
  if (auto it = seen.find(key); it != seen.end()) return it->second;
  const Target& t = *columns_[column];
  RowDefaults fd = d;
  fd.aliases = t.field ? &option_aliases(object_, t.name) : nullptr;
  auto v = t.field ? field_value(*t.field, text, fd) : custom_value(*t.custom, text, fd);
  if (seen.size() >= kRepeatsKept) seen.erase(seen.begin());  // a column of many values: keep it bounded
  return seen.emplace(std::move(key), std::move(v)).first->second;
}

RowPlan RowPlanner::plan(const CsvRecord& record) {
  RowPlan p;
  p.line = record.line;
  const auto& cells = record.fields;
  auto cell = [&](std::size_t i) -> std::string_view { return i < cells.size() ? std::string_view(cells[i]) : ""; };
  auto fail = [&](std::size_t i, std::string message) {
    p.errors.push_back({headers_[i], std::string(trim_cell(cell(i))), std::move(message)});
  };
  p.blank = true;
  for (const auto& c : cells)
    if (!trim_cell(c).empty()) p.blank = false;
  if (p.blank) return p;
  for (std::size_t i = headers_.size(); i < cells.size(); ++i)
    if (!trim_cell(cells[i]).empty()) {
      p.errors.push_back({"", "", "the row has " + std::to_string(cells.size()) + " fields, the header " +
                                      std::to_string(headers_.size()) + " (a separator inside an unquoted value?)"});
      return p;
    }

  RowDefaults d{.date_order = options_.date_order, .currency = options_.currency, .region = options_.region, .zone = &zone_};
  // The row's own country and currency come first: phones and amounts depend on them.
  for (auto column : {country_column_, currency_column_}) {
    if (!column || trim_cell(cell(*column)).empty()) continue;
    const auto& c = repeated(*column, trim_cell(cell(*column)), d);
    if (c.ok() && c.value) (column == country_column_ ? d.region : d.currency) = std::string(c.value->as_string());
  }
  json::object custom;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const Target* t = columns_[i];
    if (!t) continue;
    std::string_view text = trim_cell(cell(i));
    if (text.empty()) continue;
    switch (t->kind) {
      case Target::Kind::Field: {
        if (t->field->type == records::FieldType::Money) {
          auto m = convert_money(text, d.currency);
          if (!m.ok()) {
            fail(i, m.error);
            break;
          }
          p.body[t->name] = m.value->minor;
          if (has_currency_field_ && !p.body.contains("currency")) p.body["currency"] = m.value->currency;
          break;
        }
        if (repeats(*t)) {
          const auto& v = repeated(i, text, d);
          if (!v.ok()) fail(i, v.error);
          else if (v.value) p.body[t->name] = *v.value;
          break;
        }
        RowDefaults fd = d;
        fd.aliases = &option_aliases(object_, t->name);
        auto v = field_value(*t->field, text, fd);
        if (!v.ok()) fail(i, v.error);
        else if (v.value) put(p.body, t->name, std::move(*v.value));
        break;
      }
      case Target::Kind::Custom: {
        if (repeats(*t)) {
          const auto& v = repeated(i, text, d);
          if (!v.ok()) fail(i, v.error);
          else if (v.value) custom[t->custom->name] = *v.value;
          break;
        }
        auto v = custom_value(*t->custom, text, d);
        if (!v.ok()) fail(i, v.error);
        else if (v.value) put(custom, t->custom->name, std::move(*v.value));
        break;
      }
      case Target::Kind::FullName:
        break;  // below, once the row's first and last names are known
      case Target::Kind::Lookup:
        if (t->name == "company") p.company = text;
        else if (t->name == "company_domain") p.company_domain = domain_of(text);
        else if (t->name == "pipeline") p.pipeline = text;
        else if (t->name == "stage") p.stage = text;
        else if (t->name == "owner") p.owner = text;
        else if (t->name == "contact_email") p.contact_email = text;
        else if (t->name == "deal_contacts") {
          auto v = parse_deal_contacts(text);
          if (!v.ok()) fail(i, v.error);
          else if (v.value) p.contacts = std::move(*v.value);
        }
        break;
      case Target::Kind::ExternalId:
        if (text.size() > kMaxExternalIdBytes)
          fail(i, "an external id is at most " + std::to_string(kMaxExternalIdBytes) + " bytes");
        else
          p.external_id = text;
        break;
      case Target::Kind::History: {
        if (t->name == "stage_history") {
          auto v = parse_stage_history(text, d.date_order, zone_);
          if (!v.ok()) fail(i, v.error);
          else if (v.value) p.stage_history = std::move(*v.value);
          break;
        }
        auto v = convert_datetime(text, d.date_order, zone_);
        if (!v.ok()) fail(i, v.error);
        else (t->name == "created_at" ? p.created_at : p.closed_at) = *v.value;
        break;
      }
    }
  }
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] && columns_[i]->kind == Target::Kind::FullName && !has_first_or_last_)
      split_full_name(cell(i), p.body);
  if (!custom.empty()) p.body["custom"] = std::move(custom);
  return p;
}

}  // namespace rapport::imports
