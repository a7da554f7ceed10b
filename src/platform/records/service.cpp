#include "platform/records/service.hpp"

#include <charconv>

#include "platform/clock.hpp"
#include "platform/http/api.hpp"
#include "platform/ids.hpp"
#include "platform/journal.hpp"
#include "platform/records/create_steps.hpp"
#include "platform/records/existing_records.hpp"
#include "platform/records/history_restore.hpp"
#include "platform/records/idempotency.hpp"
#include "platform/records/scope.hpp"
#include "platform/records/validate.hpp"

namespace rapport::records {
namespace json = boost::json;

namespace {

std::string path_of(const ObjectSpec& s, const std::string& id) { return "/api/v1/" + s.object + "/" + id; }

// Writes the response that an Idempotency-Key will replay.
void remember(db::Connection& c, const identity::Context& ctx, const std::string& key, const std::string& hash,
              const WriteResult& r) {
  c.prepare(
       "INSERT INTO idempotency_keys(workspace_id, actor_id, key, request_hash, status, body, location, etag, "
       "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .bind_all({ctx.workspace_id, ctx.actor(), key, hash, int64_t{r.status}, r.body, r.location, r.etag,
                 clock::now_text()})
      .run();
}

// PostgreSQL runs writes side by side: the record a write is about to change is locked before it is
// read, so the read sees the newest version and no other write can replace it before this one's
// UPDATE (which would otherwise find its version gone: a lost race). SQLite writes one at a time.
void lock_for_write(db::Connection& c, const identity::Context& ctx, const ObjectSpec& spec, const std::string& id) {
  if (c.dialect() != db::Dialect::Postgres) return;
  c.prepare("SELECT 1 FROM " + spec.object + " WHERE workspace_id = ? AND id = ? FOR UPDATE").bind_all({ctx.workspace_id, id}).run();
}

// Runs a write again while it loses races to writes committed meanwhile (409 concurrent-change:
// a unique value taken first, or a newer version of the record written since it was read; see
// update_checked). Each run reads afresh; a few runs, then the 409 stands.
constexpr int kConcurrentRuns = 5;
Status write_until_settled(db::Database& db, const db::Database::WriteFn& attempt) {
  Status st = db.write(attempt);
  for (int run = 1; run < kConcurrentRuns && !st && st.problem().type_slug == "concurrent-change"; ++run) st = db.write(attempt);
  return st;
}

}  // namespace

Result<Service::Rendered> Service::get(const identity::Context& ctx, const std::string& id) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  Rendered r;
  auto find = [&](db::Connection& c) { return store_.find_json(c, ctx, id, r.body); };
  // Without a module's decorations the record is one SELECT, which needs no transaction around it.
  auto version = spec().hooks.decorate ? db_.read(find) : db_.read_statement(find);
  if (!version) return Problem::not_found();
  r.version = *version;
  return r;
}

Result<ListParams> parse_list_request(const identity::Context& ctx, const ObjectSpec& spec,
                                      const std::vector<std::pair<std::string, std::string>>& query) {
  auto params = parse_list_params(query);
  if (!params) return params.take_problem();
  // A hidden field must not leak through what a filter or a sort reveals about it.
  std::string sort_field = params->sort.empty() || params->sort[0] != '-' ? params->sort : params->sort.substr(1);
  if (!sort_field.empty() && is_hidden(ctx, spec.object, sort_field))
    return Problem::forbidden("Your role cannot sort on '" + sort_field + "'");
  for (const auto& f : params->filters)
    if (is_hidden(ctx, spec.object, f.field)) return Problem::forbidden("Your role cannot filter on '" + f.field + "'");
  return params;
}

