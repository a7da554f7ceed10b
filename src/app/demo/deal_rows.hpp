// Generated sales data (deal_rows.cpp): pipelines with stages, deals and their stage history.
#pragma once
#include <cstdint>
#include <string>

#include "platform/db/connection.hpp"

namespace rapport::app::demo {

struct DealReport {
  int64_t pipelines = 0, deals = 0;
};

// Inserts three pipelines ("New business" with 6 stages, "Renewals" and "Partnerships" with 5; a
// second run numbers its pipelines' names) and n deals spread over them: amounts of 500 to 250,000
// EUR or USD (log-uniform), created over the last two years, open ones expected to close within the
// next 12 months and closed ones closed 1 week to 6 months after creation, owners drawn from the
// workspace's users (default_owner when it has none), one stage-history entry for the stage each deal
// is in, board ranks 1024 apart per column, record_counts kept. Nothing when n <= 0. Runs its own
// transactions on `c` (25k deals each; the pipelines first, in one), which must not be in one.
// With `with_customers` (the demo's small data set) each deal belongs to a company of the workspace
// that has contacts, is named after it ("Delta Partners expansion") and has one of its contacts
// (deal_contacts); without (benchmarks) deals have neither, as the reports' benchmarks expect.
DealReport generate_deals(db::Connection& c, const std::string& workspace_id, const std::string& default_owner, int64_t n,
                          uint64_t seed, bool with_customers = false);

}  // namespace rapport::app::demo
