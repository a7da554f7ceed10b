#include "modules/email/bcc_address.hpp"

#include <algorithm>

#include "platform/clock.hpp"
#include "platform/db/row_reader.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/ascii.hpp"

namespace rapport::email {

namespace {

constexpr std::string_view kLocalPrefix = "bcc-";
constexpr std::size_t kTokenChars = 20;

using ascii::lower;

}  // namespace

std::optional<BccAddress> find_bcc_address(db::Connection& c, const std::string& workspace_id, const std::string& user_id) {
  return db::first_row(c, "SELECT token, created_at FROM email_bcc_addresses WHERE workspace_id = ? AND user_id = ?",
                       {workspace_id, user_id}, [](const db::Statement& st) {
                         db::RowReader r(st);
                         return BccAddress{.token = r.text(), .created_at = r.text()};
                       });
}

BccAddress make_bcc_address(db::Connection& c, const identity::Context& ctx) {
  // 80 bits of a BLAKE2b hash of 256 random bits, in hex: lower case, since MTAs may fold addresses.
  BccAddress a{.token = ids::token_hash(ids::random_token(32)).substr(0, kTokenChars), .created_at = clock::now_text()};
  c.prepare("DELETE FROM email_bcc_addresses WHERE workspace_id = ? AND user_id = ?").bind_all({ctx.workspace_id, ctx.user_id}).run();
  c.prepare("INSERT INTO email_bcc_addresses(workspace_id, user_id, token, created_at) VALUES (?, ?, ?, ?)")
      .bind_all({ctx.workspace_id, ctx.user_id, a.token, a.created_at})
      .run();
  journal::audit(c, ctx, "email_bcc_addresses", ctx.user_id, "create", boost::json::array{});
  return a;
}

std::string bcc_address_text(std::string_view token, std::string_view domain) {
  std::string out(kLocalPrefix);
  out += token;
  out += '@';
  out += domain;
  return out;
}

std::optional<std::string> bcc_token_of(std::string_view address, std::string_view domain) {
  auto at = address.rfind('@');
  if (at == std::string_view::npos || domain.empty() || lower(address.substr(at + 1)) != lower(domain)) return std::nullopt;
  std::string local = lower(address.substr(0, at));
  if (local.size() != kLocalPrefix.size() + kTokenChars || !local.starts_with(kLocalPrefix)) return std::nullopt;
  std::string token = local.substr(kLocalPrefix.size());
  if (!std::all_of(token.begin(), token.end(), [](char ch) { return std::isxdigit(static_cast<unsigned char>(ch)); })) return std::nullopt;
  return token;
}

std::optional<std::string> bcc_user(db::Connection& c, const std::string& workspace_id, std::string_view domain,
                                    const std::vector<std::string>& addresses) {
  for (const auto& a : addresses) {
    auto token = bcc_token_of(a, domain);
    if (!token) continue;
    auto user = db::first_row(c,
                              "SELECT b.user_id FROM email_bcc_addresses b JOIN users u ON u.id = b.user_id AND u.active = 1 "
                              "WHERE b.workspace_id = ? AND b.token = ?",
                              {workspace_id, *token}, [](const db::Statement& st) { return st.text(0); });
    if (user) return user;
  }
  return std::nullopt;
}

}  // namespace rapport::email
