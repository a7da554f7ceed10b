#include "modules/support/sla_config.hpp"

#include <optional>

#include "modules/support/sla_refresh.hpp"
#include "modules/support/sla_store.hpp"
#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

const std::string kCalendars = "business_hours";
const std::string kPolicies = "sla_policies";

bool exists(db::Connection& c, const std::string& sql, const std::vector<db::Value>& params) {
  return !std::holds_alternative<std::nullptr_t>(c.scalar(sql, params));
}

std::optional<Problem> calendar_problem(db::Connection& c, const BusinessHours& b, const BusinessHours* before) {
  if (sla_store::name_taken(c, kCalendars, b.workspace_id, b.name, b.id))
    return Problem::conflict("A business-hours calendar of this name exists", {{"name", "unique", "is taken by another calendar"}});
  if (b.team_id && (!before || before->team_id != b.team_id)) {
    if (!exists(c, "SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {b.workspace_id, *b.team_id}))
      return Problem::invalid({{"team_id", "not_found", "refers to no team of this workspace"}});
    if (exists(c, "SELECT 1 FROM business_hours WHERE workspace_id = ? AND team_id = ? AND id <> ?", {b.workspace_id, *b.team_id, b.id}))
      return Problem::conflict("The team has a calendar already", {{"team_id", "unique", "has a calendar already: change that one"}});
  }
  return std::nullopt;
}

std::optional<Problem> policy_problem(db::Connection& c, const SlaPolicy& p) {
  if (sla_store::name_taken(c, kPolicies, p.workspace_id, p.name, p.id))
    return Problem::conflict("An SLA policy of this name exists", {{"name", "unique", "is taken by another policy"}});
  std::vector<FieldError> errors;
  if (p.business_hours_id && !sla_store::find_calendar(c, p.workspace_id, *p.business_hours_id))
    errors.push_back({"business_hours_id", "not_found", "refers to no business-hours calendar of this workspace"});
  for (std::size_t i = 0; i < p.company_ids.size(); ++i)
    if (!exists(c, "SELECT 1 FROM companies WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL", {p.workspace_id, p.company_ids[i]})) {
      std::string field = "conditions.company_id[";
      field += std::to_string(i);
      field += ']';
      errors.push_back({std::move(field), "not_found", "refers to no company of this workspace"});
    }
  if (!errors.empty()) return Problem::invalid(std::move(errors));
  return std::nullopt;
}

Problem moved() { return Problem::precondition_failed("It changed since you read it; read it again and retry"); }

void audit(db::Connection& c, const identity::Context& ctx, const std::string& object, const std::string& id, const std::string& action,
           const json::object& before, const json::object& after) {
  journal::audit(c, ctx, object, id, action, journal::diff(before, after));
}

}  // namespace

Result<std::vector<BusinessHours>> list_calendars(db::Database& db, const identity::Context& ctx) {
  return db.read([&](db::Connection& c) { return sla_store::calendars(c, ctx.workspace_id); });
}

Result<BusinessHours> get_calendar(db::Database& db, const identity::Context& ctx, const std::string& id) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  auto b = db.read([&](db::Connection& c) { return sla_store::find_calendar(c, ctx.workspace_id, id); });
  if (!b) return Problem::not_found();
  return std::move(*b);
}

