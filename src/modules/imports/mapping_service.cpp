#include "modules/imports/mapping_service.hpp"

#include "modules/imports/import_store.hpp"
#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/ids.hpp"
#include "platform/records/scope.hpp"
#include "platform/utf8.hpp"

namespace rapport::imports {
namespace json = boost::json;

Result<MappingInput> read_mapping_body(const json::object& body, bool creating) {
  std::vector<FieldError> errors;
  MappingInput in;
  for (const auto& kv : body)
    if (kv.key() != "name" && kv.key() != "mapping" && !(creating && kv.key() == "object"))
      errors.push_back({utf8::scrub(kv.key()), "unknown", creating ? "is not a key (name, object, mapping)" : "is not a key (name, mapping)"});
  if (const auto* v = body.if_contains("name")) {
    auto points = v->is_string() ? utf8::decode(v->as_string()) : std::nullopt;
    std::size_t chars = points ? points->size() : 0;
    if (v->is_string() && chars >= 1 && chars <= kMaxMappingNameChars) in.name = std::string(v->as_string());
    else errors.push_back({"name", "length", "must be text of 1 to 100 characters"});
  } else if (creating) {
    errors.push_back({"name", "required", "is required"});
  }
  if (const auto* v = body.if_contains("object")) {
    if (v->is_string() && is_import_object(v->as_string())) in.object = std::string(v->as_string());
    else errors.push_back({"object", "enum", "must be one of contacts, companies, deals, leads"});
  } else if (creating) {
    errors.push_back({"object", "required", "is required"});
  }
  if (const auto* v = body.if_contains("mapping")) {
    if (v->is_object()) in.mapping = *v;
    else errors.push_back({"mapping", "type", "must be a mapping document (an object)"});
  } else if (creating) {
    errors.push_back({"mapping", "required", "is required"});
  }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return in;
}

Result<json::object> MappingService::checked(db::Connection& c, const identity::Context& ctx, const std::string& object,
                                             const json::value& mapping) {
  std::vector<records::CustomFieldDef> defs;
  auto targets = imports_->targets_of(c, ctx, object, defs);
  auto m = read_mapping(mapping, object, targets);
  if (!m) {
    Problem p = m.take_problem();
    for (auto& e : p.errors) e.field = e.field.empty() ? "mapping" : "mapping." + e.field;
    return p;
  }
  return mapping.as_object();
}

std::vector<SavedMapping> MappingService::list(const identity::Context& ctx) {
  return db_.read([&](db::Connection& c) { return store::list_mappings(c, ctx.workspace_id); });
}

Result<SavedMapping> MappingService::get(const identity::Context& ctx, const std::string& id) {
  auto m = db_.read([&](db::Connection& c) { return ids::is_uuid(id) ? store::find_mapping(c, ctx.workspace_id, id) : std::nullopt; });
  if (!m) return Problem::not_found("No such import mapping");
  return std::move(*m);
}

Result<SavedMapping> MappingService::create(const identity::Context& ctx, const MappingInput& in) {
  if (ctx.scope(*in.object, identity::Action::Create) == identity::Scope::None)
    return Problem::forbidden("Your role cannot import " + *in.object + ", so it cannot save mappings for them");
  Result<SavedMapping> out = Problem::internal();
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto body = checked(c, ctx, *in.object, *in.mapping);
    if (!body) return body.take_problem();
    if (store::mapping_named(c, ctx.workspace_id, *in.object, *in.name, ""))
      return Problem::conflict("A mapping of " + *in.object + " has this name", {{"name", "unique", "is taken"}});
    if (store::count_mappings(c, ctx.workspace_id) >= kMaxMappings)
      return Problem::conflict("The workspace has " + std::to_string(kMaxMappings) + " import mappings already");
    std::string now = clock::now_text();
    SavedMapping m{.id = ids::uuid_v7(), .workspace_id = ctx.workspace_id, .object = *in.object, .name = *in.name,
                   .body = std::move(*body), .version = 1, .created_by = ctx.user_id, .created_at = now, .updated_at = now};
    store::insert_mapping(c, m);
    out = std::move(m);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

Result<SavedMapping> MappingService::update(const identity::Context& ctx, const std::string& id, const MappingInput& in,
                                            std::string_view if_match) {
  Result<SavedMapping> out = Problem::internal();
  Status st = db_.write([&](db::Connection& c) -> Status {
    auto m = ids::is_uuid(id) ? store::find_mapping(c, ctx.workspace_id, id) : std::nullopt;
    if (!m) return Problem::not_found("No such import mapping");
    if (!ctx.is_admin() && m->created_by != ctx.user_id) return Problem::forbidden("Only its creator and admins change a saved mapping");
    if (!http::if_match_allows(if_match, m->version))
      return Problem::precondition_failed("The mapping changed since you read it; read it again and retry");
    if (in.name) {
      if (store::mapping_named(c, ctx.workspace_id, m->object, *in.name, m->id))
        return Problem::conflict("A mapping of " + m->object + " has this name", {{"name", "unique", "is taken"}});
      m->name = *in.name;
    }
    if (in.mapping) {
      auto body = checked(c, ctx, m->object, *in.mapping);
      if (!body) return body.take_problem();
      m->body = std::move(*body);
    }
    m->version += 1;
    m->updated_at = clock::now_text();
    if (!store::update_mapping(c, *m)) return Problem::precondition_failed("The mapping changed while it was being updated");
    out = std::move(*m);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

Status MappingService::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  return db_.write([&](db::Connection& c) -> Status {
    auto m = ids::is_uuid(id) ? store::find_mapping(c, ctx.workspace_id, id) : std::nullopt;
    if (!m) return Problem::not_found("No such import mapping");
    if (!ctx.is_admin() && m->created_by != ctx.user_id) return Problem::forbidden("Only its creator and admins delete a saved mapping");
    if (!http::if_match_allows(if_match, m->version))
      return Problem::precondition_failed("The mapping changed since you read it; read it again and retry");
    store::delete_mapping(c, ctx.workspace_id, id);
    return ok_status();
  });
}

}  // namespace rapport::imports