Result<std::string> Service::list(const identity::Context& ctx,
                                  const std::vector<std::pair<std::string, std::string>>& query) {
  auto params = parse_list_request(ctx, spec(), query);
  if (!params) return params.take_problem();
  // Custom field definitions are only read when the request filters or sorts on one.
  bool needs_defs = params->sort.find("custom.") != std::string::npos;
  for (const auto& f : params->filters) needs_defs = needs_defs || f.field.rfind("custom.", 0) == 0;
  return db_.read([&](db::Connection& c) -> Result<std::string> {
    std::vector<CustomFieldDef> defs;
    if (needs_defs) defs = load_custom_fields(c, ctx.workspace_id, spec().object);
    auto q = compile_list(spec(), defs, *params, c.dialect(), ctx.workspace_id);
    if (!q) return q.take_problem();
    Page page = store_.list(c, ctx, *q, params->count);
    std::string out = "{\"data\":";
    out += page.data_json;
    out += ",\"next_cursor\":";
    out += page.next_cursor ? json::serialize(json::value(*page.next_cursor)) : std::string("null");
    if (page.total) out += ",\"total\":" + std::to_string(*page.total);
    out += "}";
    return out;
  });
}

namespace {

// The part of a create that runs in the write transaction once the body is validated: the new
// record with its system fields, the hooks, the checks, the insert and its audit entry and event.
// `text` receives the stored record as JSON (hidden fields included).
Result<json::object> insert_checked(db::Connection& c, const identity::Context& ctx, const Store& store,
                                    const std::vector<CustomFieldDef>& defs, const Input& in,
                                    std::vector<FieldError> errors, std::string& text) {
  const ObjectSpec& spec = store.spec();
  json::object rec = new_record(c, ctx, spec, in);
  StoredChecks checks;
  if (auto p = check_stored(c, ctx, store, defs, rec, in, "", std::move(errors), checks)) return std::move(*p);
  const std::string id(rec["id"].as_string());
  store.insert(c, ctx, rec);
  if (spec.hooks.after_write) spec.hooks.after_write(c, ctx, id, in.extras, rec);
  if (spec.hooks.decorate) spec.hooks.decorate(c, ctx, rec);
  store.count_live(c, ctx, 1);
  journal::audit(c, ctx, spec.object, id, "create", journal::diff(json::object{}, rec));
  text = json::serialize(rec);
  journal::emit_text(c, ctx, spec.singular + ".created", spec.object, id, text, &rec);
  return rec;
}

// The part of an update that runs in the write transaction once the body is validated and the stored
// record `cur` read and allowed: the merge, the hooks, the checks, then (when a field differs) the
// write with its audit entry and event. Returns the record as written, or `cur` unchanged with
// `changed` false.
Result<json::object> update_checked(db::Connection& c, const identity::Context& ctx, const Store& store,
                                    const std::vector<CustomFieldDef>& defs, const Input& in, const json::object& cur,
                                    std::vector<FieldError> errors, bool& changed, const std::string& action = "update",
                                    const json::array& also = {}) {
  const ObjectSpec& spec = store.spec();
  const std::string id(cur.at("id").as_string());
  json::object rec = cur;
  for (const auto& kv : in.fields) rec[kv.key()] = kv.value();
  if (in.custom) {
    auto& custom = rec["custom"].as_object();
    for (const auto& kv : *in.custom) {
      if (kv.value().is_null()) custom.erase(kv.key());
      else custom[kv.key()] = kv.value();
    }
  }
  if (spec.hooks.apply_extras) spec.hooks.apply_extras(rec, in.extras);
  if (spec.hooks.normalize) spec.hooks.normalize(rec, false);
  if (spec.hooks.resolve) spec.hooks.resolve(c, ctx, rec, false);
  StoredChecks checks;
  if (auto p = check_stored(c, ctx, store, defs, rec, in, id, std::move(errors), checks)) return std::move(*p);
  json::array changes = journal::diff(cur, rec);
  changed = !changes.empty();
  if (!changed) return cur;
  for (const auto& a : also) changes.push_back(a);
  rec["version"] = cur.at("version").as_int64() + 1;
  rec["updated_at"] = clock::now_text();
  // Lost the race to a write committed since `cur` was read (PostgreSQL; SQLite writes one at a
  // time): not the caller's precondition failing, so the retryable 409, which update() runs again.
  if (!store.update(c, ctx, rec)) return Problem::concurrent_change();
  if (spec.hooks.after_write) spec.hooks.after_write(c, ctx, id, in.extras, rec);
  journal::audit(c, ctx, spec.object, id, action, changes);
  journal::emit(c, ctx, spec.singular + ".updated", spec.object, id, json::object{{"record", rec}, {"changes", changes}});
  return rec;
}

// The record's history entries from `entry` on, newest first (at most kMaxUndoneEntries + 2 of them).
std::vector<HistoryEntry> entries_since(db::Connection& c, const identity::Context& ctx, const ObjectSpec& spec,
                                        const std::string& id, int64_t entry) {
  std::string sql =
      "SELECT id, action, changes FROM audit_log WHERE workspace_id = ? AND object_type = ? AND object_id = ? AND id >= ? "
      "ORDER BY id DESC LIMIT ";
  sql += std::to_string(kMaxUndoneEntries + 2);
  auto& q = c.prepare(sql);
  q.bind_all({ctx.workspace_id, spec.object, id, entry});
  std::vector<HistoryEntry> out;
  while (q.step()) {
    boost::system::error_code ec;
    json::value changes = json::parse(q.text(2), ec);
    out.push_back({q.int64(0), q.text(1), ec ? json::value(nullptr) : std::move(changes)});
  }
  return out;
}

}  // namespace

