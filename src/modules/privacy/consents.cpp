#include "modules/privacy/consents.hpp"

#include <algorithm>

#include "modules/privacy/scrub.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/scope.hpp"

namespace rapport::privacy {
namespace json = boost::json;

namespace {

bool one_of(const std::vector<std::string>& options, std::string_view v) {
  return std::find(options.begin(), options.end(), v) != options.end();
}

std::string joined(const std::vector<std::string>& options) {
  std::string out;
  for (const auto& o : options) out += (out.empty() ? "" : ", ") + o;
  return out;
}

constexpr std::size_t kMaxNote = 1000;

}  // namespace

const std::vector<std::string>& consent_channels() {
  static const std::vector<std::string> v = {"email_marketing", "phone", "sms"};
  return v;
}
const std::vector<std::string>& consent_statuses() {
  static const std::vector<std::string> v = {"granted", "withdrawn"};
  return v;
}
const std::vector<std::string>& consent_sources() {
  static const std::vector<std::string> v = {"web_form", "import", "api", "unsubscribe_link", "manual", "double_opt_in"};
  return v;
}

std::string email_hash(std::string_view email) { return ids::token_hash(case_fold::key(email)); }

bool is_suppressed(db::Connection& c, const std::string& workspace_id, std::string_view email) {
  return !std::holds_alternative<std::nullptr_t>(
      c.scalar("SELECT 1 FROM suppressions WHERE workspace_id = ? AND email_hash = ?", {workspace_id, email_hash(email)}));
}

void suppress(db::Connection& c, const std::string& workspace_id, std::string_view email, const std::string& reason) {
  c.prepare(
       "INSERT INTO suppressions(workspace_id, email_hash, reason, created_at) VALUES (?, ?, ?, ?) "
       "ON CONFLICT(workspace_id, email_hash) DO NOTHING")
      .bind_all({workspace_id, email_hash(email), reason, clock::now_text()})
      .run();
}

bool contact_held(db::Connection& c, const std::string& workspace_id, const std::string& contact_id) {
  if (!ids::is_uuid(contact_id)) return false;
  return !std::holds_alternative<std::nullptr_t>(
      c.scalar("SELECT 1 FROM contacts WHERE workspace_id = ? AND id = ? AND erased_at IS NULL", {workspace_id, contact_id}));
}

std::optional<Problem> contact_in_scope(db::Connection& c, const access::Context& ctx, const std::string& contact_id,
                                        access::Action action) {
  auto held = [&](access::Action a) {
    std::string sql = "SELECT 1 FROM contacts WHERE workspace_id = ? AND id = ? AND erased_at IS NULL";
    std::vector<db::Value> params{ctx.workspace_id, contact_id};
    records::append_scope(sql, params, ctx, "contacts", a);
    return !std::holds_alternative<std::nullptr_t>(c.scalar(sql, params));
  };
  if (!ids::is_uuid(contact_id) || !held(access::Action::Read)) return Problem::not_found();
  if (action != access::Action::Read && !held(action)) return records::not_allowed(action, "contact");
  return std::nullopt;
}

bool may_contact(db::Connection& c, const std::string& workspace_id, const std::string& contact_id, std::string_view channel) {
  if (!one_of(consent_channels(), channel) || !ids::is_uuid(contact_id)) return false;
  auto& contact = c.prepare("SELECT email FROM contacts WHERE workspace_id = ? AND id = ? AND deleted_at IS NULL AND erased_at IS NULL");
  contact.bind_all({workspace_id, contact_id});
  if (!contact.step()) return false;
  std::string email = contact.is_null(0) ? "" : contact.text(0);
  contact.reset();
  auto& latest = c.prepare(
      "SELECT status, recorded_at FROM consents WHERE workspace_id = ? AND contact_id = ? AND channel = ? "
      "ORDER BY recorded_at DESC, id DESC LIMIT 1");
  latest.bind_all({workspace_id, contact_id, std::string(channel)});
  if (!latest.step()) return false;
  bool granted = latest.text(0) == "granted";
  std::string granted_at = latest.text(1);
  latest.reset();
  if (!granted) return false;
  if (channel != "email_marketing") return true;
  if (email.empty()) return false;  // nothing to send to
  auto suppressed_at = c.scalar("SELECT created_at FROM suppressions WHERE workspace_id = ? AND email_hash = ?",
                                {workspace_id, email_hash(email)});
  if (auto* at = std::get_if<std::string>(&suppressed_at)) return granted_at > *at;
  return true;
}

json::object consent_state(db::Connection& c, const std::string& workspace_id, const std::string& contact_id) {
  json::object current;
  for (const auto& ch : consent_channels()) current[ch] = nullptr;
  json::array history;
  auto& st = c.prepare(
      "SELECT id, channel, status, source, note, recorded_at, recorded_by FROM consents WHERE workspace_id = ? AND "
      "contact_id = ? ORDER BY recorded_at DESC, id DESC");
  st.bind_all({workspace_id, contact_id});
  while (st.step()) {
    json::object row{{"id", st.text(0)},
                     {"channel", st.text(1)},
                     {"status", st.text(2)},
                     {"source", st.text(3)},
                     {"note", st.is_null(4) ? json::value(nullptr) : json::value(st.text(4))},
                     {"recorded_at", st.text(5)},
                     {"recorded_by", st.is_null(6) ? json::value(nullptr) : json::value(st.text(6))}};
    auto& cur = current[st.text(1)];
    if (cur.is_null())  // newest first: the first row of a channel is its state
      cur = json::object{{"status", row["status"]}, {"source", row["source"]}, {"recorded_at", row["recorded_at"]}};
    history.push_back(std::move(row));
  }
  st.reset();
  return json::object{{"contact_id", contact_id}, {"current", std::move(current)}, {"history", std::move(history)}};
}

Result<json::object> read_consents(db::Database& db, const access::Context& ctx, const std::string& contact_id) {
  if (!ids::is_uuid(contact_id)) return Problem::not_found();
  return db.read([&](db::Connection& c) -> Result<json::object> {
    if (auto p = contact_in_scope(c, ctx, contact_id, access::Action::Read)) return std::move(*p);
    return consent_state(c, ctx.workspace_id, contact_id);
  });
}

json::object insert_consent(db::Connection& c, const access::Context& ctx, const std::string& contact_id, const std::string& channel,
                            const std::string& status, const std::string& source, const db::Value& note) {
  auto before = c.scalar(
      "SELECT status FROM consents WHERE workspace_id = ? AND contact_id = ? AND channel = ? "
      "ORDER BY recorded_at DESC, id DESC LIMIT 1",
      {ctx.workspace_id, contact_id, channel});
  std::string id = ids::uuid_v7();
  std::string now = clock::now_text();
  c.prepare(
       "INSERT INTO consents(id, workspace_id, contact_id, channel, status, source, note, recorded_at, recorded_by) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({id, ctx.workspace_id, contact_id, channel, status, source, note, now,
                 ctx.actor().empty() ? db::Value(nullptr) : db::Value(ctx.actor())})
      .run();
  json::value before_v = std::holds_alternative<std::string>(before) ? json::value(std::get<std::string>(before)) : json::value(nullptr);
  journal::audit(c, ctx, "contacts", contact_id, "consent",
                 json::array{json::object{{"field", "consent." + channel}, {"before", before_v}, {"after", status}}});
  journal::emit(c, ctx, "contact.consent_recorded", "contacts", contact_id,
                json::object{{"id", contact_id}, {"channel", channel}, {"status", status}});
  return json::object{{"id", id},
                      {"contact_id", contact_id},
                      {"channel", channel},
                      {"status", status},
                      {"source", source},
                      {"note", std::holds_alternative<std::string>(note) ? json::value(std::get<std::string>(note)) : json::value(nullptr)},
                      {"recorded_at", now},
                      {"recorded_by", ctx.actor().empty() ? json::value(nullptr) : json::value(ctx.actor())}};
}

