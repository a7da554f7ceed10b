#include "access/api_keys.hpp"

#include "access/role_store.hpp"
#include "platform/clock.hpp"
#include "platform/journal.hpp"

namespace rapport::access {
namespace json = boost::json;

Status check_key_role(db::Connection& c, const std::string& workspace_id, const std::string& role,
                      const identity::Permissions* limit) {
  auto r = load_role(c, workspace_id, role);
  if (!r) return Problem::invalid({{"role", "not_found", "is not a role of this workspace"}});
  // A key never carries more than its creator may do now.
  if (limit && !within(*r, *limit)) return Problem::forbidden("An API key cannot have a role that grants more than yours");
  return ok_status();
}

NewApiKey issue_api_key(db::Connection& c, const identity::Context& ctx, const std::string& user_id,
                        const std::string& name, const std::optional<std::string>& expires_at,
                        const std::optional<std::string>& role) {
  NewApiKey key = create_api_key(c, ctx.workspace_id, user_id, name, expires_at);
  if (role) c.prepare("UPDATE api_keys SET role = ? WHERE id = ?").bind_all({*role, key.id}).run();
  journal::audit(c, ctx, "api_keys", key.id, "create", json::array{json::object{{"field", "name"}, {"before", nullptr}, {"after", name}}});
  return key;
}

std::vector<ApiKeyInfo> list_api_keys(db::Connection& c, const std::string& workspace_id,
                                      const std::optional<std::string>& user_id) {
  auto& st = c.prepare(
      "SELECT k.id, k.name, k.prefix, k.user_id, coalesce(u.email, ''), k.created_at, k.expires_at, k.last_used_at, "
      "k.revoked_at, k.role FROM api_keys k LEFT JOIN users u ON u.id = k.user_id "
      "WHERE k.workspace_id = ? AND (k.user_id = ? OR ? = 1) ORDER BY k.id DESC");
  st.bind_all({workspace_id, user_id.value_or(""), int64_t{user_id ? 0 : 1}});
  auto opt = [&](int i) { return st.is_null(i) ? std::nullopt : std::optional<std::string>(st.text(i)); };
  std::vector<ApiKeyInfo> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), opt(6), opt(7), opt(8), opt(9)});
  st.reset();
  return out;
}

bool revoke_api_key(db::Connection& c, const identity::Context& ctx, const std::string& id,
                    const std::optional<std::string>& only_user) {
  c.prepare(
       "UPDATE api_keys SET revoked_at = ? WHERE workspace_id = ? AND id = ? AND revoked_at IS NULL AND "
       "(user_id = ? OR ? = 1)")
      .bind_all({clock::now_text(), ctx.workspace_id, id, only_user.value_or(""), int64_t{only_user ? 0 : 1}})
      .run();
  if (c.changes() != 1) return false;
  journal::audit(c, ctx, "api_keys", id, "revoke", json::array{});
  return true;
}

}  // namespace rapport::access
