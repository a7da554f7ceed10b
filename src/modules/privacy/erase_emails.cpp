#include "modules/privacy/erase_emails.hpp"

#include <set>

#include "modules/privacy/erase_parts.hpp"
#include "platform/ids.hpp"

namespace rapport::privacy {
namespace json = boost::json;

namespace {

// The two tables differ in how a row is linked to a contact (a sent email's `links` object, a
// received one's `contact_ids` array); the rest is read and written the same way.
struct Table {
  const char* name;
  const char* link_column;
};
constexpr Table kSent{"emails", "links"};
constexpr Table kReceived{"received_emails", "contact_ids"};

// The ids of the workspace's rows of `t` whose link, sender or recipients may name the person: the
// database finds the ASCII terms (the contact id, the addresses); with an address beyond ASCII every
// row is a candidate. erase_one decides.
std::set<std::string> candidates(db::Connection& c, const std::string& workspace_id, const Table& t, const std::string& contact_id,
                                 const Needles& addresses) {
  std::set<std::string> ids;
  const SqlTerms terms = sql_terms(contact_id, addresses);
  const std::string base = std::string("SELECT id FROM ") + t.name + " WHERE workspace_id = ?";
  auto collect = [&](db::Statement& st) {
    while (st.step()) ids.insert(st.text(0));
    st.reset();
  };
  if (terms.beyond_ascii) {
    collect(c.prepare(base).bind_all({workspace_id}));
    return ids;
  }
  const std::string holds =
      holds_lower_sql(c.dialect(), std::string(t.link_column) + " || ' ' || sender || ' ' || recipients");
  for (const auto& term : terms.ascii) collect(c.prepare(base + " AND " + holds).bind_all({workspace_id, term}));
  return ids;
}

// Removes the person's addresses from a recipients list; true when one was there.
bool drop_addresses(json::value& list, const Needles& addresses) {
  return list.is_array() && remove_equal(list.as_array(), addresses);
}

// Deletes the email's files; or, when `all` is false, those whose name or bytes hold a needle.
int64_t erase_files(db::Connection& c, const std::string& workspace_id, const std::string& email_id, bool all, const Needles& needles) {
  std::vector<std::string> doomed;
  auto& st = c.prepare("SELECT id, file_name, content FROM email_attachments WHERE workspace_id = ? AND email_id = ?");
  st.bind_all({workspace_id, email_id});
  while (st.step()) {
    if (!all) {
      std::string bytes;
      if (!mentions(st.text(1), needles) && !(ids::base64_decode(st.text_view(2), bytes) && mentions(bytes, needles))) continue;
    }
    doomed.push_back(st.text(0));
  }
  st.reset();
  for (const auto& id : doomed)
    c.prepare("DELETE FROM email_attachments WHERE workspace_id = ? AND id = ?").bind_all({workspace_id, id}).run();
  return static_cast<int64_t>(doomed.size());
}

// The errors of a sent email's job and its attempts (an SMTP server's answer may quote an address).
void scrub_job(db::Connection& c, const db::Value& job_id, const Needles& needles) {
  if (!std::holds_alternative<std::string>(job_id)) return;
  auto redact = [&](const std::string& select, const std::string& update) {
    std::vector<std::pair<std::string, int64_t>> rows;  // new error, attempt (0 for the job)
    auto& st = c.prepare(select);
    st.bind_all({job_id});
    while (st.step()) {
      std::string error = st.text(0);
      if (redact_text(error, needles)) rows.emplace_back(std::move(error), st.int64(1));
    }
    st.reset();
    for (const auto& [error, attempt] : rows) c.prepare(update).bind_all({error, job_id, attempt}).run();
  };
  redact("SELECT last_error, 0 FROM jobs WHERE id = ? AND last_error IS NOT NULL", "UPDATE jobs SET last_error = ? WHERE id = ? AND 0 = ?");
  redact("SELECT error, attempt FROM job_attempts WHERE job_id = ? AND error IS NOT NULL",
         "UPDATE job_attempts SET error = ? WHERE job_id = ? AND attempt = ?");
}

// One candidate row: left alone when it does not name the person, else deleted or scrubbed.
void erase_one(db::Connection& c, const access::Context& ctx, const Table& t, const std::string& id, const std::string& contact_id,
               const Needles& addresses, const Needles& needles, EmailsErased& out) {
  const bool sent = &t == &kSent;
  auto& st = c.prepare(std::string("SELECT ") + t.link_column + ", sender, recipients, subject, text_body, html_body, " +
                       (sent ? "error, job_id" : "NULL, NULL") + " FROM " + t.name + " WHERE workspace_id = ? AND id = ?");
  st.bind_all({ctx.workspace_id, id});
  if (!st.step()) {
    st.reset();
    return;
  }
  json::value link = json::parse(st.text(0)), recipients = json::parse(st.text(2));
  std::string sender = st.text(1), subject = st.text(3), text = st.text(4), html = st.text(5);
  db::Value error = st.value(6), job_id = st.value(7);
  st.reset();

  // Linked: the sent email's contact, or the person among the received one's matched contacts
  // (removed from the list here, which then holds the other contacts).
  bool linked = false;
  if (sent) {
    const auto* cid = link.is_object() ? link.as_object().if_contains("contact_id") : nullptr;
    linked = cid && cid->is_string() && cid->as_string() == contact_id;
  } else if (link.is_array()) {
    auto& ids = link.as_array();
    for (auto it = ids.begin(); it != ids.end();)
      if (it->is_string() && it->as_string() == contact_id) {
        it = ids.erase(it);
        linked = true;
      } else {
        ++it;
      }
  }
  if (!recipients.is_object()) recipients = json::object{};
  json::value& to = recipients.as_object()["to"];
  json::value& cc = recipients.as_object()["cc"];
  const bool from_person = addresses.equals(sender);
  const bool addressed = drop_addresses(to, addresses) | drop_addresses(cc, addresses);
  if (!linked && !from_person && !addressed) return;

  const bool others = sent ? !linked && ((to.is_array() && !to.as_array().empty()) || (cc.is_array() && !cc.as_array().empty()))
                           : link.is_array() && !link.as_array().empty();
  scrub_job(c, job_id, needles);
  if (!others) {
    out.attachments += erase_files(c, ctx.workspace_id, id, true, needles);
    c.prepare(std::string("DELETE FROM ") + t.name + " WHERE workspace_id = ? AND id = ?").bind_all({ctx.workspace_id, id}).run();
    c.prepare("DELETE FROM email_record_links WHERE workspace_id = ? AND email_id = ?").bind_all({ctx.workspace_id, id}).run();
    ++out.erased;
  } else {
    if (from_person) sender = kErased;
    redact_text(subject, needles);
    redact_text(text, needles);
    redact_text(html, needles);
    if (auto* e = std::get_if<std::string>(&error)) redact_text(*e, needles);
    c.prepare(std::string("UPDATE ") + t.name + " SET " + t.link_column +
              " = ?, sender = ?, recipients = ?, subject = ?, text_body = ?, html_body = ?" + (sent ? ", error = ?" : "") +
              " WHERE workspace_id = ? AND id = ?")
        .bind_all(sent ? std::vector<db::Value>{json::serialize(link), sender, json::serialize(recipients), subject, text, html, error,
                                                ctx.workspace_id, id}
                       : std::vector<db::Value>{json::serialize(link), sender, json::serialize(recipients), subject, text, html,
                                                ctx.workspace_id, id})
        .run();
    // The email no longer concerns the person (migration 0069's rows, as `links`/`contact_ids`).
    c.prepare("DELETE FROM email_record_links WHERE workspace_id = ? AND email_id = ? AND object = 'contacts' AND record_id = ?")
        .bind_all({ctx.workspace_id, id, contact_id})
        .run();
    out.attachments += erase_files(c, ctx.workspace_id, id, false, needles);
    ++out.scrubbed;
  }
  // The audit entries of a sent email ("send": to, cc, subject): blanked when it is gone, redacted
  // when it stays.
  if (sent)
    rewrite_audit(c, ctx, "emails", id, [&](json::array& changes) {
      bool a = !others && blank_fields(changes, {"to", "cc", "subject"}, false);
      json::value v = std::move(changes);
      bool b = redact_json(v, needles);
      changes = std::move(v.as_array());
      return a || b;
    });
}

}  // namespace

EmailsErased erase_emails(db::Connection& c, const access::Context& ctx, const std::string& contact_id,
                          const std::vector<std::string>& addresses, const Needles& needles) {
  Needles address_needles;
  for (const auto& a : addresses) address_needles.add(a);
  EmailsErased out;
  for (const Table* t : {&kSent, &kReceived})
    for (const auto& id : candidates(c, ctx.workspace_id, *t, contact_id, address_needles))
      erase_one(c, ctx, *t, id, contact_id, address_needles, needles, out);
  return out;
}

}  // namespace rapport::privacy