Result<json::object> insert_new(db::Connection& c, const identity::Context& ctx, const Store& store, const json::object& body) {
  if (auto p = may_create(ctx, store.spec(), body)) return std::move(*p);
  auto defs = load_custom_fields(c, ctx.workspace_id, store.spec().object);
  std::vector<FieldError> errors;
  Input in = validate_input(store.spec(), defs, body, nullptr, errors);
  std::string text;
  return insert_checked(c, ctx, store, defs, in, std::move(errors), text);
}

Result<json::object> update_existing(db::Connection& c, const identity::Context& ctx, const Store& store,
                                     const std::string& id, const json::object& body) {
  const ObjectSpec& spec = store.spec();
  auto cur = store.find(c, ctx, id);
  if (!cur) return Problem::not_found();
  if (!store.in_scope(c, ctx, id, identity::Action::Update)) return not_allowed(identity::Action::Update, spec.singular);
  if (auto denied = forbidden_fields(ctx, spec.object, body); !denied.empty()) return forbidden_write(std::move(denied));
  auto defs = load_custom_fields(c, ctx.workspace_id, spec.object);
  std::vector<FieldError> errors;
  Input in = validate_input(spec, defs, body, &*cur, errors);
  if (auto* owner = in.fields.if_contains("owner_id"); owner && *owner != cur->at("owner_id") && !ctx.can_reassign())
    return Problem::forbidden("Your role cannot give a " + spec.singular + " to another owner (owner_id)");
  bool changed = false;
  return update_checked(c, ctx, store, defs, in, *cur, std::move(errors), changed);
}

Status delete_existing(db::Connection& c, const identity::Context& ctx, const Store& store, const std::string& id,
                       std::string_view if_match) {
  const ObjectSpec& spec = store.spec();
  auto cur = store.find(c, ctx, id);
  if (!cur) return Problem::not_found();
  if (!store.in_scope(c, ctx, id, identity::Action::Delete)) return not_allowed(identity::Action::Delete, spec.singular);
  int64_t version = cur->at("version").as_int64();
  if (!http::if_match_allows(if_match, version))
    return Problem::precondition_failed("The record changed since you read it; read it again and retry");
  std::string now = clock::now_text();
  store.set_deleted(c, ctx, id, now, version + 1);
  store.count_live(c, ctx, -1);
  journal::audit(c, ctx, spec.object, id, "delete", json::array{json::object{{"field", "deleted_at"}, {"before", nullptr}, {"after", now}}});
  journal::emit(c, ctx, spec.singular + ".deleted", spec.object, id, json::object{{"id", id}, {"deleted_at", now}});
  return ok_status();
}

