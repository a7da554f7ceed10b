// The demo's leads and support tickets. Unlike the generated rows (generate.hpp), these are made
// through the record engine, as POST /api/v1/leads and /api/v1/tickets make them, so that what the
// support module keeps beside a ticket (its number, SLA timers, KPI durations, the inbox's counts)
// is exactly what a real ticket has: `rapport serve --demo` shows a lead list and an inbox to work.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "platform/db/database.hpp"
#include "platform/records/service.hpp"
#include "platform/problem.hpp"

namespace rapport::app {

struct DemoRecordsReport {
  int64_t leads = 0, sla_policies = 0, tickets = 0;
};

// As the workspace's first admin (find_generate_target): 30 leads in every status (an unqualified
// one with its reason), the SLA policy "Standard support" (round the clock, first response and
// resolution per priority) and 24 tickets from demo contacts under it (the requester's company,
// every status but closed, every priority and channel; about half assigned to the admin). Deterministic content for `seed`.
// A problem is the first refused write's (nothing after it is made); `services` are the
// application's record services, which must include leads, contacts and tickets.
Result<DemoRecordsReport> load_demo_records(db::Database& db, const std::vector<std::unique_ptr<records::Service>>& services,
                                            uint64_t seed);

}  // namespace rapport::app
