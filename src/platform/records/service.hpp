// The use cases every record type shares: get, list, create (idempotent with a key), update with
// optimistic concurrency, soft delete, restore and history. Each write runs in one transaction with
// its audit entry and outbox event. Validation that needs no database runs on the calling worker;
// checks against stored data (references, uniqueness, versions) run inside the writer, where they
// cannot race with another write.
#pragma once
#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>

#include "platform/db/database.hpp"
#include "platform/records/store.hpp"
#include "platform/records/validate.hpp"

namespace rapport::records {

struct WriteResult {
  int status = 200;
  std::string body;      // serialised response body
  std::string location;  // for 201
  std::string etag;
  bool replayed = false;  // an Idempotency-Key answered with the first response
};

class Service {
 public:
  Service(db::Database& db, const ObjectSpec& spec) : db_(db), store_(spec) {}
  const ObjectSpec& spec() const { return store_.spec(); }
  const Store& store() const { return store_; }
  db::Database& database() { return db_; }

  struct Rendered {
    std::string body;  // JSON text
    int64_t version = 0;
  };
  Result<Rendered> get(const identity::Context& ctx, const std::string& id);
  // A page as JSON text: {"data": [...], "next_cursor": ..., "total": ...}.
  Result<std::string> list(const identity::Context& ctx, const std::vector<std::pair<std::string, std::string>>& query);
  Result<WriteResult> create(const identity::Context& ctx, const boost::json::object& body,
                             const std::string& idempotency_key, const std::string& request_hash);
  // `then` runs in the same transaction once the record is written (or found unchanged), for work a
  // route adds to the change (a deal's place on the board); a problem it returns undoes everything.
  using Then = std::function<Status(db::Connection&, const boost::json::object& record)>;
  Result<WriteResult> update(const identity::Context& ctx, const std::string& id, const boost::json::object& body,
                             std::string_view if_match, const Then& then = {});
  Status remove(const identity::Context& ctx, const std::string& id, std::string_view if_match);
  Result<WriteResult> restore(const identity::Context& ctx, const std::string& id);
  Result<boost::json::object> history(const identity::Context& ctx, const std::string& id,
                                      const std::vector<std::pair<std::string, std::string>>& query);

