#include "modules/email/inbound_secret.hpp"

#include "platform/clock.hpp"
#include "platform/db/row_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

InboundSecret read_secret(db::RowReader& r) {
  return InboundSecret{.id = r.text(), .created_by = r.text(), .created_at = r.text(), .last_used_at = r.opt_text()};
}

}  // namespace

std::string issue_inbound_secret(db::Connection& c, const identity::Context& ctx, InboundSecret& made) {
  std::string now = clock::now_text();
  c.prepare("UPDATE email_inbound_secrets SET revoked_at = ? WHERE workspace_id = ? AND revoked_at IS NULL")
      .bind_all({now, ctx.workspace_id})
      .run();
  std::string secret = std::string(kInboundSecretPrefix) + ids::random_token(32);
  made = InboundSecret{.id = ids::uuid_v7(), .created_by = ctx.user_id, .created_at = now, .last_used_at = std::nullopt};
  c.prepare("INSERT INTO email_inbound_secrets(id, workspace_id, secret_hash, created_by, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind_all({made.id, ctx.workspace_id, ids::token_hash(secret), made.created_by, now})
      .run();
  journal::audit(c, ctx, "email_inbound_secrets", made.id, "create", json::array{});
  return secret;
}

std::optional<InboundSecret> live_inbound_secret(db::Connection& c, const std::string& workspace_id) {
  return db::first_row(c,
                       "SELECT id, created_by, created_at, last_used_at FROM email_inbound_secrets WHERE workspace_id = ? "
                       "AND revoked_at IS NULL",
                       {workspace_id}, [](const db::Statement& st) {
                         db::RowReader r(st);
                         return read_secret(r);
                       });
}

bool revoke_inbound_secret(db::Connection& c, const identity::Context& ctx) {
  auto live = live_inbound_secret(c, ctx.workspace_id);
  if (!live) return false;
  c.prepare("UPDATE email_inbound_secrets SET revoked_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({clock::now_text(), ctx.workspace_id, live->id})
      .run();
  journal::audit(c, ctx, "email_inbound_secrets", live->id, "revoke", json::array{});
  return true;
}

std::optional<InboundCaller> find_inbound_secret(db::Connection& c, std::string_view presented) {
  if (presented.substr(0, kInboundSecretPrefix.size()) != kInboundSecretPrefix || presented.size() > 100) return std::nullopt;
  return db::first_row(c,
                       "SELECT s.workspace_id, s.id, s.created_by, s.created_at, s.last_used_at FROM email_inbound_secrets s "
                       "JOIN users u ON u.id = s.created_by AND u.active = 1 WHERE s.secret_hash = ? AND s.revoked_at IS NULL",
                       {ids::token_hash(presented)}, [](const db::Statement& st) {
                         db::RowReader r(st);
                         std::string workspace = r.text();
                         return InboundCaller{.workspace_id = std::move(workspace), .secret = read_secret(r)};
                       });
}

void touch_inbound_secret(db::Connection& c, const identity::Context& ctx) {
  constexpr std::string_view prefix = "inbound-email:";
  if (!ctx.automation_actor.starts_with(prefix)) return;
  c.prepare("UPDATE email_inbound_secrets SET last_used_at = ? WHERE workspace_id = ? AND id = ?")
      .bind_all({clock::now_text(), ctx.workspace_id, ctx.automation_actor.substr(prefix.size())})
      .run();
}

}  // namespace rapport::email
