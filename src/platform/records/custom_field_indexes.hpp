// The database indexes of custom fields. Each index belongs to one definition: it is partial to the
// definition's workspace (`WHERE workspace_id = '<its id>' AND deleted_at IS NULL`) and named after the
// definition's id, so no workspace's writes ever evaluate another workspace's index expression, and
// deleting the definition drops exactly its indexes.
//   cf_<id>  (workspace_id, value, id): sort=custom.<name> and filters page by index;
//   cfu_<id> UNIQUE (value): a unique custom field is enforced by the database, so two concurrent
//            writes of one value cannot both pass the check that runs before them (PostgreSQL).
#pragma once
#include <string>

#include "platform/db/connection.hpp"
#include "platform/problem.hpp"
#include "platform/records/custom_fields.hpp"

namespace rapport::records {

std::string sort_index_name(const CustomFieldDef& d);
std::string unique_index_name(const CustomFieldDef& d);

// Creates the indexes `d` needs in its workspace and drops the one it no longer needs (after its
// `unique` changed). Making a field unique while live records share a value is a 409 naming one of
// them, and changes nothing.
Status ensure_custom_field_indexes(db::Connection& c, const std::string& workspace_id, const CustomFieldDef& d);
// Drops every index of `d` (when its definition is deleted).
void drop_custom_field_indexes(db::Connection& c, const CustomFieldDef& d);
// Makes the indexes match the definitions: creates what a definition lacks, drops every cf_/cfu_ index
// no definition has (those older versions shared between workspaces included). Runs at start and
// after migrate-data (inside its transaction); idempotent.
void sync_custom_field_indexes(db::Connection& c);
// The same in a transaction of its own, at start: on PostgreSQL under an advisory lock, since nodes
// that start together would create the same index at once.
void sync_custom_field_indexes_at_start(db::Connection& c);

}  // namespace rapport::records