Result<BusinessHours> create_calendar(db::Database& db, const identity::Context& ctx, const json::object& body) {
  auto in = read_business_hours(body, nullptr);
  if (!in) return in.take_problem();
  BusinessHours b = std::move(*in);
  b.id = ids::uuid_v7();
  b.workspace_id = ctx.workspace_id;
  b.created_at = b.updated_at = clock::now_text();
  Status st = db.write([&](db::Connection& c) -> Status {
    if (sla_store::count(c, kCalendars, ctx.workspace_id) >= static_cast<int64_t>(kMaxCalendars))
      return Problem::conflict("The workspace has " + std::to_string(kMaxCalendars) + " business-hours calendars already");
    if (auto p = calendar_problem(c, b, nullptr)) return std::move(*p);
    if (b.is_default) sla_store::clear_default(c, ctx.workspace_id, b.id, b.updated_at);
    sla_store::insert_calendar(c, b);
    audit(c, ctx, kCalendars, b.id, "create", {}, b.to_json());
    queue_sla_refresh(c, ctx.workspace_id);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return b;
}

Result<BusinessHours> update_calendar(db::Database& db, const identity::Context& ctx, const std::string& id, const json::object& body,
                                      std::string_view if_match) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  std::optional<BusinessHours> out;
  Status st = db.write([&](db::Connection& c) -> Status {
    auto before = sla_store::find_calendar(c, ctx.workspace_id, id);
    if (!before) return Problem::not_found();
    if (!http::if_match_allows(if_match, before->version)) return moved();
    auto in = read_business_hours(body, &*before);
    if (!in) return in.take_problem();
    BusinessHours b = std::move(*in);
    if (auto p = calendar_problem(c, b, &*before)) return std::move(*p);
    const auto changes = journal::diff(before->to_json(), b.to_json());
    if (changes.empty()) {
      out = std::move(b);
      return ok_status();
    }
    b.updated_at = clock::now_text();
    b.version = before->version + 1;
    if (b.is_default) sla_store::clear_default(c, ctx.workspace_id, b.id, b.updated_at);
    if (!sla_store::update_calendar(c, b, before->version)) return moved();
    journal::audit(c, ctx, kCalendars, id, "update", changes);
    queue_sla_refresh(c, ctx.workspace_id);
    out = std::move(b);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return std::move(*out);
}

Status delete_calendar(db::Database& db, const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  return db.write([&](db::Connection& c) -> Status {
    auto before = sla_store::find_calendar(c, ctx.workspace_id, id);
    if (!before) return Problem::not_found();
    if (!http::if_match_allows(if_match, before->version)) return moved();
    if (auto users = sla_store::policies_using(c, ctx.workspace_id, id); !users.empty())
      return Problem::conflict("SLA policies use this calendar (" + users.front() + (users.size() > 1 ? ", ..." : "") +
                               "): give them another one first");
    sla_store::delete_calendar(c, ctx.workspace_id, id);
    audit(c, ctx, kCalendars, id, "delete", before->to_json(), {});
    queue_sla_refresh(c, ctx.workspace_id);
    return ok_status();
  });
}

Result<std::vector<SlaPolicy>> list_policies(db::Database& db, const identity::Context& ctx) {
  return db.read([&](db::Connection& c) { return sla_store::policies(c, ctx.workspace_id); });
}

Result<SlaPolicy> get_policy(db::Database& db, const identity::Context& ctx, const std::string& id) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  auto p = db.read([&](db::Connection& c) { return sla_store::find_policy(c, ctx.workspace_id, id); });
  if (!p) return Problem::not_found();
  return std::move(*p);
}

Result<SlaPolicy> create_policy(db::Database& db, const identity::Context& ctx, const json::object& body) {
  auto in = read_policy(body, nullptr);
  if (!in) return in.take_problem();
  SlaPolicy p = std::move(*in);
  p.id = ids::uuid_v7();
  p.workspace_id = ctx.workspace_id;
  p.created_at = p.updated_at = clock::now_text();
  Status st = db.write([&](db::Connection& c) -> Status {
    const auto existing = sla_store::policies(c, ctx.workspace_id);
    if (existing.size() >= kMaxPolicies)
      return Problem::conflict("The workspace has " + std::to_string(kMaxPolicies) + " SLA policies already");
    if (auto problem = policy_problem(c, p)) return std::move(*problem);
    // Without a position, after the others (bounded: the last one's position is at most kMaxPosition).
    if (p.position < 0) p.position = existing.empty() ? 0 : std::min(existing.back().position + 1, kMaxPosition);
    sla_store::insert_policy(c, p);
    audit(c, ctx, kPolicies, p.id, "create", {}, p.to_json());
    queue_sla_refresh(c, ctx.workspace_id);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return p;
}

Result<SlaPolicy> update_policy(db::Database& db, const identity::Context& ctx, const std::string& id, const json::object& body,
                                std::string_view if_match) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  std::optional<SlaPolicy> out;
  Status st = db.write([&](db::Connection& c) -> Status {
    auto before = sla_store::find_policy(c, ctx.workspace_id, id);
    if (!before) return Problem::not_found();
    if (!http::if_match_allows(if_match, before->version)) return moved();
    auto in = read_policy(body, &*before);
    if (!in) return in.take_problem();
    SlaPolicy p = std::move(*in);
    if (auto problem = policy_problem(c, p)) return std::move(*problem);
    const auto changes = journal::diff(before->to_json(), p.to_json());
    if (changes.empty()) {
      out = std::move(p);
      return ok_status();
    }
    p.updated_at = clock::now_text();
    p.version = before->version + 1;
    if (!sla_store::update_policy(c, p, before->version)) return moved();
    journal::audit(c, ctx, kPolicies, id, "update", changes);
    queue_sla_refresh(c, ctx.workspace_id);
    out = std::move(p);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return std::move(*out);
}

Status delete_policy(db::Database& db, const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  return db.write([&](db::Connection& c) -> Status {
    auto before = sla_store::find_policy(c, ctx.workspace_id, id);
    if (!before) return Problem::not_found();
    if (!http::if_match_allows(if_match, before->version)) return moved();
    sla_store::delete_policy(c, ctx.workspace_id, id);
    audit(c, ctx, kPolicies, id, "delete", before->to_json(), {});
    queue_sla_refresh(c, ctx.workspace_id);
    return ok_status();
  });
}

}  // namespace rapport::support
