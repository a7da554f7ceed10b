// The support report's filters and the caller's ticket scope as SQL (kpi_report.cpp, kpi_backlog.cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "access/context.hpp"
#include "modules/support/kpi_query.hpp"
#include "platform/db/connection.hpp"

namespace rapport::support::kpi {

// Appends " AND <column> = ?" for each filter given and the caller's read scope on tickets, on the
// ticket's columns named `prefix` and their name: `tickets t` ("t."), or their copies on
// `ticket_sla s` ("s.ticket_", migration 0062).
void append_filters(std::string& sql, std::vector<db::Value>& params, const access::Context& ctx, const Query& q,
                    std::string_view prefix = "t.");

}  // namespace rapport::support::kpi
