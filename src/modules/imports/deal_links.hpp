// The cells of a deal's links as Rapport's own export writes them (modules/sales/deal_export.hpp), read
// back by an import (targets `deal_contacts` and `stage_history`). Pure: text in, values out.
//   deal_contacts  "ada@example.com (champion); bob@example.com": each contact by e-mail, its role in
//                  parentheses (optional); "," also separates, as a person might write it. At most
//                  kMaxDealContacts. The addresses are found and the roles checked when the row is written.
//   stage_history  [{"stage": "Qualify", "at": "2023-02-15T10:00:00.000Z"}, ...], oldest first: a
//                  JSON array of at most kMaxStageEntries entries, each a stage name and a date-time
//                  (any form the import's dates take; without an offset, the workspace's zone).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "modules/imports/cell.hpp"
#include "modules/imports/convert_date.hpp"

namespace rapport::imports {

constexpr std::size_t kMaxDealContacts = 50;    // as POST /deals takes
constexpr std::size_t kMaxStageEntries = 1000;  // as GET /deals/{id}/stage-history answers

struct DealContact {
  std::string email, role;  // role empty: none
};
struct StageEntry {
  std::string stage, at;  // at: RFC 3339 UTC
};

Cell<std::vector<DealContact>> parse_deal_contacts(std::string_view text);
Cell<std::vector<StageEntry>> parse_stage_history(std::string_view text, DateOrder order, const jobs::TimeZone& zone);

}  // namespace rapport::imports
