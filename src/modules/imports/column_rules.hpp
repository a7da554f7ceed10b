// The columns of a file as the import will use them, judged against the importing user's role before
// anything is stored: a column filling a field the role hides or makes read-only is refused, as the
// same field in a POST body would be; history columns (created_at, closed_at) are an admin's; an
// owner column needs the right to give records to others. And the columns as GET shows them.
#pragma once
#include <boost/json.hpp>
#include <string>
#include <vector>

#include "modules/imports/header_match.hpp"
#include "platform/identity/context.hpp"
#include "platform/problem.hpp"

namespace rapport::imports {

// One field error per refused column, named `columns.<header>`.
std::vector<FieldError> refused_columns(const identity::Context& ctx, std::string_view object, const std::vector<std::string>& headers,
                                        const std::vector<ColumnMatch>& matches, const std::vector<Target>& targets);

// [{"header": ..., "target": ... | null, "note": ...}] in the file's order.
boost::json::array columns_json(const std::vector<std::string>& headers, const std::vector<ColumnMatch>& matches);
// The headers of columns_json's text.
std::vector<std::string> column_headers(const std::string& columns_json_text);

}  // namespace rapport::imports
