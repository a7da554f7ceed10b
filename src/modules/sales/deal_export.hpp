// The columns a deal's table export adds (platform/records/export_extras.hpp), so that a deal's links read
// back through an import into another workspace (issue 14's round trip):
//   deal_contacts  its contacts by e-mail, each with its role in parentheses, "; " between them,
//                  ordered by e-mail: "ada@example.com (champion); bob@example.com". A contact the
//                  caller may not read, or without an e-mail address, is left out (an import could
//                  not find it); so is the whole column for a role that hides contacts' e-mail.
//   stage_history  the stages it went through, oldest first, as JSON: [{"stage": "Qualify", "at":
//                  "2023-02-15T10:00:00.000Z"}, ...] (a stage deleted since is left out).
// The import reads both (modules/imports: targets `deal_contacts` and `stage_history`).
#pragma once
#include <string>
#include <unordered_map>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/identity/context.hpp"

namespace rapport::sales {

inline const std::vector<std::string>& deal_export_headers() {
  static const std::vector<std::string> h = {"deal_contacts", "stage_history"};
  return h;
}

// For each deal of `ids` (of the caller's workspace) that has any, its cells in the order of
// deal_export_headers().
std::unordered_map<std::string, std::vector<std::string>> deal_export_cells(db::Connection& c, const identity::Context& ctx,
                                                                            const std::vector<std::string>& ids);

}  // namespace rapport::sales