Result<json::object> write_change(db::Connection& c, const identity::Context& ctx, const Store& store,
                                  const json::object& before, json::object after, const std::string& action,
                                  json::array also) {
  const ObjectSpec& spec = store.spec();
  json::array changes = std::move(also);
  for (auto& change : journal::diff(before, after)) changes.push_back(std::move(change));
  if (changes.empty()) return after;
  const std::string id(after.at("id").as_string());
  after["version"] = before.at("version").as_int64() + 1;
  after["updated_at"] = clock::now_text();
  if (!store.update(c, ctx, after)) return Problem::concurrent_change();  // as in update_checked
  journal::audit(c, ctx, spec.object, id, action, changes);
  journal::emit(c, ctx, spec.singular + ".updated", spec.object, id, json::object{{"record", after}, {"changes", changes}});
  return after;
}


Result<WriteResult> Service::create(const identity::Context& ctx, const json::object& body,
                                    const std::string& idempotency_key, const std::string& request_hash) {
  if (auto p = may_create(ctx, spec(), body)) return std::move(*p);
  auto defs = db_.read([&](db::Connection& c) { return load_custom_fields(c, ctx.workspace_id, spec().object); });
  std::vector<FieldError> errors;
  Input in = validate_input(spec(), defs, body, nullptr, errors);
  WriteResult out;
  // Field errors are reported at once, but an idempotent retry of a bad request still answers the
  // same: look the key up first.
  auto attempt = [&](db::Connection& c) -> Status {
    if (!idempotency_key.empty()) {
      // A key older than the retention is free again, whether or not the purge has run yet.
      c.prepare("DELETE FROM idempotency_keys WHERE workspace_id = ? AND actor_id = ? AND key = ? AND created_at < ?")
          .bind_all({ctx.workspace_id, ctx.actor(), idempotency_key,
                     clock::format_ms(clock::now_ms() - std::chrono::milliseconds(kIdempotencyKeep).count())})
          .run();
      auto& q = c.prepare(
          "SELECT request_hash, status, body, location, etag FROM idempotency_keys WHERE workspace_id = ? AND "
          "actor_id = ? AND key = ?");
      q.bind_all({ctx.workspace_id, ctx.actor(), idempotency_key});
      if (q.step()) {
        if (q.text(0) != request_hash) {
          q.reset();
          return Problem{422, "Unprocessable Content",
                         "This Idempotency-Key was used for a different request; use a new key", {}, "idempotency-key-reused"};
        }
        out.status = static_cast<int>(q.int64(1));
        out.body = q.text(2);
        out.location = q.text(3);
        out.etag = q.text(4);
        out.replayed = true;
        q.reset();
        return ok_status();
      }
    }
    std::string full;
    auto created = insert_checked(c, ctx, store_, defs, in, errors, full);
    if (!created) return created.take_problem();
    json::object& rec = *created;
    const std::string id(rec["id"].as_string());
    out.status = 201;
    if (hides_fields(ctx, spec().object)) {
      strip_hidden(ctx, spec().object, rec);
      full = json::serialize(rec);
    }
    out.body = std::move(full);
    out.location = path_of(spec(), id);
    out.etag = http::etag(1);
    if (!idempotency_key.empty()) remember(c, ctx, idempotency_key, request_hash, out);
    return ok_status();
  };
  // A concurrent transaction committed a unique value first (PostgreSQL): two retries with one
  // Idempotency-Key, or two creates with one unique value (a unique custom field's index is the
  // final word). Running it again finds the first one's answer and replays it, or answers the
  // same 409 naming the other record that the check before the insert gives.
  auto st = write_until_settled(db_, attempt);
  if (!st) return st.take_problem();
  return out;
}

