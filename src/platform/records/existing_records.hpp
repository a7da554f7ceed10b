// Record writes on an existing record inside the caller's write transaction, for a module's use case
// that changes records as the REST routes would (an import updating its duplicates, its undo), under
// the same rules. Like insert_new (service.hpp), a Problem they return must make the caller fail (or
// roll back to a savepoint) the write. Defined in service.cpp beside the routes' own forms.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "platform/records/store.hpp"

namespace rapport::records {

// update_existing changes a record from a body as PATCH /api/v1/{object}/{id} would (without If-Match):
// the caller's update scope, hidden and read-only fields, the right to reassign, validation, hooks,
// checks, the audit entry and `<singular>.updated` (nothing written when no field differs). Returns
// the record as stored afterwards.
Result<boost::json::object> update_existing(db::Connection& c, const identity::Context& ctx, const Store& store,
                                            const std::string& id, const boost::json::object& body);
// delete_existing moves a record to the recycle bin as DELETE /api/v1/{object}/{id} does (the
// caller's delete scope, If-Match when given, the live count, audit entry and `<singular>.deleted`).
Status delete_existing(db::Connection& c, const identity::Context& ctx, const Store& store, const std::string& id,
                       std::string_view if_match = {});
}  // namespace rapport::records
