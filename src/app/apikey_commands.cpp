// `rapport apikey create|list|revoke`: the API key functions the routes use (access/api_keys.hpp),
// acting as the command line: audited without an actor, under the request id "command-line".
#include <iostream>

#include "access/api_keys.hpp"
#include "access/role_store.hpp"
#include "app/command_output.hpp"
#include "app/commands.hpp"
#include "app/key_expiry.hpp"
#include "platform/clock.hpp"

namespace rapport::app {

namespace {

identity::Context command_line(const std::string& workspace_id) {
  identity::Context ctx;
  ctx.workspace_id = workspace_id;
  ctx.request_id = "command-line";
  return ctx;
}

Result<std::string> workspace_named(db::Connection& c, const std::string& name) {
  auto ws = access::find_workspace(c, name);
  if (!ws) return Problem::not_found("no workspace named \"" + name + "\"");
  return *ws;
}

}  // namespace

int create_api_key_command(const std::string& data_dir, const std::string& database_url, const ApiKeyCreate& k,
                           const std::string& master_key_file) {
  std::optional<std::string> expires, role;
  if (!k.expires.empty()) {
    auto e = parse_key_expiry(k.expires, clock::now_ms());
    if (!e) return command_failed(e.problem());
    expires = *e;
  }
  if (!k.role.empty()) role = k.role;
  auto db = open_database(data_dir, 1, database_url, 1, master_key_file, nullptr, Opening::Existing);
  access::NewApiKey key;
  auto st = db->write([&](db::Connection& c) -> Status {
    auto ws = workspace_named(c, k.workspace);
    if (!ws) return ws.take_problem();
    auto user = access::find_user(c, *ws, k.user_email);
    if (!user) return Problem::not_found("no user " + k.user_email + " in workspace \"" + k.workspace + "\"");
    if (role) {
      // Never more than its user may do: the user's own role is the limit.
      auto user_role = std::get<std::string>(c.scalar("SELECT role FROM users WHERE id = ?", {*user}));
      auto limit = access::load_role(c, *ws, user_role);
      if (!limit) return Problem::forbidden("the user's role \"" + user_role + "\" no longer exists; the key cannot have a role");
      auto allowed = access::check_key_role(c, *ws, *role, &*limit);
      if (!allowed) {
        const Problem& p = allowed.problem();
        if (p.status == 403)
          return Problem::forbidden("the role \"" + *role + "\" grants more than " + k.user_email + "'s role \"" + user_role + "\"");
        return Problem::invalid({{"role", "not_found", "\"" + *role + "\" is not a role of workspace \"" + k.workspace + "\""}});
      }
    }
    key = access::issue_api_key(c, command_line(*ws), *user, k.name, expires, role);
    return ok_status();
  });
  if (!st) return command_failed(st.problem());
  std::cout << key.key << "\n";
  return 0;
}

int list_api_keys_command(const std::string& data_dir, const std::string& database_url, const std::string& workspace,
                          const std::string& master_key_file) {
  auto db = open_database(data_dir, 1, database_url, 1, master_key_file, nullptr, Opening::Existing);
  std::vector<access::ApiKeyInfo> keys;
  auto found = db->read([&](db::Connection& c) -> Status {
    auto ws = workspace_named(c, workspace);
    if (!ws) return ws.take_problem();
    keys = access::list_api_keys(c, *ws, std::nullopt);
    return ok_status();
  });
  if (!found) return command_failed(found.problem());
  // Never the secret: only its hash is stored; the prefix is what a client's logs show.
  std::vector<std::vector<std::string>> rows = {
      {"ID", "NAME", "PREFIX", "USER", "ROLE", "CREATED", "EXPIRES", "LAST USED", "REVOKED"}};
  for (const auto& k : keys)
    rows.push_back({k.id, k.name, k.prefix, k.user_email, k.role.value_or("(user's)"), k.created_at, k.expires_at.value_or("never"),
                    k.last_used_at.value_or("-"), k.revoked_at.value_or("-")});
  print_table(rows);
  if (keys.empty()) std::cout << "(no API keys in workspace \"" << workspace << "\")\n";
  return 0;
}

int revoke_api_key_command(const std::string& data_dir, const std::string& database_url, const ApiKeyRevoke& r,
                           const std::string& master_key_file) {
  auto db = open_database(data_dir, 1, database_url, 1, master_key_file, nullptr, Opening::Existing);
  auto st = db->write([&](db::Connection& c) -> Status {
    auto ws = workspace_named(c, r.workspace);
    if (!ws) return ws.take_problem();
    if (!access::revoke_api_key(c, command_line(*ws), r.id, std::nullopt))
      return Problem::not_found("no API key " + r.id + " that is not revoked yet in workspace \"" + r.workspace + "\"");
    return ok_status();
  });
  if (!st) return command_failed(st.problem());
  std::cout << "Revoked API key " << r.id << "\n";
  return 0;
}

}  // namespace rapport::app
