// A business-hours calendar as the API will take it (`/api/v1/business-hours`, README "Left"):
//   {"time_zone": "Europe/Berlin",
//    "week": {"mon": [{"open": "09:00", "close": "17:00"}], "tue": [...], ...},
//    "holidays": ["2026-12-25", ...]}
// read into the SLA clock's Calendar (sla_clock.hpp). Pure: every bad part is a 422 naming its path
// ("week.mon[0].open", "holidays[2]"), all of them in one answer. Times are "HH:MM" (00:00-23:59,
// and 24:00 as a closing time); a close at or before the open runs overnight.
#pragma once
#include <boost/json.hpp>

#include "modules/support/sla_clock.hpp"

namespace rapport::support {

Result<Calendar> read_calendar(const boost::json::object& body);

}  // namespace rapport::support
