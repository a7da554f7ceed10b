#include "platform/records/create_steps.hpp"

#include <algorithm>

#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/records/scope.hpp"

namespace rapport::records {
namespace json = boost::json;

std::optional<Problem> may_create(const identity::Context& ctx, const ObjectSpec& spec, const json::object& body) {
  if (ctx.scope(spec.object, identity::Action::Create) == identity::Scope::None)
    return not_allowed(identity::Action::Create, spec.singular);
  if (auto denied = forbidden_fields(ctx, spec.object, body); !denied.empty()) return forbidden_write(std::move(denied));
  if (auto* owner = body.if_contains("owner_id");
      owner && owner->is_string() && owner->as_string() != ctx.user_id && !ctx.can_reassign())
    return Problem::forbidden("Your role cannot give a " + spec.singular + " to another owner (owner_id)");
  return std::nullopt;
}

json::object new_record(db::Connection& c, const identity::Context& ctx, const ObjectSpec& spec, const Input& in) {
  json::object rec;
  std::string now = clock::now_text();
  rec["id"] = ids::uuid_v7();
  for (const auto& f : spec.fields)
    rec[f.name] = is_list(f.type) ? json::value(json::array{}) : json::value(nullptr);
  for (const auto& kv : in.fields) rec[kv.key()] = kv.value();
  // The caller owns what it creates; the server's own work (a web form, inbound mail) leaves it unowned.
  if (rec.if_contains("owner_id") == nullptr || rec["owner_id"].is_null())
    rec["owner_id"] = ctx.user_id.empty() ? json::value(nullptr) : json::value(ctx.user_id);
  rec["created_at"] = now;
  rec["updated_at"] = now;
  rec["created_by"] = ctx.actor();
  rec["version"] = 1;
  rec["deleted_at"] = nullptr;
  json::object custom;
  if (in.custom)
    for (const auto& kv : *in.custom)
      if (!kv.value().is_null()) custom[kv.key()] = kv.value();
  rec["custom"] = std::move(custom);
  if (spec.hooks.apply_extras) spec.hooks.apply_extras(rec, in.extras);
  if (spec.hooks.normalize) spec.hooks.normalize(rec, true);
  if (spec.hooks.resolve) spec.hooks.resolve(c, ctx, rec, true);
  return rec;
}

db::Value custom_value(const json::value& v) {
  // A number past int64 (stored before records::kMaxCustomNumber bounded them) compares as a double.
  const bool past_int64 = v.is_uint64() && v.as_uint64() > static_cast<uint64_t>(INT64_MAX);
  return v.is_string() ? db::Value(std::string(v.as_string()))
         : v.is_double() || past_int64 ? db::Value(v.to_number<double>())
         : v.is_bool()   ? db::Value(int64_t{v.as_bool() ? 1 : 0})
                         : db::Value(v.to_number<int64_t>());
}

bool StoredChecks::reference_exists(db::Connection& c, const identity::Context& ctx, const FieldSpec& f, const std::string& id) {
  return records::reference_exists(c, ctx, f.ref_table, id, f.ref_policy);
}

std::optional<std::string> StoredChecks::duplicate(db::Connection& c, const identity::Context& ctx, const Store& store,
                                                   const FieldSpec& f, const std::string& value, const std::string& self_id) {
  return store.find_duplicate(c, ctx, f, value, self_id);
}

std::optional<std::string> StoredChecks::custom_duplicate(db::Connection& c, const identity::Context& ctx, const Store& store,
                                                          const CustomFieldDef& d, const json::value& v,
                                                          const std::string& self_id) {
  return store.find_duplicate(c, ctx, d.sql_expr(c.dialect()), custom_value(v), self_id);
}

std::optional<Problem> check_stored(db::Connection& c, const identity::Context& ctx, const Store& store,
                                    const std::vector<CustomFieldDef>& defs, const json::object& merged, const Input& in,
                                    const std::string& self_id, std::vector<FieldError> errors, StoredChecks& checks) {
  const ObjectSpec& spec = store.spec();
  check_required(spec, defs, merged, errors);
  for (const auto* fields : {&spec.fields, &system_fields()}) {
    for (const auto& f : *fields) {
      if (f.type != FieldType::Reference) continue;
      auto* v = in.fields.if_contains(f.name);
      if (!v || !v->is_string()) continue;
      if (!checks.reference_exists(c, ctx, f, std::string(v->as_string())))
        errors.push_back({f.name, "not_found", "refers to no live record of " + f.ref_table + " in this workspace"});
    }
  }
  std::size_t field_level = errors.size();
  if (spec.hooks.check) spec.hooks.check(c, ctx, merged, in.extras, self_id.empty(), errors);
  // A field already reported as malformed is not reported again by a rule that saw it missing.
  std::vector<FieldError> unique_errors;
  for (std::size_t i = 0; i < errors.size(); ++i) {
    bool seen = std::any_of(errors.begin(), errors.begin() + static_cast<std::ptrdiff_t>(std::min(i, field_level)),
                            [&](const FieldError& e) { return e.field == errors[i].field; });
    if (!seen) unique_errors.push_back(errors[i]);  // a copy: later entries compare with this one
  }
  if (!unique_errors.empty()) return Problem::invalid(std::move(unique_errors));

  std::vector<FieldError> conflicts;
  for (const auto& u : spec.unique) {
    auto* v = in.fields.if_contains(u.field);
    if (!v || !v->is_string()) continue;
    if (auto dup = checks.duplicate(c, ctx, store, *spec.field(u.field), std::string(v->as_string()), self_id)) {
      FieldError e{u.field, "unique", "is already used by another " + spec.singular};
      if (store.in_scope(c, ctx, *dup, identity::Action::Read)) e.extra["existing_id"] = *dup;
      conflicts.push_back(std::move(e));
    }
  }
  if (in.custom) {
    for (const auto& d : defs) {
      if (!d.unique) continue;
      auto* v = in.custom->if_contains(d.name);
      if (!v || v->is_null()) continue;
      if (auto dup = checks.custom_duplicate(c, ctx, store, d, *v, self_id)) {
        FieldError e{"custom." + d.name, "unique", "is already used by another " + spec.singular};
        if (store.in_scope(c, ctx, *dup, identity::Action::Read)) e.extra["existing_id"] = *dup;
        conflicts.push_back(std::move(e));
      }
    }
  }
  if (!conflicts.empty())
    return Problem::conflict("A " + spec.singular + " with the same unique value exists", std::move(conflicts));
  return std::nullopt;
}

}  // namespace rapport::records