Result<WriteResult> Service::update(const identity::Context& ctx, const std::string& id, const json::object& body,
                                    std::string_view if_match, const Then& then) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  struct Loaded {
    std::optional<json::object> current;
    std::vector<CustomFieldDef> defs;
  };
  Loaded l = db_.read([&](db::Connection& c) {
    return Loaded{store_.find(c, ctx, id), load_custom_fields(c, ctx.workspace_id, spec().object)};
  });
  if (!l.current) return Problem::not_found();
  if (auto denied = forbidden_fields(ctx, spec().object, body); !denied.empty()) return forbidden_write(std::move(denied));
  std::vector<FieldError> errors;
  Input in = validate_input(spec(), l.defs, body, &*l.current, errors);
  WriteResult out;
  auto attempt = [&](db::Connection& c) -> Status {
    lock_for_write(c, ctx, spec(), id);
    auto cur = store_.find(c, ctx, id);
    if (!cur) return Problem::not_found();
    if (!store_.in_scope(c, ctx, id, identity::Action::Update)) return not_allowed(identity::Action::Update, spec().singular);
    if (auto* owner = in.fields.if_contains("owner_id");
        owner && *owner != cur->at("owner_id") && !ctx.can_reassign())
      return Problem::forbidden("Your role cannot give a " + spec().singular + " to another owner (owner_id)");
    int64_t version = cur->at("version").as_int64();
    if (!http::if_match_allows(if_match, version))
      return Problem::precondition_failed("The record changed since you read it (it is at version " +
                                          std::to_string(version) + "); read it again and retry");
    bool changed = false;
    auto written = update_checked(c, ctx, store_, l.defs, in, *cur, errors, changed);
    if (!written) return written.take_problem();
    json::object& rec = *written;  // unchanged: the record as it is
    if (then)
      if (auto st = then(c, rec); !st) return st.take_problem();
    strip_hidden(ctx, spec().object, rec);
    out.body = json::serialize(rec);
    out.etag = http::etag(changed ? version + 1 : version);
    return ok_status();
  };
  // Lost a unique value (see create) or the record's version to a concurrent write: the next run
  // answers the usual 409, or 412 when If-Match named the version that was replaced, or writes.
  auto st = write_until_settled(db_, attempt);
  if (!st) return st.take_problem();
  return out;
}

Status Service::remove(const identity::Context& ctx, const std::string& id, std::string_view if_match) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  // Run again when it loses a race, as creates and updates are: on PostgreSQL a delete's kept rows can
  // deadlock with another record's write (a deal's move), which is no conflict of the caller's.
  return write_until_settled(db_, [&](db::Connection& c) -> Status { return delete_existing(c, ctx, store_, id, if_match); });
}

