#include "modules/imports/mapping.hpp"

#include <set>

#include "platform/formats.hpp"
#include "platform/utf8.hpp"

namespace rapport::imports {
namespace json = boost::json;

namespace {

const std::set<std::string, std::less<>> kKeys = {"columns", "date_order",  "currency",    "region",
                                                  "create_companies", "match_on", "on_duplicate"};

// The column key of a field error: "columns." and the header (scrubbed: the caller's text).
std::string column_path(std::string_view header) {
  std::string path = "columns.";
  path += utf8::scrub(header);
  return path;
}

void read_columns(const json::value& v, const std::vector<Target>& targets, Mapping& m, std::vector<FieldError>& errors) {
  if (!v.is_object() || v.as_object().size() > kMaxMappedColumns) {
    errors.push_back({"columns", "type",
                      "must be an object of at most " + std::to_string(kMaxMappedColumns) +
                          " headers, each naming a target or null"});
    return;
  }
  std::set<std::string> single_targets;
  for (const auto& kv : v.as_object()) {
    std::string header(kv.key());
    if (header.empty() || header.size() > kMaxHeaderBytes || !utf8::valid(header)) {
      errors.push_back({column_path(header), "length",
                        "a header is 1 to " + std::to_string(kMaxHeaderBytes) + " bytes of UTF-8"});
      continue;
    }
    if (kv.value().is_null()) {
      m.columns[header] = std::nullopt;
      continue;
    }
    const Target* t = kv.value().is_string() ? find_target(targets, kv.value().as_string()) : nullptr;
    if (!t) {
      errors.push_back({column_path(header), "enum", "must name a target of the object (GET the import's "
                                                     "targets) or be null"});
      continue;
    }
    if (!takes_many_columns(*t) && !single_targets.insert(t->name).second) {
      errors.push_back({column_path(header), "unique", "another column already fills " + t->name});
      continue;
    }
    m.columns[header] = t->name;
  }
}

}  // namespace

std::string default_match_on(std::string_view object) {
  if (object == "contacts" || object == "leads") return "email";
  if (object == "companies") return "domain";
  return "external_id";
}

Result<Mapping> read_mapping(const json::value& body, std::string_view object, const std::vector<Target>& targets) {
  if (!body.is_object()) return Problem::invalid({{"", "type", "a mapping is a JSON object"}});
  const auto& o = body.as_object();
  std::vector<FieldError> errors;
  Mapping m;
  for (const auto& kv : o)
    if (!kKeys.count(kv.key()))
      errors.push_back({utf8::scrub(kv.key()), "unknown",
                        "is not a key of a mapping (columns, date_order, currency, region, create_companies, "
                        "match_on, on_duplicate)"});
  if (const auto* v = o.if_contains("columns")) read_columns(*v, targets, m, errors);
  if (const auto* v = o.if_contains("date_order")) {
    if (v->is_string() && v->as_string() == "dmy") m.options.date_order = DateOrder::DayMonthYear;
    else if (v->is_string() && v->as_string() == "mdy") m.options.date_order = DateOrder::MonthDayYear;
    else errors.push_back({"date_order", "enum", "must be \"dmy\" (day/month/year) or \"mdy\" (month/day/year)"});
  }
  if (const auto* v = o.if_contains("currency")) {
    if (v->is_string() && formats::is_currency(v->as_string())) m.options.currency = std::string(v->as_string());
    else errors.push_back({"currency", "format", "must be an ISO 4217 currency code, e.g. EUR"});
  }
  if (const auto* v = o.if_contains("region")) {
    if (v->is_string() && formats::is_country(v->as_string())) m.options.region = std::string(v->as_string());
    else errors.push_back({"region", "format", "must be an ISO 3166-1 alpha-2 country code, e.g. DE"});
  }
  if (const auto* v = o.if_contains("create_companies")) {
    if (v->is_bool()) m.options.create_companies = v->as_bool();
    else errors.push_back({"create_companies", "type", "must be true or false"});
  }
  if (const auto* v = o.if_contains("match_on")) {
    std::string on = v->is_string() ? std::string(v->as_string()) : "";
    bool fits = on == "none" || on == "external_id" || (on == "email" && find_target(targets, "email")) ||
                (on == "domain" && find_target(targets, "domain"));
    if (fits) m.options.match_on = on;
    else errors.push_back({"match_on", "enum", "must be one of the object's keys: " +
                                                   std::string(find_target(targets, "email") ? "email, " : "") +
                                                   (find_target(targets, "domain") ? "domain, " : "") + "external_id, none"});
  }
  if (const auto* v = o.if_contains("on_duplicate")) {
    std::string_view s = v->is_string() ? std::string_view(v->as_string()) : "";
    if (s == "skip") m.options.on_duplicate = OnDuplicate::Skip;
    else if (s == "update") m.options.on_duplicate = OnDuplicate::Update;
    else if (s == "create") m.options.on_duplicate = OnDuplicate::Create;
    else errors.push_back({"on_duplicate", "enum", "must be \"skip\", \"update\" or \"create\""});
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors), "The mapping has invalid keys");
  if (m.options.match_on.empty()) m.options.match_on = default_match_on(object);
  return m;
}

json::object mapping_json(const Mapping& m) {
  json::object columns;
  for (const auto& [header, target] : m.columns) {
    if (target) columns[header] = *target;
    else columns[header] = nullptr;
  }
  json::object o;
  o["columns"] = std::move(columns);
  o["date_order"] = m.options.date_order == DateOrder::DayMonthYear ? "dmy" : "mdy";
  if (!m.options.currency.empty()) o["currency"] = m.options.currency;
  if (!m.options.region.empty()) o["region"] = m.options.region;
  o["create_companies"] = m.options.create_companies;
  o["match_on"] = m.options.match_on;
  o["on_duplicate"] = m.options.on_duplicate == OnDuplicate::Skip     ? "skip"
                      : m.options.on_duplicate == OnDuplicate::Update ? "update"
                                                                      : "create";
  return o;
}

std::vector<ColumnMatch> resolve_columns(const Mapping& m, std::string_view object, const std::vector<std::string>& headers,
                                         const std::vector<Target>& targets) {
  // Targets the mapping gives are taken for the automatic match, and the columns it names take no
  // part in that match (blank headers match nothing).
  std::map<std::string, std::string> taken;
  for (const auto& [header, target] : m.columns)
    if (target) taken.emplace(*target, header);
  std::vector<std::string> unnamed = headers;
  for (auto& h : unnamed)
    if (m.columns.count(h)) h.clear();
  auto automatic = match_columns(object, unnamed, targets, taken);
  std::vector<ColumnMatch> out(headers.size());
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (auto it = m.columns.find(headers[i]); it != m.columns.end())
      out[i].target = it->second.value_or("");
    else
      out[i] = automatic[i];
  }
  return out;
}

}  // namespace rapport::imports
