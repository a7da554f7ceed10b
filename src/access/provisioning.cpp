#include "access/provisioning.hpp"

#include "access/passwords.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"

namespace rapport::access {

int64_t workspace_count(db::Connection& c) { return std::get<int64_t>(c.scalar("SELECT count(*) FROM workspaces")); }

std::optional<std::string> find_workspace(db::Connection& c, const std::string& name) {
  auto v = c.scalar("SELECT id FROM workspaces WHERE name_key = ?", {case_fold::key(name)});
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return std::nullopt;
}

std::optional<std::string> find_user(db::Connection& c, const std::string& workspace_id, const std::string& email) {
  auto v = c.scalar("SELECT id FROM users WHERE workspace_id = ? AND email_key = ?", {workspace_id, case_fold::key(email)});
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return std::nullopt;
}

Result<NewWorkspace> create_workspace(db::Connection& c, const std::string& name, const std::string& admin_email,
                                      const std::string& admin_password) {
  if (name.empty() || name.size() > 100) return Problem::invalid({{"name", "length", "A workspace name has 1 to 100 characters"}});
  if (admin_email.find('@') == std::string::npos)
    return Problem::invalid({{"admin_email", "format", "The admin email must be an email address"}});
  if (auto weak = check_password("admin_password", admin_password)) {
    weak->message = "The admin password " + weak->message;
    return Problem::invalid({std::move(*weak)});
  }
  if (find_workspace(c, name)) return Problem::conflict("A workspace named '" + name + "' already exists");
  NewWorkspace w{ids::uuid_v7(), ids::uuid_v7()};
  std::string now = clock::now_text();
  c.prepare("INSERT INTO workspaces(id, name, name_key, created_at) VALUES (?, ?, ?, ?)")
      .bind_all({w.workspace_id, name, case_fold::key(name), now})
      .run();
  c.prepare(
       "INSERT INTO users(id, workspace_id, email, email_key, name, password_hash, role, active, created_at, updated_at) "
       "VALUES (?, ?, ?, ?, ?, ?, 'admin', 1, ?, ?)")
      .bind_all({w.admin_user_id, w.workspace_id, admin_email, case_fold::key(admin_email), std::string("Administrator"),
                 hash_password(admin_password), now, now})
      .run();
  return w;
}

NewApiKey create_api_key(db::Connection& c, const std::string& workspace_id, const std::string& user_id,
                         const std::string& name, const std::optional<std::string>& expires_at) {
  NewApiKey k;
  k.id = ids::uuid_v7();
  k.key = "rpk_" + ids::random_token(32);
  k.prefix = k.key.substr(0, 12);
  c.prepare(
       "INSERT INTO api_keys(id, workspace_id, user_id, name, prefix, key_hash, created_at, expires_at) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({k.id, workspace_id, user_id, name, k.prefix, ids::token_hash(k.key), clock::now_text(),
                 expires_at ? db::Value(*expires_at) : db::Value(nullptr)})
      .run();
  return k;
}

}  // namespace rapport::access