Result<WriteResult> Service::restore(const identity::Context& ctx, const std::string& id) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  WriteResult out;
  auto st = write_until_settled(db_, [&](db::Connection& c) -> Status {
    auto cur = store_.find(c, ctx, id, true);
    if (!cur) return Problem::not_found();
    // An erased record is a tombstone without its data: gone for good.
    if (spec().erasable &&
        !std::holds_alternative<std::nullptr_t>(c.scalar("SELECT erased_at FROM " + spec().object +
                                                         " WHERE workspace_id = ? AND id = ?", {ctx.workspace_id, id})))
      return Problem::not_found();
    if (!store_.in_scope(c, ctx, id, identity::Action::Delete)) return not_allowed(identity::Action::Delete, spec().singular);
    if (cur->at("deleted_at").is_null()) return Problem::conflict("The " + spec().singular + " is not in the recycle bin");
    // Restoring must not break uniqueness: another live record may have taken the value meanwhile.
    Input in;
    for (const auto& u : spec().unique) in.fields[u.field] = cur->at(u.field);
    in.custom = cur->at("custom").as_object();
    auto defs = load_custom_fields(c, ctx.workspace_id, spec().object);
    std::vector<FieldError> conflicts;
    for (const auto& u : spec().unique) {
      auto& v = cur->at(u.field);
      if (!v.is_string()) continue;
      if (auto dup = store_.find_duplicate(c, ctx, *spec().field(u.field), std::string(v.as_string()), id)) {
        FieldError e{u.field, "unique", "is now used by another live " + spec().singular};
        if (store_.in_scope(c, ctx, *dup, identity::Action::Read)) e.extra["existing_id"] = *dup;
        conflicts.push_back(std::move(e));
      }
    }
    for (const auto& d : defs) {
      auto* v = in.custom->if_contains(d.name);
      if (!d.unique || !v || v->is_null()) continue;
      if (auto dup = store_.find_duplicate(c, ctx, d.sql_expr(c.dialect()), custom_value(*v), id)) {
        FieldError e{"custom." + d.name, "unique", "is now used by another live " + spec().singular};
        if (store_.in_scope(c, ctx, *dup, identity::Action::Read)) e.extra["existing_id"] = *dup;
        conflicts.push_back(std::move(e));
      }
    }
    if (!conflicts.empty()) return Problem::conflict("Restoring would duplicate a unique value", std::move(conflicts));
    int64_t version = cur->at("version").as_int64() + 1;
    store_.set_deleted(c, ctx, id, std::nullopt, version);
    store_.count_live(c, ctx, 1);
    journal::audit(c, ctx, spec().object, id, "restore",
                   json::array{json::object{{"field", "deleted_at"}, {"before", cur->at("deleted_at")}, {"after", nullptr}}});
    journal::emit(c, ctx, spec().singular + ".restored", spec().object, id, json::object{{"id", id}});
    // Restored in this transaction from a row the caller reads: it is there.
    json::object rec = must(store_.find(c, ctx, id), "the record just restored");
    strip_hidden(ctx, spec().object, rec);
    out.body = json::serialize(rec);
    out.etag = http::etag(version);
    return ok_status();
  });
  if (!st) return st.take_problem();
  return out;
}

Result<WriteResult> restore_version(Service& svc, const identity::Context& ctx, const std::string& id,
                                    std::string_view entry_text, std::string_view if_match) {
  const Store& store_ = svc.store();
  auto spec = [&svc]() -> const ObjectSpec& { return svc.spec(); };
  if (!ids::is_uuid(id)) return Problem::not_found();
  int64_t entry = 0;
  auto [end, ec] = std::from_chars(entry_text.data(), entry_text.data() + entry_text.size(), entry);
  if (ec != std::errc{} || end != entry_text.data() + entry_text.size() || entry <= 0)
    return Problem::not_found("No such entry in the record's history");
  WriteResult out;
  auto attempt = [&](db::Connection& c) -> Status {
    auto cur = store_.find(c, ctx, id, true);
    if (!cur) return Problem::not_found();
    if (!store_.in_scope(c, ctx, id, identity::Action::Update)) return not_allowed(identity::Action::Update, spec().singular);
    if (!cur->at("deleted_at").is_null())
      return Problem::conflict("The " + spec().singular + " is in the recycle bin; restore it from there first");
    int64_t version = cur->at("version").as_int64();
    if (!http::if_match_allows(if_match, version))
      return Problem::precondition_failed("The record changed since you read it (it is at version " +
                                          std::to_string(version) + "); read it again and retry");
    auto entries = entries_since(c, ctx, spec(), id, entry);
    if (entries.empty() || entries.back().id != entry) return Problem::not_found("No such entry in the record's history");
    if (entries.size() > kMaxUndoneEntries + 1)
      return Problem::invalid({FieldError{"version", "too_far_back", "more changes were made since this entry than a restore undoes"}},
                              "More than " + std::to_string(kMaxUndoneEntries) + " changes were made since that entry; restore a later one");
    entries.pop_back();  // the target stays: the record goes back to how it was right after it
    std::string reason;
    auto reversal = reverse_entries(spec(), *cur, entries, reason);
    if (!reversal) return Problem::conflict(reason);
    if (auto denied = forbidden_fields(ctx, spec().object, reversal->body); !denied.empty())
      return forbidden_write(std::move(denied));
    auto defs = load_custom_fields(c, ctx.workspace_id, spec().object);
    std::vector<FieldError> errors;
    Input in = validate_input(spec(), defs, reversal->body, &*cur, errors);
    if (auto* owner = in.fields.if_contains("owner_id"); owner && *owner != cur->at("owner_id") && !ctx.can_reassign())
      return Problem::forbidden("Your role cannot give a " + spec().singular + " to another owner (owner_id)");
    json::array undone;
    for (auto u : reversal->undone) undone.push_back(u);
    json::array also{json::object{{"field", kRestoredToField}, {"before", nullptr}, {"after", entry}, {"undone", std::move(undone)}}};
    bool changed = false;
    auto written = update_checked(c, ctx, store_, defs, in, *cur, std::move(errors), changed, "revert", also);
    if (!written) {
      // Say why an old value is refused: the rules or the records it names changed since.
      Problem p = written.take_problem();
      if (p.status == 422) p.detail = "The record cannot go back to that version: a value it had is no longer allowed";
      return p;
    }
    json::object& rec = *written;
    strip_hidden(ctx, spec().object, rec);
    out.body = json::serialize(rec);
    out.etag = http::etag(changed ? version + 1 : version);
    return ok_status();
  };
  auto st = write_until_settled(svc.database(), attempt);
  if (!st) return st.take_problem();
  return out;
}

