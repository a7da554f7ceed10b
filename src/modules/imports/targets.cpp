#include "modules/imports/targets.hpp"

#include <algorithm>

namespace rapport::imports {

std::vector<Target> import_targets(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs) {
  using records::FieldType;
  std::vector<Target> out;
  auto has = [&](std::string_view name) { return spec.field(name) != nullptr; };
  for (const auto& f : spec.fields) {
    if (!f.writable || f.type == FieldType::Reference) continue;
    if (f.name == "closed_at") continue;  // history, below
    Target t{.name = f.name, .kind = Target::Kind::Field, .field = &f};
    if (f.type == FieldType::Email && has("emails")) t.list_twin = "emails";
    if (f.type == FieldType::Phone && has("phones")) t.list_twin = "phones";
    out.push_back(std::move(t));
  }
  for (const auto& d : defs)
    if (d.object == spec.object) out.push_back({.name = "custom." + d.name, .kind = Target::Kind::Custom, .custom = &d});
  if (has("first_name") && has("last_name")) out.push_back({.name = "full_name", .kind = Target::Kind::FullName});
  if (has("company_id")) {
    out.push_back({.name = "company", .kind = Target::Kind::Lookup});
    out.push_back({.name = "company_domain", .kind = Target::Kind::Lookup});
  }
  if (has("pipeline_id")) out.push_back({.name = "pipeline", .kind = Target::Kind::Lookup});
  if (has("stage_id")) out.push_back({.name = "stage", .kind = Target::Kind::Lookup});
  if (std::ranges::find(spec.hooks.extra_keys, "contacts") != spec.hooks.extra_keys.end()) {
    out.push_back({.name = "contact_email", .kind = Target::Kind::Lookup});
    if (has("stage_id")) out.push_back({.name = "deal_contacts", .kind = Target::Kind::Lookup});  // with roles (deal_links.hpp)
  }
  out.push_back({.name = "owner", .kind = Target::Kind::Lookup});
  out.push_back({.name = "external_id", .kind = Target::Kind::ExternalId});
  out.push_back({.name = "created_at", .kind = Target::Kind::History, .field = records::find_field(spec, "created_at")});
  if (const auto* closed = spec.field("closed_at"))
    out.push_back({.name = "closed_at", .kind = Target::Kind::History, .field = closed});
  if (has("stage_id")) out.push_back({.name = "stage_history", .kind = Target::Kind::History});
  return out;
}

const Target* find_target(const std::vector<Target>& targets, std::string_view name) {
  for (const auto& t : targets)
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace rapport::imports
