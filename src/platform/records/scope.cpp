#include "platform/records/scope.hpp"

#include <boost/json.hpp>

#include "platform/identity/team_columns.hpp"

namespace rapport::records {

void append_scope(std::string& sql, std::vector<db::Value>& params, const identity::Context& ctx,
                  std::string_view object, identity::Action action, std::string_view prefix) {
  switch (ctx.scope(object, action)) {
    case identity::Scope::All: return;
    case identity::Scope::None: sql += " AND 1 = 0"; return;
    case identity::Scope::Own:
      sql.append(" AND ").append(prefix).append("owner_id = ?");
      params.emplace_back(ctx.user_id);
      return;
    case identity::Scope::Team:
      // The caller's own records, and those owned by anyone in one of the caller's teams.
      sql.append(" AND (").append(prefix).append("owner_id = ? OR ").append(prefix).append(
          "owner_id IN (SELECT m2.user_id FROM team_members m1 JOIN team_members m2 ON m2.team_id = m1.team_id "
          "WHERE m1.workspace_id = ? AND m1.user_id = ?))");
      params.emplace_back(ctx.user_id);
      params.emplace_back(ctx.workspace_id);
      params.emplace_back(ctx.user_id);
      // An object whose records belong to a team (a ticket's queue): also the records of the caller's teams.
      if (auto team = identity::team_column(object); !team.empty()) {
        sql.pop_back();
        sql.append(" OR ").append(prefix).append(team).append(
            " IN (SELECT m3.team_id FROM team_members m3 WHERE m3.workspace_id = ? AND m3.user_id = ?))");
        params.emplace_back(ctx.workspace_id);
        params.emplace_back(ctx.user_id);
      }
      return;
  }
}

bool is_hidden(const identity::Context& ctx, std::string_view object, std::string_view field) {
  return ctx.field(object, field) == identity::FieldAccess::Hidden;
}

bool hides_fields(const identity::Context& ctx, std::string_view object) {
  const auto* rules = ctx.field_rules(object);
  if (!rules) return false;
  for (const auto& [name, rule] : *rules)
    if (rule == identity::FieldAccess::Hidden) return true;
  return false;
}

void strip_hidden(const identity::Context& ctx, std::string_view object, boost::json::object& record) {
  const auto* rules = ctx.field_rules(object);
  if (!rules) return;
  for (const auto& [name, rule] : *rules) {
    if (rule != identity::FieldAccess::Hidden) continue;
    if (name.rfind("custom.", 0) == 0) {
      if (auto* custom = record.if_contains("custom"); custom && custom->is_object())
        custom->as_object().erase(name.substr(7));
    } else {
      record.erase(name);
    }
  }
}

std::vector<FieldError> forbidden_fields(const identity::Context& ctx, std::string_view object,
                                         const boost::json::object& body) {
  std::vector<FieldError> out;
  if (!ctx.field_rules(object)) return out;
  auto check = [&](const std::string& name) {
    auto rule = ctx.field(object, name);
    if (rule == identity::FieldAccess::Hidden) out.push_back({name, "forbidden", "is hidden from your role"});
    else if (rule == identity::FieldAccess::ReadOnly) out.push_back({name, "read_only", "is read-only for your role"});
  };
  for (const auto& kv : body) {
    if (kv.key() == "custom" && kv.value().is_object()) {
      for (const auto& c : kv.value().as_object()) check("custom." + std::string(c.key()));
    } else {
      check(std::string(kv.key()));
    }
  }
  return out;
}

Problem forbidden_write(std::vector<FieldError> fields) {
  Problem p = Problem::forbidden("Your role does not allow writing these fields; nothing was changed");
  p.errors = std::move(fields);
  return p;
}

Problem not_allowed(identity::Action action, std::string_view singular) {
  return Problem::forbidden(std::string("Your role does not allow you to ") + identity::action_name(action) + " this " +
                            std::string(singular));
}

}  // namespace rapport::records
