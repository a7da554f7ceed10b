// The two records every write leaves in its own transaction: an audit entry (who changed which
// fields from what to what, under which request) and a domain event in the outbox.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/identity/context.hpp"
#include "platform/db/connection.hpp"

namespace rapport::journal {

// changes: array of {"field", "before", "after"}.
void audit(db::Connection& c, const identity::Context& ctx, const std::string& object, const std::string& id,
           const std::string& action, const boost::json::array& changes);
// event_type such as "contact.created"; payload is the record (or what the consumer needs). The
// event carries the owner of the record it is about, so the real-time feed shows it only to those
// whose read scope covers the record: the payload's owner_id (a record) or record.owner_id (a
// change), else for an object with owners (the securable objects) the stored row's.
void emit(db::Connection& c, const identity::Context& ctx, const std::string& event_type, const std::string& object,
          const std::string& id, const boost::json::value& payload);
// The same with the payload already serialised (when the caller has the text anyway); `record` is
// the record it holds, for its owner (null: looked up as above).
void emit_text(db::Connection& c, const identity::Context& ctx, const std::string& event_type, const std::string& object,
               const std::string& id, const std::string& payload_json, const boost::json::object* record = nullptr);
// The same for many records at once (batched work: a stage's deals), in multi-row INSERTs, in order.
struct AuditEntry {
  std::string object, id, action;
  boost::json::array changes;
};
void audit_many(db::Connection& c, const identity::Context& ctx, const std::vector<AuditEntry>& entries);
struct Event {
  std::string type, object, id;
  std::string payload_json;
  db::Value owner;  // the owner of the record the event is about (see emit), null for none
  // The record's team (team_of_record), when the payload does not hold the record; else read from it.
  std::optional<db::Value> team = std::nullopt;
};
void emit_many(db::Connection& c, const identity::Context& ctx, const std::vector<Event>& events);
// The owner an event about this record carries: its owner_id, null when it has none.
db::Value owner_of_record(const boost::json::object& record);
// The team an event about this record of `object` carries (identity::team_column), null for none.
db::Value team_of_record(const std::string& object, const boost::json::object& record);
// The changes of an `import` audit entry: the record was imported (by the entry's actor) by this
// import from this file, [{"field": "import", "before": null, "after": {"import_id", "file_name"}}].
boost::json::array import_changes(const std::string& import_id, const std::string& file_name);
// The field-by-field difference of two versions of a record (custom fields as custom.<name>);
// bookkeeping fields (updated_at, version) are left out.
boost::json::array diff(const boost::json::object& before, const boost::json::object& after);

}  // namespace rapport::journal
