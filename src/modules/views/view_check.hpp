// A view's filters, sort and columns checked against its object, exactly as the list route takes
// them: each filter and the sort go through the list's own parser and compiler
// (records::parse_list_params, records::compile_list) with the workspace's custom field
// definitions, so `custom.<name>` works and whatever the list would refuse (an unknown field or
// operator, a value of the wrong type, a sort on a field that cannot be sorted) is refused here with
// the list's own message; and a field the caller's role hides is refused as the list refuses it.
#pragma once
#include <vector>

#include "access/context.hpp"
#include "modules/views/view_input.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/spec.hpp"

namespace rapport::views {

// Field errors (filters.<i>, filters.<i>.field, sort, columns.<i>) for the parts `change` gives.
std::vector<FieldError> check_against_object(const records::ObjectSpec& spec, const std::vector<records::CustomFieldDef>& defs,
                                             const access::Context& ctx, const ViewChange& change,
                                             db::Dialect dialect = db::Dialect::Sqlite);

}  // namespace rapport::views
