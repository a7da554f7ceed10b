// A ticket's statuses over time (`ticket_status_intervals`, migration 0037): one row per status the
// ticket was in, from when to when, written by the ticket's resolve hook on every create and status
// change. The SLA's pauses are read from it (ticket_sla.cpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"

namespace rapport::support {

struct StatusInterval {
  std::string status;
  int64_t start = 0;
  int64_t end = 0;  // kOpenEnded (sla_clock.hpp) while it lasts
};

// Opens an interval of `status` at `now` unless the ticket's open interval is of that status
// already; the open one, if any, ends at `now`.
void record_status(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id, const std::string& status,
                   const std::string& now);

// The ticket's intervals, oldest first.
std::vector<StatusInterval> status_intervals(db::Connection& c, const std::string& workspace_id, const std::string& ticket_id);

}  // namespace rapport::support
