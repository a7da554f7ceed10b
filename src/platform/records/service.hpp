// The use cases every record type shares: get, list, create (idempotent with a key), update with
// optimistic concurrency, soft delete, restore and history. Each write runs in one transaction with
// its audit entry and outbox event. Validation that needs no database runs on the calling worker;
// checks against stored data (references, uniqueness, versions) run inside the writer, where they
// cannot race with another write.
#pragma once
#include <boost/json.hpp>
#include <functional>
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
  Result<Rendered> get(const access::Context& ctx, const std::string& id);
  // A page as JSON text: {"data": [...], "next_cursor": ..., "total": ...}.
  Result<std::string> list(const access::Context& ctx, const std::vector<std::pair<std::string, std::string>>& query);
  Result<WriteResult> create(const access::Context& ctx, const boost::json::object& body,
                             const std::string& idempotency_key, const std::string& request_hash);
  // `then` runs in the same transaction once the record is written (or found unchanged), for work a
  // route adds to the change (a deal's place on the board); a problem it returns undoes everything.
  using Then = std::function<Status(db::Connection&, const boost::json::object& record)>;
  Result<WriteResult> update(const access::Context& ctx, const std::string& id, const boost::json::object& body,
                             std::string_view if_match, const Then& then = {});
  Status remove(const access::Context& ctx, const std::string& id, std::string_view if_match);
  Result<WriteResult> restore(const access::Context& ctx, const std::string& id);
  Result<boost::json::object> history(const access::Context& ctx, const std::string& id,
                                      const std::vector<std::pair<std::string, std::string>>& query);

 private:
  // Rules on the merged record and stored data: required fields, references exist, the module's
  // checks, then (only when all that passed) unique values are free. `errors` holds the field-level
  // errors found before, so one 422 lists every failing field.
  std::optional<Problem> check_stored(db::Connection& c, const access::Context& ctx,
                                      const std::vector<CustomFieldDef>& defs, const boost::json::object& merged,
                                      const Input& in, const std::string& self_id, std::vector<FieldError> errors);
  db::Database& db_;
  Store store_;
};

}  // namespace rapport::records
