#include "modules/support/mailboxes.hpp"

#include <set>

#include "platform/case_fold.hpp"
#include "platform/db/in_list.hpp"
#include "platform/db/row_reader.hpp"
#include "platform/formats.hpp"
#include "platform/http/body_reader.hpp"
#include "platform/journal.hpp"

namespace rapport::support {
namespace json = boost::json;

namespace {

std::string at(std::size_t i, const char* field) {
  std::string s = "mailboxes.";
  s += std::to_string(i);
  s += '.';
  s += field;
  return s;
}

Mailbox read_row(const db::Statement& st) {
  db::RowReader r(st);
  return Mailbox{.address = r.text(), .team_id = r.opt_text()};
}

}  // namespace

Result<std::vector<Mailbox>> read_mailboxes(const json::object& body) {
  http::BodyReader in(body);
  in.only({"mailboxes"}, "the support mailboxes");
  std::vector<Mailbox> out;
  const auto* list = body.if_contains("mailboxes");
  if (!list) {
    in.error("mailboxes", "required", "is required: a list of {address, team_id} (empty for none)");
  } else if (!list->is_array() || list->as_array().size() > kMaxMailboxes) {
    std::string message = "must be a list of at most ";
    message += std::to_string(kMaxMailboxes);
    message += " mailboxes";
    in.error("mailboxes", "type", std::move(message));
  } else {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
      const auto& item = list->as_array()[i];
      if (!item.is_object()) {
        in.error(at(i, "address"), "type", "each mailbox is an object {address, team_id}");
        continue;
      }
      Mailbox m;
      for (const auto& kv : item.as_object())
        if (kv.key() != "address" && kv.key() != "team_id") in.error(at(i, std::string(kv.key()).c_str()), "unknown", "is not a field of a mailbox");
      const auto* address = item.as_object().if_contains("address");
      if (!address || !address->is_string() || address->as_string().size() > 254 || !formats::is_email(address->as_string()))
        in.error(at(i, "address"), "format", "must be an email address");
      else if (!seen.insert(case_fold::key(address->as_string())).second)
        in.error(at(i, "address"), "unique", "is listed twice");
      else
        m.address = std::string(address->as_string());
      if (const auto* team = item.as_object().if_contains("team_id"); team && !team->is_null()) {
        if (!team->is_string() || team->as_string().empty() || team->as_string().size() > 36)
          in.error(at(i, "team_id"), "type", "must be a team's id or null");
        else
          m.team_id = std::string(team->as_string());
      }
      out.push_back(std::move(m));
    }
  }
  if (!in.ok()) return in.problem();
  return out;
}

json::object mailboxes_json(const std::vector<Mailbox>& mailboxes) {
  json::array list;
  for (const auto& m : mailboxes)
    list.push_back(json::object{{"address", m.address}, {"team_id", m.team_id ? json::value(*m.team_id) : json::value(nullptr)}});
  return json::object{{"mailboxes", std::move(list)}};
}

std::vector<Mailbox> find_mailboxes(db::Connection& c, const std::string& workspace_id) {
  return db::all_rows(c, "SELECT address, team_id FROM support_mailboxes WHERE workspace_id = ? ORDER BY position", {workspace_id},
                      read_row);
}

std::optional<Mailbox> mailbox_for(db::Connection& c, const std::string& workspace_id, const std::vector<std::string>& addresses) {
  std::vector<db::Value> keys;
  for (const auto& a : addresses)
    if (keys.size() < 100) keys.emplace_back(case_fold::key(a));
  if (keys.empty()) return std::nullopt;
  std::string sql = "SELECT address, team_id, address_key FROM support_mailboxes WHERE workspace_id = ? AND address_key IN ";
  std::vector<db::Value> params{workspace_id};
  db::append_in_list(sql, params, keys);
  std::vector<std::pair<std::string, Mailbox>> found =
      db::all_rows(c, sql, params, [](const db::Statement& st) { return std::pair{st.text(2), read_row(st)}; });
  for (const auto& key : keys)
    for (auto& [k, m] : found)
      if (k == std::get<std::string>(key)) return std::move(m);
  return std::nullopt;
}

Result<std::vector<Mailbox>> put_mailboxes(db::Database& db, const identity::Context& ctx, std::vector<Mailbox> mailboxes) {
  Status st = db.write([&](db::Connection& c) -> Status {
    std::vector<FieldError> errors;
    for (std::size_t i = 0; i < mailboxes.size(); ++i)
      if (mailboxes[i].team_id &&
          std::holds_alternative<std::nullptr_t>(
              c.scalar("SELECT 1 FROM teams WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, *mailboxes[i].team_id})))
        errors.push_back({at(i, "team_id"), "not_found", "refers to no team of this workspace"});
    if (!errors.empty()) return Problem::invalid(std::move(errors));
    const json::object before = mailboxes_json(find_mailboxes(c, ctx.workspace_id));
    c.prepare("DELETE FROM support_mailboxes WHERE workspace_id = ?").bind_all({ctx.workspace_id}).run();
    for (std::size_t i = 0; i < mailboxes.size(); ++i)
      c.prepare("INSERT INTO support_mailboxes(workspace_id, address_key, address, team_id, position) VALUES (?, ?, ?, ?, ?)")
          .bind_all({ctx.workspace_id, case_fold::key(mailboxes[i].address), mailboxes[i].address, db::nullable(mailboxes[i].team_id),
                     static_cast<int64_t>(i)})
          .run();
    auto changes = journal::diff(before, mailboxes_json(mailboxes));
    if (!changes.empty()) journal::audit(c, ctx, "support_mailboxes", ctx.workspace_id, "update", changes);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return mailboxes;
}

}  // namespace rapport::support
