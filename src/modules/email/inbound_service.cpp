#include "modules/email/inbound_service.hpp"

#include <set>

#include "access/auth.hpp"
#include "modules/email/bcc_address.hpp"
#include "modules/email/delivery_status.hpp"
#include "modules/email/email_activity.hpp"
#include "modules/email/email_store.hpp"
#include "modules/email/mime_parser.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/db/in_list.hpp"
#include "platform/ids.hpp"
#include "platform/identity/server_context.hpp"

namespace rapport::email {
namespace json = boost::json;

namespace {

struct Matched {
  std::string contact_id;
  std::optional<std::string> company_id;  // live companies only
  std::optional<std::string> owner_id;    // active users only
};

// The live contacts with one of `addresses` (the first kMaxMatchedAddresses distinct ones) as their
// primary email or among their additional ones (`emails`), by id. The additional ones are found
// through an index: SQLite's contact_email_keys, PostgreSQL's GIN index on emails_key (migration 0036).
std::vector<Matched> match_contacts(db::Connection& c, const std::string& workspace_id, const std::vector<std::string>& addresses) {
  std::vector<db::Value> keys;
  std::set<std::string> seen;
  for (const auto& a : addresses)
    if (keys.size() < kMaxMatchedAddresses && seen.insert(case_fold::key(a)).second) keys.emplace_back(case_fold::key(a));
  if (keys.empty()) return {};
  std::string sql =
      "SELECT c.id, co.id, u.id FROM contacts c "
      "LEFT JOIN companies co ON co.workspace_id = c.workspace_id AND co.id = c.company_id AND co.deleted_at IS NULL "
      "LEFT JOIN users u ON u.workspace_id = c.workspace_id AND u.id = c.owner_id AND u.active = 1 "
      "WHERE c.workspace_id = ? AND c.deleted_at IS NULL AND (c.email_key IN ";
  std::vector<db::Value> params{workspace_id};
  db::append_in_list(sql, params, keys);
  if (c.dialect() == db::Dialect::Postgres) {
    for (const auto& k : keys) {
      sql += " OR c.emails_key::jsonb @> ?::jsonb";
      params.emplace_back(json::serialize(json::array{json::value(std::get<std::string>(k))}));
    }
    sql += ")";
  } else {
    sql += " OR c.id IN (SELECT contact_id FROM contact_email_keys WHERE workspace_id = ? AND email_key IN ";
    params.emplace_back(workspace_id);
    db::append_in_list(sql, params, keys);
    sql += "))";
  }
  sql += " ORDER BY c.id";
  auto& st = c.prepare(sql);
  st.bind_all(params);
  std::vector<Matched> out;
  while (st.step())
    out.push_back({st.text(0), st.is_null(1) ? std::nullopt : std::optional<std::string>(st.text(1)),
                   st.is_null(2) ? std::nullopt : std::optional<std::string>(st.text(2))});
  st.reset();
  return out;
}

// The thread the message belongs to: its In-Reply-To's, else the nearest of its References' the
// workspace knows; none: a thread of its own (`own`).
std::string thread_of(db::Connection& c, const std::string& workspace_id, const InboundMessage& m, const std::string& own) {
  std::vector<std::string> parents;
  if (m.in_reply_to) parents.push_back(*m.in_reply_to);
  for (auto it = m.references.rbegin(); it != m.references.rend(); ++it) parents.push_back(*it);
  auto known = store::threads_of(c, workspace_id, parents);
  for (const auto& p : parents)
    if (auto it = known.find(p); it != known.end()) return it->second;
  return own;
}

std::vector<std::string> joined(std::initializer_list<const std::vector<std::string>*> lists) {
  std::vector<std::string> out;
  for (const auto* l : lists) out.insert(out.end(), l->begin(), l->end());
  return out;
}

// The user whose BCC address the message reached (Bcc, the MTA's delivery headers, the envelope
// recipient, To, Cc), when the workspace has an inbound domain.
std::optional<std::string> bcc_sender(db::Connection& c, const std::string& workspace_id, const InboundMessage& m,
                                      const std::optional<std::string>& envelope_to) {
  auto settings = store::find_settings(c, workspace_id);
  if (!settings || !settings->inbound_domain) return std::nullopt;
  std::vector<std::string> envelope;
  if (envelope_to) envelope.push_back(*envelope_to);
  return bcc_user(c, workspace_id, *settings->inbound_domain, joined({&m.bcc, &m.delivered_to, &envelope, &m.to, &m.cc}));
}

json::array ids_of(const std::set<std::string>& ids) {
  json::array a;
  for (const auto& id : ids) a.push_back(json::value(id));
  return a;
}

}  // namespace

Result<identity::Context> InboundService::authenticate(std::string_view authorization) const {
  std::string_view presented = access::bearer_token(authorization);
  if (presented.empty())
    return Problem::unauthorized("Send the workspace's inbound-email secret as 'Authorization: Bearer rpi_...'");
  auto caller = db_.read([&](db::Connection& c) { return find_inbound_secret(c, presented); });
  if (!caller) return Problem::unauthorized("The inbound-email secret is unknown or revoked");
  identity::Context ctx = identity::server_context(caller->workspace_id);
  ctx.user_id = caller->secret.created_by;
  ctx.automation_actor = "inbound-email:" + caller->secret.id;
  return ctx;
}

Result<Receipt> InboundService::receive(const identity::Context& ctx, std::string_view raw,
                                        const std::optional<std::string>& envelope_to) {
  // Before the write: a message that cannot be read (or holds a file over the limit) stores nothing.
  auto parsed = parse_inbound(raw, limits_.message_bytes, limits_.attachment_bytes);
  if (!parsed) return parsed.take_problem();
  const InboundMessage& m = *parsed;
  records::Service* activities = services_("activities");
  if (!activities) return Problem::internal();
  Receipt out;
  // The hook (support's tickets) for mail from outside, in the delivery's transaction.
  auto run_hook = [&](db::Connection& c, bool redelivered) -> Status {
    if (!hook_ || out.email.direction != "inbound") return ok_status();
    auto ticket = hook_(c, ctx, out.email, m, envelope_to, redelivered);
    if (!ticket) return ticket.take_problem();
    out.ticket = std::move(*ticket);
    return ok_status();
  };
  auto write = [&](db::Connection& c) -> Status {
    touch_inbound_secret(c, ctx);
    if (auto stored = store::find_received_by_message_id(c, ctx.workspace_id, m.message_id)) {
      stored->attachments = store::attachments_of(c, ctx.workspace_id, stored->id);
      out = {std::move(*stored), false};
      return run_hook(c, true);
    }
    Email e;
    e.id = ids::uuid_v7();
    e.workspace_id = ctx.workspace_id;
    e.status = "received";
    // A copy of a user's own mail (their BCC address): sent by them, to the contacts it names.
    auto user = bcc_sender(c, ctx.workspace_id, m, envelope_to);
    e.direction = user ? "outbound" : "inbound";
    e.created_by = user.value_or("");
    e.message_id = m.message_id;
    e.thread_id = thread_of(c, ctx.workspace_id, m, e.id);
    e.in_reply_to = m.in_reply_to;
    e.references = m.references;
    e.sender = m.from;
    e.to = m.to;
    e.cc = m.cc;
    e.subject = m.subject;
    e.text_body = m.text;
    e.html_body = m.html;
    e.size = static_cast<int64_t>(raw.size());
    e.created_at = clock::now_text();
    // A bounce of mail sent from here: the sent email is marked bounced with the reason, and the
    // report joins its thread (so the record's list shows it beside the email it returns).
    if (m.report && !m.report->original_message_id.empty())
      if (auto reason = bounce_reason(*m.report))
        if (auto bounced = store::mark_bounced(c, ctx.workspace_id, m.report->original_message_id, *reason, e.created_at))
          e.thread_id = bounced->thread_id;
    const std::vector<std::string> from{m.from};
    auto matched = match_contacts(c, ctx.workspace_id, user ? joined({&m.to, &m.cc}) : joined({&from, &m.to, &m.cc}));
    std::set<std::string> contacts, companies;
    std::optional<std::string> owner;
    for (const auto& x : matched) {
      contacts.insert(x.contact_id);
      if (x.company_id) companies.insert(*x.company_id);
      if (!owner && x.owner_id) owner = x.owner_id;
    }
    e.contact_ids.assign(contacts.begin(), contacts.end());
    store::insert_received(c, e);
    for (std::size_t i = 0; i < m.attachments.size(); ++i) {
      Attachment a{.file_name = m.attachments[i].file_name, .content_type = m.attachments[i].content_type};
      store::insert_attachment(c, ctx.workspace_id, e.id, static_cast<int64_t>(i), a, m.attachments[i].bytes);
      e.attachments.push_back(std::move(a));
    }
    if (!contacts.empty()) {
      json::object a = email_activity(e, e.direction, e.subject, e.text_body, e.created_at);
      a["owner_id"] = user ? *user : owner.value_or(ctx.user_id);
      a["contact_ids"] = ids_of(contacts);
      if (!companies.empty()) a["company_ids"] = ids_of(companies);
      auto logged = records::insert_new(c, ctx, activities->store(), a);
      if (!logged) return logged.take_problem();
    }
    out = {std::move(e), true};
    return run_hook(c, false);
  };
  Status st = db_.write(write);
  // Two deliveries of one message at once (PostgreSQL: both checked before either committed): the
  // unique Message-ID refused the second, which now finds the first's.
  if (!st && st.problem().status == 409) st = db_.write(write);
  if (!st) return st.take_problem();
  return out;
}

Result<std::pair<InboundSecret, std::string>> InboundService::make_secret(const identity::Context& ctx) {
  std::pair<InboundSecret, std::string> out;
  Status st = db_.write([&](db::Connection& c) -> Status {
    out.second = issue_inbound_secret(c, ctx, out.first);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

std::optional<InboundSecret> InboundService::secret(const identity::Context& ctx) {
  return db_.read([&](db::Connection& c) { return live_inbound_secret(c, ctx.workspace_id); });
}

Result<BccView> InboundService::bcc_address(const identity::Context& ctx, bool rotate) {
  if (ctx.user_id.empty()) return Problem::forbidden("A BCC address is a user's (an API key acts for its user)");
  if (rotate && ctx.scope("activities", identity::Action::Create) == identity::Scope::None)
    return Problem::forbidden("Mail to a BCC address is logged as an activity, which your role may not create");
  BccView out;
  auto work = [&](db::Connection& c) -> Status {
    auto settings = store::find_settings(c, ctx.workspace_id);
    if (settings) out.domain = settings->inbound_domain;
    if (rotate && !out.domain)
      return Problem::conflict("The workspace has no inbound domain: an admin sets inbound_domain in PUT /api/v1/email/settings");
    auto a = rotate ? std::optional<BccAddress>(make_bcc_address(c, ctx)) : find_bcc_address(c, ctx.workspace_id, ctx.user_id);
    if (a && out.domain) out.address = bcc_address_text(a->token, *out.domain);
    if (a) out.created_at = a->created_at;
    return ok_status();
  };
  Status st = rotate ? db_.write(work) : db_.read(work);
  if (!st) return st.take_problem();
  return out;
}

Status InboundService::revoke_secret(const identity::Context& ctx) {
  bool revoked = false;
  Status st = db_.write([&](db::Connection& c) -> Status {
    revoked = revoke_inbound_secret(c, ctx);
    return ok_status();
  });
  if (!st) return st;
  if (!revoked) return Problem::not_found("This workspace has no inbound-email secret");
  return ok_status();
}

}  // namespace rapport::email
