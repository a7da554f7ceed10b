// What follows a change of the workspace's time zone (PATCH /api/v1/workspace), inside the change's
// transaction (app/application.cpp registers it as an access::TimeZoneObserver):
// - each enabled schedule rule's job schedule is put again in the new zone (its next run moves: "0 9
//   * * *" goes from 09:00 UTC to 00:00 UTC when the zone becomes Asia/Tokyo);
// - each enabled date_relative rule's scan looks back by zone_change_lookback_ms (date_window.hpp),
//   so a date whose moment jumped behind the watermark still fires (once: run keys are unique), and
//   a bounded window in progress starts again from there.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "platform/db/connection.hpp"
#include "platform/problem.hpp"
#include "platform/records/spec.hpp"

namespace rapport::automation {

Status follow_time_zone(db::Connection& c, const std::vector<const records::ObjectSpec*>& specs, const std::string& workspace_id,
                        const std::string& before, const std::string& after, int64_t now_ms);

}  // namespace rapport::automation
