// The query of a log route paged by keyset alone (a webhook's deliveries, an automation's runs):
// `limit` (1 to 500, default 50) and `cursor`; a parameter given twice or any other one is a 400.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "platform/problem.hpp"

namespace rapport::records {

struct PageQuery {
  int limit = 50;
  std::string cursor;
};

Result<PageQuery> parse_page_query(const std::vector<std::pair<std::string, std::string>>& query);

}  // namespace rapport::records
