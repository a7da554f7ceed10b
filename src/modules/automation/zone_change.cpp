#include "modules/automation/zone_change.hpp"

#include <algorithm>

#include "modules/automation/automation_store.hpp"
#include "modules/automation/date_window.hpp"
#include "modules/automation/schedule_trigger.hpp"
#include "platform/clock.hpp"
#include "platform/jobs/cron.hpp"
#include "platform/records/custom_fields.hpp"
#include "platform/records/spec_of.hpp"

namespace rapport::automation {

namespace {

// Moves a date rule's scan back by its look-back (nothing when it has no mark or needs none).
void look_back(db::Connection& c, const std::vector<const records::ObjectSpec*>& specs, const Rule& rule,
               const jobs::TimeZone& before, const jobs::TimeZone& after, int64_t now_ms) {
  auto mark = store::scan_mark(c, rule.workspace_id, rule.id);
  const auto trigger = DateTrigger::from_json(rule.trigger);
  const records::ObjectSpec* spec = records::spec_of(specs, rule.object_type);
  if (!mark || !trigger || !spec) return;
  const auto field = date_field(*spec, records::load_custom_fields(c, rule.workspace_id, spec->object), trigger->field);
  if (!field) return;
  const int64_t back = zone_change_lookback_ms(before, after, field->date_time, now_ms);
  const int64_t watermark = clock::parse_datetime(mark->watermark).value_or(now_ms);
  if (back == 0) return;
  store::reset_scan(c, rule.workspace_id, rule.id, clock::format_ms(std::min(watermark, now_ms) - back));
}

}  // namespace

Status follow_time_zone(db::Connection& c, const std::vector<const records::ObjectSpec*>& specs, const std::string& workspace_id,
                        const std::string& before, const std::string& after, int64_t now_ms) {
  auto old_zone = jobs::time_zone(before);
  auto new_zone = jobs::time_zone(after, "time_zone");
  if (!new_zone) return new_zone.take_problem();
  for (const Rule& rule : store::enabled(c, workspace_id)) {
    const auto* type = rule.trigger.if_contains("type");
    if (!type) continue;
    if (*type == "schedule") {
      if (Status st = sync_schedule(c, rule, now_ms); !st) return st;
    } else if (*type == "date_relative" && old_zone) {
      look_back(c, specs, rule, *old_zone, *new_zone, now_ms);
    }
  }
  return ok_status();
}

}  // namespace rapport::automation
