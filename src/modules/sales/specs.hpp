// What a lead, a deal and a product are, for the record engine: fields, rules and the hooks that
// keep a deal's stage, closing time, board place and stage history consistent.
#pragma once
#include <vector>

#include "access/context.hpp"
#include "platform/records/spec.hpp"

namespace rapport::sales {

const records::ObjectSpec& lead_spec();
const records::ObjectSpec& deal_spec();
const records::ObjectSpec& product_spec();

// The read-only `score` (0..100, sortable and filterable) and `score_factors` of leads and deals,
// written by modules/scoring's job (migration 0067), never through the API.
void add_score_fields(records::ObjectSpec& s, const char* outcome);

// Adds leads, deals and products to the application's record objects, which roles grant access to
// (identity::securable_objects()). Called once at start by app/modules.cpp.
void register_objects(std::vector<const records::ObjectSpec*>& specs);

}  // namespace rapport::sales
