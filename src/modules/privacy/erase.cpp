#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "modules/activities/activities.hpp"
#include "modules/analytics/report_scrub.hpp"
#include "modules/customers/specs.hpp"
#include "modules/imports/forget_person.hpp"
#include "modules/privacy/consents.hpp"
#include "modules/privacy/erase_emails.hpp"
#include "modules/privacy/erase_parts.hpp"
#include "modules/privacy/privacy.hpp"
#include "modules/privacy/scrub.hpp"
#include "modules/views/view_service.hpp"
#include "platform/case_fold.hpp"
#include "platform/clock.hpp"
#include "platform/db/in_list.hpp"
#include "platform/db/sqlite_database.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/store.hpp"

namespace rapport::privacy {
namespace json = boost::json;

namespace {

// The contact's fields that describe the person; company_id, lifecycle_stage, lead_source, owner and
// the system fields stay (they describe the business relation, and keep reports' totals right).
const std::set<std::string>& contact_personal() {
  static const std::set<std::string> s = {"first_name", "last_name", "email",    "phone",        "emails",     "phones",
                                          "job_title",  "city",      "country",  "birthday",     "linkedin_url", "description"};
  return s;
}
// An activity's content; its type, times, direction, duration and outcome stay.
const std::set<std::string>& activity_personal() {
  static const std::set<std::string> s = {"subject", "body", "location", "attendees", "email_from", "email_to"};
  return s;
}

std::string erased_payload(const std::string& id) { return json::serialize(json::object{{"id", id}, {"erased", true}}); }

const records::Store& contact_store() {
  static const records::Store s(customers::contact_spec());
  return s;
}
const records::Store& activity_store() {
  static const records::Store s(activities::activity_spec());
  return s;
}

// The person's distinctive values, for searching shared text, their email addresses, and the values
// saved views' filters may hold (the single names too: a filter value is a whole value, never a part
// of a word).
void collect(const json::object& contact, Needles& needles, std::vector<std::string>& emails, views::PersonValues& person) {
  auto text = [&](const char* k) -> std::string {
    auto& v = contact.at(k);
    return v.is_string() ? std::string(v.as_string()) : "";
  };
  if (!text("email").empty()) emails.push_back(text("email"));
  for (const auto& e : contact.at("emails").as_array())
    if (e.is_string()) emails.emplace_back(e.as_string());
  for (const auto& e : emails) {
    needles.add(e);
    person.add_folded(e);
  }
  std::vector<std::string> phones;
  if (!text("phone").empty()) phones.push_back(text("phone"));
  for (const auto& p : contact.at("phones").as_array())
    if (p.is_string()) phones.emplace_back(p.as_string());
  for (const auto& p : phones) {
    needles.add(p);
    person.add_exact(p);
  }
  std::string first = text("first_name"), last = text("last_name");
  person.add_folded(first);
  person.add_folded(last);
  if (!first.empty() && !last.empty()) {
    needles.add(first + " " + last);
    person.add_folded(first + " " + last);
  }
}

// Rewrites the outbox payloads of these objects: `erased` ones become {"id", "erased": true}, the
// others are redacted.
void rewrite_outbox(db::Connection& c, const access::Context& ctx, const std::set<std::string>& erased,
                    const std::set<std::string>& shared, const Needles& needles) {
  std::vector<std::string> all(erased.begin(), erased.end());
  all.insert(all.end(), shared.begin(), shared.end());
  constexpr std::size_t kChunk = 256;  // a power of two: full chunks need no padding
  for (std::size_t from = 0; from < all.size(); from += kChunk) {
    std::size_t n = std::min(kChunk, all.size() - from);
    std::string sql = "SELECT id, object_id, payload FROM outbox WHERE workspace_id = ? AND object_id IN ";
    std::vector<db::Value> params{ctx.workspace_id};
    db::append_in_list(sql, params, std::vector<db::Value>(all.begin() + static_cast<std::ptrdiff_t>(from),
                                                           all.begin() + static_cast<std::ptrdiff_t>(from + n)));
    std::vector<std::pair<int64_t, std::string>> updates;
    auto& st = c.prepare(sql);
    st.bind_all(params);
    while (st.step()) {
      std::string object_id = st.text(1);
      if (erased.count(object_id)) {
        updates.emplace_back(st.int64(0), erased_payload(object_id));
      } else {
        auto payload = json::parse(st.text(2));
        if (redact_json(payload, needles)) updates.emplace_back(st.int64(0), json::serialize(payload));
      }
    }
    st.reset();
    for (const auto& [row, payload] : updates)
      c.prepare("UPDATE outbox SET payload = ? WHERE id = ?").bind_all({payload, row}).run();
  }
}

// The key column's value of what an erasure leaves in a folded field (records::folded_key).
db::Value folded_key(const json::value& v) { return records::folded_key(&v); }
db::Value folded_key(const db::Value& v) {
  if (auto* s = std::get_if<std::string>(&v)) return case_fold::key(*s);
  return nullptr;
}

// An activity linked to other records too: the person leaves it, the rest stays.
void unlink_shared(db::Connection& c, const access::Context& ctx, const std::string& activity_id,
                   const std::string& contact_id, const Needles& needles, const std::string& now) {
  auto& st = c.prepare("SELECT subject, body, attendees, email_from, email_to, custom FROM activities WHERE workspace_id = ? AND id = ?");
  st.bind_all({ctx.workspace_id, activity_id});
  if (!st.step()) {
    st.reset();
    return;
  }
  auto text = [&](int col) -> db::Value {
    if (st.is_null(col)) return nullptr;
    std::string s = st.text(col);
    redact_text(s, needles);
    return s;
  };
  db::Value subject = text(0), body = text(1);
  auto attendees = json::parse(st.text(2)), email_to = json::parse(st.text(4)), custom = json::parse(st.text(5));
  db::Value email_from = st.is_null(3) || needles.equals(st.text(3)) ? db::Value(nullptr) : db::Value(st.text(3));
  st.reset();
  if (attendees.is_array()) remove_equal(attendees.as_array(), needles);
  if (email_to.is_array()) remove_equal(email_to.as_array(), needles);
  redact_json(custom, needles);
  c.prepare(
       "UPDATE activities SET subject = ?, body = ?, attendees = ?, email_from = ?, email_to = ?, custom = ?, "
       "attendees_key = ?, email_from_key = ?, email_to_key = ?, updated_at = ?, version = version + 1 "
       "WHERE workspace_id = ? AND id = ?")
      .bind_all({subject, body, json::serialize(attendees), email_from, json::serialize(email_to), json::serialize(custom),
                 folded_key(attendees), folded_key(email_from), folded_key(email_to), now, ctx.workspace_id, activity_id})
      .run();
  json::array before, after;
  auto& links = c.prepare("SELECT target_id FROM activity_links WHERE activity_id = ? AND target_type = 'contacts' ORDER BY target_id");
  links.bind_all({activity_id});
  while (links.step()) {
    before.push_back(json::value(links.text(0)));
    if (links.text(0) != contact_id) after.push_back(json::value(links.text(0)));
  }
  links.reset();
  c.prepare("DELETE FROM activity_links WHERE activity_id = ? AND target_type = 'contacts' AND target_id = ?")
      .bind_all({activity_id, contact_id})
      .run();
  journal::audit(c, ctx, "activities", activity_id, "erase_link",
                 json::array{json::object{{"field", "contact_ids"}, {"before", std::move(before)}, {"after", std::move(after)}}});
  journal::emit(c, ctx, "activity.updated", "activities", activity_id, json::object{{"id", activity_id}});
}

// Activities the contact is not linked to that name one of its addresses (the email activity of a
// message sent to another contact with the person in Cc, a meeting they attended): the person
// leaves them as they leave a shared one. The keys are folded (records::folded_key); a list's key is
// a JSON array, so the address is looked for with its quotes. It reads the workspace's activities
// (no index serves a part of a list), a cost the rare erasure pays.
std::set<std::string> addressed_activities(db::Connection& c, const std::string& workspace_id, const std::vector<std::string>& emails) {
  std::set<std::string> ids;
  const std::string sql = "SELECT id FROM activities WHERE workspace_id = ? AND erased_at IS NULL AND (email_from_key = ? OR " +
                          holds_lower_sql(c.dialect(), "email_to_key || ' ' || attendees_key") + ")";
  for (const auto& e : emails) {
    const std::string key = case_fold::key(e);
    auto& st = c.prepare(sql);
    st.bind_all({workspace_id, key, json::serialize(json::value(key))});
    while (st.step()) ids.insert(st.text(0));
    st.reset();
  }
  return ids;
}

// Moves the erased data out of the WAL file too: without this, earlier page images holding it stay
// in rapport.db-wal until later writes overwrite them. Before that, the contacts' search index
// (migration 0018) is merged into one segment: FTS5 (before SQLite 3.42's secure-delete) removes an
// entry by adding a delete marker, so the erased person's words would stay in older segments until
// a merge; `optimize` rewrites the index without them (secure_delete zeroes the freed pages). It
// costs a rewrite of the index (25 s at a million contacts, docs/benchmarks.md), paid by the rare
// erasure while the writer waits.
void checkpoint(db::Database& db) {
  auto* sqlite = dynamic_cast<db::SqliteDatabase*>(&db);
  if (!sqlite) return;
  try {
    sqlite->exclusive([](db::SqliteConnection& c) {
      c.prepare("INSERT INTO contacts_search(contacts_search) VALUES ('optimize')").run();
      auto& st = c.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
      bool busy = st.step() && st.int64(0) != 0;
      st.reset();
      if (busy) spdlog::warn("erasure: the WAL checkpoint was blocked by readers; the WAL is truncated at a later checkpoint");
    });
  } catch (const std::exception& e) {
    spdlog::warn("erasure: WAL checkpoint failed: {}", e.what());
  }
}

}  // namespace

Result<json::object> erase_contact(db::Database& db, const access::Context& ctx, const std::string& id,
                                   const std::string& reason) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  json::object tombstone;
  auto st = db.write([&](db::Connection& c) -> Status {
    if (!contact_held(c, ctx.workspace_id, id)) return Problem::not_found();
    auto contact = contact_store().find(c, ctx, id, true);
    if (!contact) return Problem::not_found();
    const std::string now = clock::now_text();
    const db::Value actor = ctx.actor().empty() ? db::Value(nullptr) : db::Value(ctx.actor());
    Needles needles;
    std::vector<std::string> emails;
    views::PersonValues person;
    collect(*contact, needles, emails, person);

    // Its rows in imports and the stored files that hold it (first: an import still running that
    // holds the person is a 409 before anything changed).
    auto imported = imports::forget_person(c, ctx.workspace_id, id, needles.values());
    if (!imported) return imported.take_problem();

    // The contact row becomes a tombstone.
    c.prepare(
         "UPDATE contacts SET first_name = NULL, last_name = NULL, email = NULL, phone = NULL, emails = '[]', "
         "first_name_key = NULL, last_name_key = NULL, email_key = NULL, emails_key = '[]', "
         "phones = '[]', job_title = NULL, city = NULL, country = NULL, birthday = NULL, linkedin_url = NULL, "
         "description = NULL, custom = '{}', deleted_at = coalesce(deleted_at, ?), deleted_by = coalesce(deleted_by, ?), "
         "erased_at = ?, updated_at = ?, version = version + 1 WHERE workspace_id = ? AND id = ?")
        .bind_all({now, actor, now, now, ctx.workspace_id, id})
        .run();
    if (contact->at("deleted_at").is_null()) contact_store().count_live(c, ctx, -1);

    // Its activities: erased when they are about this person only, unlinked when shared.
    std::set<std::string> only, shared, live_only;
    auto& links = c.prepare(
        "SELECT l.activity_id, a.deleted_at, (SELECT count(*) FROM activity_links o WHERE o.activity_id = l.activity_id "
        "AND NOT (o.target_type = 'contacts' AND o.target_id = ?)) FROM activity_links l JOIN activities a ON "
        "a.id = l.activity_id WHERE l.workspace_id = ? AND l.target_type = 'contacts' AND l.target_id = ? AND a.erased_at IS NULL");
    links.bind_all({id, ctx.workspace_id, id});
    while (links.step()) {
      std::string a = links.text(0);
      if (links.int64(2) > 0) {
        shared.insert(a);
      } else {
        only.insert(a);
        if (links.is_null(1)) live_only.insert(a);
      }
    }
    links.reset();
    for (const auto& a : addressed_activities(c, ctx.workspace_id, emails))
      if (!only.count(a)) shared.insert(a);
    for (const auto& a : only) {
      c.prepare(
           "UPDATE activities SET subject = NULL, body = NULL, location = NULL, attendees = '[]', email_from = NULL, "
           "email_to = '[]', attendees_key = '[]', email_from_key = NULL, email_to_key = '[]', custom = '{}', deleted_at = coalesce(deleted_at, ?), deleted_by = coalesce(deleted_by, ?), "
           "erased_at = ?, updated_at = ?, version = version + 1 WHERE workspace_id = ? AND id = ?")
          .bind_all({now, actor, now, now, ctx.workspace_id, a})
          .run();
    }
    if (!live_only.empty()) activity_store().count_live(c, ctx, -static_cast<int64_t>(live_only.size()));

    // History and events: personal values blanked or redacted (before unlinking, which audits).
    rewrite_audit(c, ctx, "contacts", id, [&](json::array& changes) {
      bool a = blank_fields(changes, contact_personal(), true);
      json::value v = std::move(changes);
      bool b = redact_json(v, needles);
      changes = std::move(v.as_array());
      return a || b;
    });
    for (const auto& a : only)
      rewrite_audit(c, ctx, "activities", a, [&](json::array& changes) {
        bool x = blank_fields(changes, activity_personal(), true);
        json::value v = std::move(changes);
        bool y = redact_json(v, needles);
        changes = std::move(v.as_array());
        return x || y;
      });
    for (const auto& a : shared)
      rewrite_audit(c, ctx, "activities", a, [&](json::array& changes) {
        json::value v = std::move(changes);
        bool y = redact_json(v, needles);
        changes = std::move(v.as_array());
        return y;
      });
    std::set<std::string> erased_objects = only;
    erased_objects.insert(id);
    rewrite_outbox(c, ctx, erased_objects, shared, needles);
    for (const auto& a : shared) unlink_shared(c, ctx, a, id, needles, now);

    // Its mail: sent and received emails and their files (erase_emails.hpp says which go, which stay).
    const EmailsErased mail = erase_emails(c, ctx, id, emails, needles);

    // Stored answers of Idempotency-Keys that hold the contact (its creation, activities naming it).
    // ASCII terms are found by the database: lower() folds ASCII letters only on both engines
    // (PostgreSQL's under the "C" collation) and an ASCII term's key is its ASCII lower case. A term
    // beyond ASCII is looked for here, by the same folding as the needles (case_fold), in the
    // workspace's stored answers.
    const SqlTerms terms = sql_terms(id, needles);
    const std::string holds = holds_lower_sql(c.dialect(), "body");
    for (const auto& t : terms.ascii)
      c.prepare("DELETE FROM idempotency_keys WHERE workspace_id = ? AND " + holds).bind_all({ctx.workspace_id, t}).run();
    if (terms.beyond_ascii) {
      std::vector<std::pair<std::string, std::string>> holding;  // actor_id, key
      auto& rows = c.prepare("SELECT actor_id, key, body FROM idempotency_keys WHERE workspace_id = ?");
      rows.bind_all({ctx.workspace_id});
      while (rows.step())
        if (mentions(rows.text(2), needles)) holding.emplace_back(rows.text(0), rows.text(1));
      rows.reset();
      for (const auto& [actor, key] : holding)
        c.prepare("DELETE FROM idempotency_keys WHERE workspace_id = ? AND actor_id = ? AND key = ?")
            .bind_all({ctx.workspace_id, actor, key})
            .run();
    }

    // Saved views' filter conditions that name the person (any owner's, any object type's).
    const int64_t views_changed = views::forget_person(c, ctx, person, kErased);
    // Saved reports' filter conditions likewise (modules/analytics/report_scrub.hpp).
    const int64_t reports_changed = analytics::forget_person(c, ctx, person, kErased);

    // Consents keep their facts (channel, status, source, time), not their notes; the addresses go
    // on the suppression list so that the person is not re-added to marketing.
    c.prepare("UPDATE consents SET note = NULL WHERE workspace_id = ? AND contact_id = ?").bind_all({ctx.workspace_id, id}).run();
    // The person's form submissions (their visit: UTM parameters, referrer) go with them.
    c.prepare("DELETE FROM form_submissions WHERE workspace_id = ? AND object_type = 'contacts' AND record_id = ?")
        .bind_all({ctx.workspace_id, id})
        .run();
    for (const auto& e : emails) suppress(c, ctx.workspace_id, e, "erased");
    // The person's probable duplicates (modules/dedupe): pairs of ids that would say they existed.
    c.prepare("DELETE FROM duplicate_pairs WHERE workspace_id = ? AND object_type = 'contacts' AND (record_a = ? OR record_b = ?)")
        .bind_all({ctx.workspace_id, id, id})
        .run();
    // And the person's "not a duplicate" dismissals likewise.
    c.prepare("DELETE FROM duplicate_dismissals WHERE workspace_id = ? AND object_type = 'contacts' AND (record_a = ? OR record_b = ?)")
        .bind_all({ctx.workspace_id, id, id})
        .run();
    // Merges the person took part in (survivor or merged): their journal holds the values a merge
    // replaced and whole rows it dropped (a campaign recipient's address). Such a merge cannot be
    // undone any more.
    const std::string merges = "SELECT id FROM record_merges WHERE workspace_id = ? AND object_type = 'contacts' AND "
                               "(survivor_id = ? OR merged_ids LIKE ?)";
    const std::string quoted = "%\"" + id + "\"%";
    c.prepare("DELETE FROM record_merge_moves WHERE workspace_id = ? AND merge_id IN (" + merges + ")")
        .bind_all({ctx.workspace_id, ctx.workspace_id, id, quoted})
        .run();
    c.prepare("DELETE FROM record_merges WHERE workspace_id = ? AND id IN (" + merges + ")")
        .bind_all({ctx.workspace_id, ctx.workspace_id, id, quoted})
        .run();
    // The score factors (modules/scoring) of the deals they take part in and of the lead they came
    // from: words about their campaign emails opened, their custom fields' values. The score stays
    // (a number about the deal); the next scoring run writes factors from what is left.
    c.prepare("UPDATE deals SET score_factors = NULL WHERE workspace_id = ? AND score_factors IS NOT NULL AND id IN "
              "(SELECT deal_id FROM deal_contacts WHERE workspace_id = ? AND contact_id = ?)")
        .bind_all({ctx.workspace_id, ctx.workspace_id, id})
        .run();
    c.prepare("UPDATE leads SET score_factors = NULL WHERE workspace_id = ? AND converted_contact_id = ?").bind_all({ctx.workspace_id, id}).run();

    const std::string tomb_id = ids::uuid_v7();
    const db::Value reason_v = reason.empty() ? db::Value(nullptr) : db::Value(reason);
    const db::Value request = ctx.request_id.empty() ? db::Value(nullptr) : db::Value(ctx.request_id);
    c.prepare(
         "INSERT INTO erasures(id, workspace_id, object_type, object_id, erased_by, erased_at, request_id, reason) "
         "VALUES (?, ?, 'contacts', ?, ?, ?, ?, ?)")
        .bind_all({tomb_id, ctx.workspace_id, id, actor, now, request, reason_v})
        .run();
    journal::audit(c, ctx, "contacts", id, "erase",
                   json::array{json::object{{"field", "erased_at"}, {"before", nullptr}, {"after", now}},
                               json::object{{"field", "views_changed"}, {"before", nullptr}, {"after", views_changed}},
                               json::object{{"field", "reports_changed"}, {"before", nullptr}, {"after", reports_changed}},
                               json::object{{"field", "emails_erased"}, {"before", nullptr}, {"after", mail.erased}},
                               json::object{{"field", "emails_scrubbed"}, {"before", nullptr}, {"after", mail.scrubbed}},
                               json::object{{"field", "attachments_erased"}, {"before", nullptr}, {"after", mail.attachments}},
                               json::object{{"field", "imports_scrubbed"}, {"before", nullptr}, {"after", imported->imports}}});
    journal::emit(c, ctx, "contact.erased", "contacts", id, json::object{{"id", id}});
    auto to_json = [](const db::Value& v) { return std::holds_alternative<std::string>(v) ? json::value(std::get<std::string>(v)) : json::value(nullptr); };
    tombstone = json::object{{"id", tomb_id},
                             {"object_type", "contacts"},
                             {"object_id", id},
                             {"erased_by", to_json(actor)},
                             {"erased_at", now},
                             {"request_id", to_json(request)},
                             {"reason", to_json(reason_v)},
                             {"activities_erased", only.size()},
                             {"activities_unlinked", shared.size()},
                             {"views_changed", views_changed},
                             {"reports_changed", reports_changed},
                             {"emails_erased", mail.erased},
                             {"emails_scrubbed", mail.scrubbed},
                             {"attachments_erased", mail.attachments},
                             {"imports_scrubbed", imported->imports}};
    return ok_status();
  });
  if (!st) return st.take_problem();
  checkpoint(db);
  return tombstone;
}

}  // namespace rapport::privacy