Result<json::object> record_consent(db::Database& db, const access::Context& ctx, const std::string& contact_id,
                                    const json::object& body) {
  if (!ids::is_uuid(contact_id)) return Problem::not_found();
  std::vector<FieldError> errors;
  auto text_of = [&](const char* key, const std::vector<std::string>& options) -> std::string {
    auto* v = body.if_contains(key);
    if (!v || v->is_null()) {
      errors.push_back({key, "required", "is required (one of " + joined(options) + ")"});
      return "";
    }
    if (!v->is_string()) {
      errors.push_back({key, "type", "must be a string"});
      return "";
    }
    std::string s(v->as_string());
    if (!one_of(options, s)) errors.push_back({key, "enum", "must be one of " + joined(options)});
    return s;
  };
  std::string channel = text_of("channel", consent_channels());
  std::string status = text_of("status", consent_statuses());
  std::string source = text_of("source", consent_sources());
  db::Value note = nullptr;
  if (auto* v = body.if_contains("note"); v && !v->is_null()) {
    if (!v->is_string()) errors.push_back({"note", "type", "must be a string or null"});
    else if (v->as_string().size() > kMaxNote) errors.push_back({"note", "length", "has at most 1000 characters"});
    else if (!v->as_string().empty()) note = std::string(v->as_string());
  }
  for (const auto& kv : body) {
    std::string k(kv.key());
    if (k != "channel" && k != "status" && k != "source" && k != "note")
      errors.push_back({k, "unknown", "is not a field of a consent"});
  }
  if (!errors.empty()) {
    // Another workspace's or an unknown contact is 404 whatever the body says.
    auto denied = db.read([&](db::Connection& c) { return contact_in_scope(c, ctx, contact_id, access::Action::Update); });
    if (denied) return std::move(*denied);
    return Problem::invalid(std::move(errors));
  }

  json::object out;
  auto st = db.write([&](db::Connection& c) -> Status {
    if (auto p = contact_in_scope(c, ctx, contact_id, access::Action::Update)) return std::move(*p);
    out = insert_consent(c, ctx, contact_id, channel, status, source, note);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

}  // namespace rapport::privacy