Result<json::object> Service::history(const identity::Context& ctx, const std::string& id,
                                      const std::vector<std::pair<std::string, std::string>>& query) {
  if (!ids::is_uuid(id)) return Problem::not_found();
  // Newest first: the audit entry's id alone orders the history.
  static const keyset::Order order{.name = "history", .id_type = keyset::Type::Integer, .descending = true};
  int limit = 50;
  std::optional<keyset::Position> after;
  for (const auto& [k, v] : query) {
    if (k == "limit") {
      auto n = keyset::parse_limit(v);
      if (!n) return n.take_problem();
      limit = *n;
    } else if (k == "cursor") {
      auto c = keyset::parse_cursor(order, v);
      if (!c) return c.take_problem();
      after = std::move(*c);
    } else {
      return Problem::bad_request("Unknown query parameter '" + k + "'");
    }
  }
  return db_.read([&](db::Connection& c) -> Result<json::object> {
    if (!store_.find(c, ctx, id, true)) return Problem::not_found();
    std::string sql =
        "SELECT id, action, actor_id, request_id, at, changes FROM audit_log WHERE workspace_id = ? AND "
        "object_type = ? AND object_id = ?";
    std::vector<db::Value> params{ctx.workspace_id, spec().object, id};
    if (after) sql += " AND " + keyset::after_sql(order, *after, params);
    keyset::append_order_limit(order, limit, c.dialect(), sql, params);
    auto& st = c.prepare(sql);
    st.bind_all(params);
    json::array data;
    auto next = keyset::read_page(order, st, limit, {.id = 0}, [&](const db::Statement& row) {
      json::value changes = json::parse(row.text(5));
      if (changes.is_array() && hides_fields(ctx, spec().object)) {
        auto& arr = changes.as_array();
        for (auto it = arr.begin(); it != arr.end();) {
          auto* f = it->is_object() ? it->as_object().if_contains("field") : nullptr;
          if (f && f->is_string() && is_hidden(ctx, spec().object, f->as_string())) it = arr.erase(it);
          else ++it;
        }
      }
      data.push_back(json::object{{"id", row.int64(0)},
                                  {"action", row.text(1)},
                                  {"actor_id", row.is_null(2) ? json::value(nullptr) : json::value(row.text(2))},
                                  {"request_id", row.is_null(3) ? json::value(nullptr) : json::value(row.text(3))},
                                  {"at", row.text(4)},
                                  {"changes", std::move(changes)}});
    });
    json::object out{{"data", std::move(data)}};
    out["next_cursor"] = next ? json::value(*next) : json::value(nullptr);
    return out;
  });
}

}  // namespace rapport::records
