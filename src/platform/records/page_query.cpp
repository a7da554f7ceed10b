#include "platform/records/page_query.hpp"

#include <set>

#include "platform/records/keyset.hpp"

namespace rapport::records {

Result<PageQuery> parse_page_query(const std::vector<std::pair<std::string, std::string>>& query) {
  PageQuery out;
  std::set<std::string> seen;
  for (const auto& [k, v] : query) {
    if (!seen.insert(k).second) return Problem::bad_request("Query parameter '" + k + "' is given more than once");
    if (k == "limit") {
      auto n = keyset::parse_limit(v);
      if (!n) return n.take_problem();
      out.limit = *n;
    } else if (k == "cursor") {
      out.cursor = v;
    } else {
      return Problem::bad_request("Unknown query parameter '" + k + "'; use limit or cursor");
    }
  }
  return out;
}

}  // namespace rapport::records
