// Shared by the report files (reports.cpp, reports_funnel.cpp): months as YYYY-MM, report windows,
// per-currency sums and their JSON.
#pragma once
#include <boost/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/context.hpp"
#include "platform/db/database.hpp"
#include "platform/http/api.hpp"
#include "platform/money.hpp"
#include "platform/problem.hpp"

namespace rapport::sales::reports {

inline constexpr int kMaxMonths = 120;

// "YYYY-MM" as a month number (year * 12 + month - 1); nullopt when malformed.
std::optional<int> parse_month(std::string_view s);
std::string month_text(int index);
int current_month();

// Months from .. to, both included.
struct Window {
  int from = 0, to = 0;
};
// from/to as given (empty: the defaults); 400 when malformed, reversed or longer than kMaxMonths.
Result<Window> parse_window(const std::string& from_text, const std::string& to_text, int default_from, int default_to);

// Money of one currency: exact sums (128 bits, platform/money), rounded only when shown.
struct Sums {
  int64_t count = 0;
  money::Total amount, amount_x_probability, commit;
};
// Σ amount × probability / 100, rounded half up to minor units (amounts are never negative);
// nullopt when it does not fit int64.
std::optional<int64_t> weighted(const money::Total& amount_times_probability);
// [{"currency", "amount"[, "weighted_amount"][, "commit_amount"]}] sorted by currency, without the
// "" group of deals that have no currency; a figure that does not fit int64 is a 422 naming its
// currency and `what` was summed (money::sum_too_large).
Result<boost::json::array> currency_amounts(const std::map<std::string, Sums>& by_currency, bool with_weighted, bool with_commit,
                                            std::string_view what);

// The owner_id parameter as the document describes it (pipeline, forecast and funnel reports).
inline constexpr const char* kOwnerIdDoc =
    "Only the deals of this owner (a user id), or of these owners (up to 100 user ids separated by commas); 400 when "
    "one is not a user id. It narrows the caller's scope, never widens it: deals the caller may not read count for "
    "nothing, whoever owns them";

// The owner_id parameter of a report: one user id, or several separated by commas (at most 100);
// empty: no owner filter. 400 when an entry is not a user id.
Result<std::vector<std::string>> parse_owners(const std::string& text);
// The team_id parameter as the document describes it (pipeline, forecast and funnel reports).
inline constexpr const char* kTeamIdDoc =
    "Only the deals (and, in the funnel, leads) owned by members of this team; with owner_id, the owners named who are "
    "in it. 404 when no team of the workspace has this id. It narrows the caller's scope, never widens it";

// Narrows `owners` to the members of the workspace's team `team_id` (empty: no team filter, nothing
// changes): the members themselves when `owners` is empty, else those of `owners` in the team. A team
// without such members leaves one owner no record has (""), so the report counts nothing. 404 for a
// team_id that is not a team of the workspace.
Status narrow_to_team(db::Connection& c, const std::string& workspace_id, const std::string& team_id, std::vector<std::string>& owners);

// " AND <prefix>owner_id = ?" (or IN (...) for several) with its parameters; nothing for no owners.
// It only narrows: the caller's scope (records::append_scope) is appended as well, so a rep who
// reads only their own deals and names someone else gets nothing, never that person's deals.
void append_owners(std::string& sql, std::vector<db::Value>& params, const std::vector<std::string>& owners,
                   std::string_view prefix);

}  // namespace rapport::sales::reports

namespace rapport::sales {
// GET /api/v1/reports/funnel (reports_funnel.cpp).
void add_funnel_route(http::Api& api, db::Database& db);
}  // namespace rapport::sales
