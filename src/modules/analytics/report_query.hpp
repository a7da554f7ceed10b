// Running a report definition: one aggregate query under the caller's record scope and the list
// filters, grouped in SQL by the raw values (a field, the owner, a time's UTC quarter-hour or a date),
// then merged here into the definition's groups (teams from the owners, local date buckets from the
// quarter-hours) and per currency. A median needs the values themselves: one more query per median
// reads them (at most kMaxMedianValues). Every figure is exact: integer and money sums in 128 bits
// (money::Total), an overflow of int64 a 422 naming the currency.
#pragma once
#include <map>
#include <variant>
#include <vector>

#include "modules/analytics/definition.hpp"
#include "platform/db/connection.hpp"
#include "platform/money.hpp"

namespace rapport::analytics {

// A group's value: null, an integer, a number or a text.
using Key = std::variant<std::monostate, int64_t, double, std::string>;

// What one measure has gathered in one group.
struct Gathered {
  int64_t n = 0;             // values (records, for a count without a field)
  money::Total total;        // Integer, Money
  double real_total = 0;     // Number
  std::optional<int64_t> int_min, int_max;
  std::optional<double> real_min, real_max;
  std::vector<int64_t> int_values;  // median
  std::vector<double> real_values;  // median
};

struct Group {
  std::vector<Key> keys;  // one per group-by
  Key currency;           // the currency, when the definition splits by it
  std::vector<Gathered> measures;
};

struct ReportData {
  std::vector<Group> rows;    // sorted and limited as the definition says
  std::vector<Group> totals;  // over all matched records, one per currency (one without a split)
  bool truncated = false;     // limit cut rows off
};

// Who owns what, for the team group-by: user id -> the teams they are in.
using Teams = std::map<std::string, std::vector<std::string>>;
Teams load_teams(db::Connection& c, const std::string& workspace_id);

// Runs `d` (parsed for the caller) on a read connection. `zone` places times in buckets; `custom` are
// the object's custom fields (as parse_definition took them). 422 when the answer would have more
// than kMaxGroups rows, a median more than kMaxMedianValues values, or a sum does not fit int64; the
// list's 400 for a filter that does not compile.
Result<ReportData> run_report(db::Connection& c, const identity::Context& ctx, Definition d,
                              const std::vector<records::CustomFieldDef>& custom, const jobs::TimeZone& zone);

// A measure's figure of a group as JSON: an integer, a number, or null (an average, minimum, maximum
// or median of no values); a sum that does not fit int64 is a 422.
Result<boost::json::value> figure(const Measure& m, const Gathered& g, const Key& currency);

}  // namespace rapport::analytics