 private:
  db::Database& db_;
  Store store_;
};

// The parameters of a list request (GET /api/v1/{object}, and its export), refused as the list
// refuses them: 400 for a malformed one, 403 for a sort or filter on a field the caller's role hides.
Result<ListParams> parse_list_request(const identity::Context& ctx, const ObjectSpec& spec,
                                      const std::vector<std::pair<std::string, std::string>>& query);

// Record writes for a module's use case that changes several records in one transaction (a lead's
// conversion), under the same rules as the REST routes. Both run inside the caller's write
// transaction (`c` is the writer); a Problem they return must make the caller fail the whole write.
//
// insert_new creates a record from a body as POST /api/v1/{object} would: the caller's create scope,
// hidden and read-only fields and the right to name another owner; field validation and custom
// fields; system fields; the module's hooks (apply_extras, normalize, resolve, check, after_write,
// decorate); required fields, references and unique values; the live count, the audit entry and the
// `<singular>.created` event. Returns the stored record with its decorations (hidden fields included:
// strip them before answering).
Result<boost::json::object> insert_new(db::Connection& c, const identity::Context& ctx, const Store& store,
                                       const boost::json::object& body);
// The batched form of insert_new, for creating many records of one store at once (an import's
// batch). Each body passes exactly insert_new's rules and hooks, in order, as if the bodies were
// created one after the other: a unique value an earlier body of the batch takes is a 409 for a
// later one. The references of the batch and its unique values are looked up in one query a field
// (StoredChecks, create_steps.hpp); the records that pass are written by multi-row INSERTs with their
// audit entries and `<singular>.created` events (journal::audit_many, emit_many), the live count
// once; after_write and decorate run for each after the INSERT. Returns one result per body, in
// order: the stored record (hidden fields included), or the Problem insert_new would return. A
// database error (a constraint no check foresaw) is thrown, and the caller's transaction (or
// savepoint) must then fail: nothing of the batch may stay.
//
// `imported`: the records come from an import (modules/imports), whose journal is lighter: one audit
// entry `import` a record whose change names the import and its file (journal::import_changes; the
// record holds its values and the import's stored file their source) instead of a `create` entry
// carrying every field, and `<singular>.created` events whose payload is {"id", "import_id"} instead
// of the record (the event's consumers read the record by its id: webhooks send it as GET shows it,
// automations check it as it is when they run, the real-time feed sends no payload).
struct ImportedFrom {
  std::string import_id, file_name;
};
std::vector<Result<boost::json::object>> insert_many(db::Connection& c, const identity::Context& ctx, const Store& store,
                                                     const std::vector<boost::json::object>& bodies,
                                                     const ImportedFrom* imported = nullptr);

// insert_many in two steps, so that a batch's caller checks its bodies off the writer thread (an
// import checks its next batch while the writer writes this one). check_body: a body's checks that
// need no database, insert_many's first (may_create, validate_input against `defs`, the custom
// fields of the object). insert_checked: the rest, in the write; `added[i]` (empty, or one object a
// body) holds fields resolved inside the write (an import's references found by lookups), checked
// as the body's own (may_create: the owner a role may give; validate_input) and merged into it.
// `defs` must be the ones the bodies were checked with and the workspace's current ones (a caller
// that checked earlier compares versions: custom_fields_unchanged). Same answers as insert_many.
struct CheckedBody {
  std::optional<Problem> refused;  // may_create's answer: the body is not written
  Input input;
  std::vector<FieldError> errors;  // validation's, reported with check_stored's
};
CheckedBody check_body(const identity::Context& ctx, const ObjectSpec& spec, const std::vector<CustomFieldDef>& defs,
                       const boost::json::object& body);
std::vector<Result<boost::json::object>> insert_checked(db::Connection& c, const identity::Context& ctx, const Store& store,
                                                        const std::vector<CustomFieldDef>& defs, std::vector<CheckedBody> bodies,
                                                        const std::vector<boost::json::object>& added,
                                                        const ImportedFrom* imported = nullptr);
// Whether two loads of an object's custom fields are the same definitions (ids and versions).
bool custom_fields_unchanged(const std::vector<CustomFieldDef>& a, const std::vector<CustomFieldDef>& b);

// Writes `after`, a changed copy of the stored record `before` (as Store::find returns it), as a
// change made by the server: no field rules or hooks run (the caller decides what changes), the
// version is bumped, the audit entry (`action`) and the `<singular>.updated` event written. Returns
// the record as written; 409 concurrent-change (Problem::concurrent_change) when another write
// committed a newer version since `before` was read: the caller's write then fails and may run again
// on a fresh read. `also` adds audit entries for changes that
// are not fields of the record (e.g. a deal's line item); with them a change is written even when
// no field differs.
Result<boost::json::object> write_change(db::Connection& c, const identity::Context& ctx, const Store& store,
                                         const boost::json::object& before, boost::json::object after,
                                         const std::string& action = "update", boost::json::array also = {});

// The batched form of write_change, for server-made changes of many records of one store at once
// (a stage's deals): each change gets exactly what write_change gives it (version + 1, updated_at,
// its audit entry with the field-by-field difference, `<singular>.updated` with the record and the
// changes), but the rows are written by one UPDATE per chunk of 512 rows (platform/db/multi_row.hpp)
// and the audit entries and events by multi-row INSERTs, so the cost per record is a fraction of a
// statement. `fields` names every field a change may touch (std::logic_error for a difference
// elsewhere: those columns are not written). `also` names columns that are no fields of the record
// (a deal's place on the board) which the same UPDATE sets from each change's `also` values, so a
// row is written once. Changes without a difference are left out. Returns the records as written, in
// order; 409 concurrent-change when any of them changed meanwhile (the caller's transaction must
// then fail, as with write_change).
struct Change {
  boost::json::object before, after;
  std::vector<db::Value> also;  // values of the `also` columns, in their order
};
struct Column {
  std::string name, sql_type;  // sql_type as in a CAST: TEXT, BIGINT, DOUBLE PRECISION
};
Result<std::vector<boost::json::object>> write_changes(db::Connection& c, const identity::Context& ctx, const Store& store,
                                                       std::vector<Change> changes, const std::vector<std::string>& fields,
                                                       const std::string& action = "update", const std::vector<Column>& also = {});

}  // namespace rapport::records
