// The steps of a create shared by insert_new and Service::create (service.cpp) and their batched
// form insert_many (insert_many.cpp), so that a record created alone and one created in a batch
// pass the same rules: the create permissions of a body, the new record built from its validated
// input with the module's hooks, and the checks against stored data. How those checks ask the
// database is a StoredChecks: one query a question (alone), or answers prefetched for a batch.
#pragma once
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "platform/records/store.hpp"
#include "platform/records/validate.hpp"

namespace rapport::records {

// The role's create scope, its hidden and read-only fields, and the right to give the record to
// someone else; the Problem to answer when the body is not allowed.
std::optional<Problem> may_create(const identity::Context& ctx, const ObjectSpec& spec, const boost::json::object& body);

// The record a create writes: a new id, the given fields over empty ones, the caller as owner unless
// one is given, the system fields (created now, version 1), the custom values; then the module's
// hooks apply_extras, normalize and resolve.
boost::json::object new_record(db::Connection& c, const identity::Context& ctx, const ObjectSpec& spec, const Input& in);

// A custom value bound for comparison with CustomFieldDef::sql_expr.
db::Value custom_value(const boost::json::value& v);

// The questions check_stored asks the database; by default one query each.
class StoredChecks {
 public:
  virtual ~StoredChecks() = default;
  // Whether the row that reference field `f` names exists and counts (records::reference_exists).
  virtual bool reference_exists(db::Connection& c, const identity::Context& ctx, const FieldSpec& f, const std::string& id);
  // Another live record whose unique field `f` has this value (Store::find_duplicate).
  virtual std::optional<std::string> duplicate(db::Connection& c, const identity::Context& ctx, const Store& store,
                                               const FieldSpec& f, const std::string& value, const std::string& self_id);
  // Another live record whose unique custom field `d` has this value.
  virtual std::optional<std::string> custom_duplicate(db::Connection& c, const identity::Context& ctx, const Store& store,
                                                      const CustomFieldDef& d, const boost::json::value& v,
                                                      const std::string& self_id);
};

// Rules on the merged record and stored data: required fields, references exist, the module's
// checks, then (only when all that passed) unique values are free. `errors` holds the field-level
// errors found before, so one 422 lists every failing field; a taken unique value is a 409.
std::optional<Problem> check_stored(db::Connection& c, const identity::Context& ctx, const Store& store,
                                    const std::vector<CustomFieldDef>& defs, const boost::json::object& merged,
                                    const Input& in, const std::string& self_id, std::vector<FieldError> errors,
                                    StoredChecks& checks);

}  // namespace rapport::records
