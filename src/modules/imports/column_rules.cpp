#include "modules/imports/column_rules.hpp"

namespace rapport::imports {
namespace json = boost::json;

namespace {

// The record field a target writes, for the role's field rules ("" for none).
std::string field_of(const Target& t) {
  switch (t.kind) {
    case Target::Kind::Field:
    case Target::Kind::Custom:
    case Target::Kind::History:
      return t.name;
    case Target::Kind::FullName:
      return "first_name";
    case Target::Kind::Lookup:
      if (t.name == "company" || t.name == "company_domain") return "company_id";
      if (t.name == "owner") return "owner_id";
      if (t.name == "pipeline") return "pipeline_id";
      if (t.name == "stage") return "stage_id";
      return "";
    case Target::Kind::ExternalId:
      return "";
  }
  return "";
}

}  // namespace

std::vector<FieldError> refused_columns(const identity::Context& ctx, std::string_view object, const std::vector<std::string>& headers,
                                        const std::vector<ColumnMatch>& matches, const std::vector<Target>& targets) {
  std::vector<FieldError> out;
  for (std::size_t i = 0; i < matches.size() && i < headers.size(); ++i) {
    if (matches[i].target.empty()) continue;
    const Target* t = find_target(targets, matches[i].target);
    if (!t) continue;
    std::string key = "columns." + headers[i];
    if (t->kind == Target::Kind::History && !ctx.is_admin()) {
      out.push_back({key, "forbidden", "fills " + t->name + ": only an admin's import may set a record's history dates"});
      continue;
    }
    if (t->kind == Target::Kind::Lookup && t->name == "owner" && !ctx.can_reassign()) {
      out.push_back({key, "forbidden", "names owners: your role cannot give records to another owner (your import owns its records)"});
      continue;
    }
    std::string field = field_of(*t);
    if (field.empty() || !ctx.field_rules(object)) continue;
    auto rule = ctx.field(object, field);
    if (t->kind == Target::Kind::FullName && rule == identity::FieldAccess::Visible) rule = ctx.field(object, "last_name");
    if (rule == identity::FieldAccess::Hidden) out.push_back({key, "forbidden", "fills " + field + ", which is hidden from your role"});
    else if (rule == identity::FieldAccess::ReadOnly) out.push_back({key, "read_only", "fills " + field + ", which is read-only for your role"});
  }
  return out;
}

json::array columns_json(const std::vector<std::string>& headers, const std::vector<ColumnMatch>& matches) {
  json::array out;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const ColumnMatch* m = i < matches.size() ? &matches[i] : nullptr;
    json::object col{{"header", headers[i]}, {"target", m && !m->target.empty() ? json::value(m->target) : json::value(nullptr)}};
    if (m && !m->note.empty()) col["note"] = m->note;
    out.push_back(std::move(col));
  }
  return out;
}

std::vector<std::string> column_headers(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& c : v.as_array()) {
    const auto* h = c.is_object() ? c.as_object().if_contains("header") : nullptr;
    out.emplace_back(h && h->is_string() ? std::string(h->as_string()) : std::string());
  }
  return out;
}

}  // namespace rapport::imports
